/// Describe queries: which resources of a scope match the IDs and filters asked for.
/// Results are sorted by ID, which pagination tokens rely on.
extension PolicyState {
    static func boolText(_ value: Bool) -> String { value ? "true" : "false" }

    // MARK: VPCs

    static let vpcFilters: Set<String> = [
        "cidr", "cidr-block-association.cidr-block", "cidr-block-association.association-id",
        "cidr-block-association.state", "dhcp-options-id", "ipv6-cidr-block-association.ipv6-cidr-block",
        "ipv6-cidr-block-association.ipv6-pool", "ipv6-cidr-block-association.association-id",
        "ipv6-cidr-block-association.state", "is-default", "owner-id", "state", "tag-key", "vpc-id",
        // The old camel-case name, which EC2 still accepts and Terraform's `data "aws_vpc" { default = true }` sends.
        "isDefault",
    ]

    static func filterValues(_ vpc: Vpc, _ name: String) -> [String] {
        switch name {
        case "cidr": [vpc.cidrBlock.description]
        case "cidr-block-association.cidr-block": vpc.cidrBlockAssociations.map(\.cidrBlock)
        case "cidr-block-association.association-id": vpc.cidrBlockAssociations.map(\.associationId)
        case "cidr-block-association.state", "ipv6-cidr-block-association.state":
            vpc.cidrBlockAssociations.isEmpty ? [] : ["associated"]
        case "dhcp-options-id": [vpc.dhcpOptionsId]
        case "ipv6-cidr-block-association.ipv6-cidr-block": vpc.ipv6CidrBlockAssociations.map(\.cidrBlock)
        case "ipv6-cidr-block-association.ipv6-pool": vpc.ipv6CidrBlockAssociations.isEmpty ? [] : ["Amazon"]
        case "ipv6-cidr-block-association.association-id": vpc.ipv6CidrBlockAssociations.map(\.associationId)
        case "is-default", "isDefault": [boolText(vpc.isDefault)]
        case "owner-id": [vpc.scope.accountId]
        case "state": ["available"]
        case "vpc-id": [vpc.vpcId]
        default: []
        }
    }

    public func describeVpcs(scope: Scope, ids: [String], filters: [DescribeFilter]) throws(PolicyError) -> [Vpc] {
        let filterSet = FilterSet(filters)
        try filterSet.validate { PolicyState.vpcFilters.contains($0) }
        let candidates: [Vpc]
        if ids.isEmpty {
            candidates = vpcIds(in: scope).sorted().compactMap { vpcs[$0] }
        } else {
            var found: [Vpc] = []
            for id in ids { found.append(try vpc(id, in: scope)) }
            candidates = found.sorted { $0.vpcId < $1.vpcId }
        }
        return candidates.filter { vpc in filterSet.matches(tags: vpc.tags) { PolicyState.filterValues(vpc, $0) } }
    }

    // MARK: Subnets

    static let subnetFilters: Set<String> = [
        "availability-zone", "availabilityZone", "availability-zone-id", "availabilityZoneId",
        "available-ip-address-count", "cidr-block", "cidr", "cidrBlock", "customer-owned-ipv4-pool",
        "default-for-az", "defaultForAz", "enable-dns64", "enable-lni-at-device-index",
        "ipv6-cidr-block-association.ipv6-cidr-block", "ipv6-cidr-block-association.association-id",
        "ipv6-cidr-block-association.state", "ipv6-native", "map-customer-owned-ip-on-launch",
        "map-public-ip-on-launch", "outpost-arn", "owner-id", "private-dns-name-options-on-launch.hostname-type",
        "private-dns-name-options-on-launch.enable-resource-name-dns-a-record",
        "private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record", "state", "subnet-arn",
        "subnet-id", "tag-key", "vpc-id",
    ]

    func filterValues(_ subnet: Subnet, _ name: String) -> [String] {
        switch name {
        case "availability-zone", "availabilityZone": [subnet.availabilityZone]
        case "availability-zone-id", "availabilityZoneId": [subnet.availabilityZoneId]
        case "available-ip-address-count": [String(availableIpAddressCount(subnet))]
        case "cidr-block", "cidr", "cidrBlock": [subnet.cidrBlock.description]
        case "default-for-az", "defaultForAz": [PolicyState.boolText(subnet.defaultForAz)]
        case "enable-dns64": [PolicyState.boolText(subnet.enableDns64)]
        case "private-dns-name-options-on-launch.enable-resource-name-dns-a-record":
            [PolicyState.boolText(subnet.enableResourceNameDnsARecordOnLaunch)]
        case "private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record":
            [PolicyState.boolText(subnet.enableResourceNameDnsAAAARecordOnLaunch)]
        case "ipv6-native", "map-customer-owned-ip-on-launch": ["false"]
        case "ipv6-cidr-block-association.ipv6-cidr-block": subnet.ipv6CidrBlockAssociations.map(\.cidrBlock)
        case "ipv6-cidr-block-association.association-id": subnet.ipv6CidrBlockAssociations.map(\.associationId)
        case "ipv6-cidr-block-association.state": subnet.ipv6CidrBlockAssociations.isEmpty ? [] : ["associated"]
        case "map-public-ip-on-launch": [PolicyState.boolText(subnet.mapPublicIpOnLaunch)]
        case "owner-id": [subnet.scope.accountId]
        case "private-dns-name-options-on-launch.hostname-type": [subnet.privateDnsHostnameTypeOnLaunch]
        case "state": ["available"]
        case "subnet-arn": [subnet.scope.arn(.subnet, subnet.subnetId)]
        case "subnet-id": [subnet.subnetId]
        case "vpc-id": [subnet.vpcId]
        default: []
        }
    }

    public func describeSubnets(scope: Scope, ids: [String], filters: [DescribeFilter]) throws(PolicyError) -> [Subnet] {
        let filterSet = FilterSet(filters)
        try filterSet.validate { PolicyState.subnetFilters.contains($0) }
        let candidates: [Subnet]
        if ids.isEmpty {
            candidates = vpcIds(in: scope).flatMap { subnetIds(inVpc: $0) }.sorted().compactMap { subnets[$0] }
        } else {
            var found: [Subnet] = []
            for id in ids { found.append(try subnet(id, in: scope)) }
            candidates = found.sorted { $0.subnetId < $1.subnetId }
        }
        return candidates.filter { subnet in filterSet.matches(tags: subnet.tags) { filterValues(subnet, $0) } }
    }

    // MARK: Security groups

    static let permissionFilterSuffixes: Set<String> = [
        "cidr", "from-port", "group-id", "group-name", "ipv6-cidr", "prefix-list-id", "protocol", "to-port", "user-id",
    ]

    static func isSecurityGroupFilter(_ name: String) -> Bool {
        if ["description", "group-id", "group-name", "owner-id", "vpc-id", "tag-key"].contains(name) { return true }
        for prefix in ["ip-permission.", "egress.ip-permission."] where name.hasPrefix(prefix) {
            return permissionFilterSuffixes.contains(String(name.dropFirst(prefix.count)))
        }
        return false
    }

    func filterValues(_ group: SecurityGroup, _ name: String) -> [String] {
        switch name {
        case "description": return [group.description]
        case "group-id": return [group.groupId]
        case "group-name": return [group.groupName]
        case "owner-id": return [group.ownerId]
        case "vpc-id": return [group.vpcId]
        default: break
        }
        let direction: Direction
        let field: Substring
        if name.hasPrefix("egress.ip-permission.") {
            direction = .egress
            field = name.dropFirst("egress.ip-permission.".count)
        } else if name.hasPrefix("ip-permission.") {
            direction = .ingress
            field = name.dropFirst("ip-permission.".count)
        } else {
            return []
        }
        return rules(of: group.groupId, direction: direction).flatMap { rule -> [String] in
            switch field {
            case "cidr": if case .cidrIpv4(let cidr) = rule.peer { return [cidr.description] }
            case "ipv6-cidr": if case .cidrIpv6(let cidr) = rule.peer { return [cidr.description] }
            case "prefix-list-id": if case .prefixList(let id) = rule.peer { return [id] }
            case "group-id": if case .securityGroup(let ref) = rule.peer { return [ref.groupId] }
            case "user-id": if case .securityGroup(let ref) = rule.peer { return [ref.userId] }
            case "group-name":
                if case .securityGroup(let ref) = rule.peer, let name = securityGroups[ref.groupId]?.groupName {
                    return [name]
                }
            case "protocol":
                var values = [rule.ipProtocol.wireValue]
                if let number = rule.ipProtocol.number, String(number) != values[0] { values.append(String(number)) }
                return values
            case "from-port": return [String(rule.fromPort ?? -1)]
            case "to-port": return [String(rule.toPort ?? -1)]
            default: break
            }
            return []
        }
    }

    /// - Parameters:
    ///   - after: Only groups whose ID sorts after this one (the position of a pagination token).
    ///   - limit: At most this many groups; a caller that pages asks for one more than it shows, to know
    ///     whether another page follows.
    /// - Returns: The matching groups in ascending ID order.
    public func describeSecurityGroups(
        scope: Scope, ids: [String], names: [String], filters: [DescribeFilter], after: String? = nil, limit: Int? = nil
    ) throws(PolicyError) -> [SecurityGroup] {
        let filterSet = FilterSet(filters)
        try filterSet.validate(known: PolicyState.isSecurityGroupFilter)
        let limit = limit ?? Int.max
        func matches(_ group: SecurityGroup) -> Bool {
            filters.isEmpty || filterSet.matches(tags: group.tags) { filterValues(group, $0) }
        }
        /// The page of a few candidates found by ID: the matching ones after the token, sorted.
        func page(of candidates: some Sequence<SecurityGroup>) -> [SecurityGroup] {
            let matched = candidates.filter { group in matches(group) && after.map { group.groupId > $0 } ?? true }
            return Array(matched.sorted { $0.groupId < $1.groupId }.prefix(limit))
        }
        if ids.isEmpty && names.isEmpty {
            if let narrowed = narrowedGroupIds(filters) {
                // A selective filter: check its few candidates, then sort only what matched.
                return page(of: narrowed.compactMap { id in securityGroups[id].flatMap { $0.scope == scope ? $0 : nil } })
            }
            // Walk the scope's IDs in order from the page's start, and stop once the page is full.
            let sorted = sortedGroupIds(in: scope)
            var index = after.map { sorted.lowerBound(of: $0) } ?? 0
            if let after, index < sorted.count, sorted[index] == after { index += 1 }
            var page: [SecurityGroup] = []
            while index < sorted.count && page.count < limit {
                if let group = securityGroups[sorted[index]], matches(group) { page.append(group) }
                index += 1
            }
            return page
        }
        var found: [String: SecurityGroup] = [:]
        for id in ids {
            let group = try securityGroup(id, in: scope)
            found[group.groupId] = group
        }
        for name in names {
            let group = try securityGroup(named: name, in: scope)
            found[group.groupId] = group
        }
        return page(of: found.values)
    }

    /// The groups that can possibly pass `filters`, from an index, when one filter names exact values
    /// (no wildcards) of an indexed field; `nil` when every group has to be checked.
    func narrowedGroupIds(_ filters: [DescribeFilter]) -> Set<String>? {
        var best: Set<String>?
        for filter in filters where !filter.values.contains(where: { $0.contains("*") || $0.contains("?") || $0.contains("\\") }) {
            var matched: Set<String>?
            switch filter.name {
            case "group-id":
                matched = Set(filter.values)
            case "vpc-id":
                matched = filter.values.reduce(into: Set<String>()) { $0.formUnion(groupIds(inVpc: $1)) }
            case "ip-permission.cidr", "egress.ip-permission.cidr":
                matched = groupsOfRules(filter.values.compactMap { IPv4CIDR($0).map(RulePeer.Key.cidrIpv4) })
            case "ip-permission.ipv6-cidr", "egress.ip-permission.ipv6-cidr":
                matched = groupsOfRules(filter.values.compactMap { IPv6CIDR($0).map(RulePeer.Key.cidrIpv6) })
            case "ip-permission.prefix-list-id", "egress.ip-permission.prefix-list-id":
                matched = groupsOfRules(filter.values.map(RulePeer.Key.prefixList))
            case "ip-permission.group-id", "egress.ip-permission.group-id":
                matched = groupsOfRules(filter.values.map(RulePeer.Key.securityGroup))
            default:
                if filter.name.hasPrefix("tag:") {
                    let key = String(filter.name.dropFirst(4))
                    matched = filter.values.reduce(into: Set<String>()) {
                        $0.formUnion(groupIds(taggedWith: Tag(key: key, value: $1)))
                    }
                }
            }
            if let matched, matched.count < (best?.count ?? Int.max) { best = matched }
        }
        return best
    }

    /// The groups owning any rule with one of these peers (either direction; the full filter check follows).
    private func groupsOfRules(_ peers: [RulePeer.Key]) -> Set<String> {
        var groups = Set<String>()
        for peer in peers {
            for ruleId in ruleIds(withPeer: peer) { if let rule = securityGroupRules[ruleId] { groups.insert(rule.groupId) } }
        }
        return groups
    }

    // MARK: Rules

    public func describeSecurityGroupRules(
        scope: Scope, ids: [String], filters: [DescribeFilter]
    ) throws(PolicyError) -> [SecurityGroupRule] {
        let filterSet = FilterSet(filters)
        try filterSet.validate { ["group-id", "security-group-rule-id"].contains($0) }
        // A group-id filter names the groups to read, so the common "rules of group X" call costs O(rules of X).
        var candidates: [SecurityGroupRule]
        if !ids.isEmpty {
            var found: [SecurityGroupRule] = []
            for id in ids { found.append(try securityGroupRule(id, in: scope)) }
            candidates = found
        } else if let groupFilter = filters.first(where: { $0.name == "group-id" }),
            !groupFilter.values.contains(where: { $0.contains("*") || $0.contains("?") })
        {
            for id in groupFilter.values { try Validation.id(id, .securityGroup) }
            candidates = groupFilter.values.flatMap { id in
                securityGroups[id]?.scope == scope ? rules(of: id) : []
            }
        } else {
            candidates = groupIds(in: scope).flatMap { rules(of: $0) }
        }
        candidates.sort { $0.ruleId < $1.ruleId }
        return candidates.filter { rule in
            filterSet.matches(tags: rule.tags) { name in
                switch name {
                case "group-id": [rule.groupId]
                case "security-group-rule-id": [rule.ruleId]
                default: []
                }
            }
        }
    }

    // MARK: Network interfaces

    static let interfaceFilters: Set<String> = [
        "association.allocation-id", "association.association-id", "addresses.association.owner-id",
        "addresses.association.public-ip", "addresses.primary", "addresses.private-ip-address",
        "association.ip-owner-id", "association.public-ip", "association.public-dns-name", "attachment.attach-time",
        "attachment.attachment-id", "attachment.delete-on-termination", "attachment.device-index",
        "attachment.instance-id", "attachment.instance-owner-id", "attachment.status", "availability-zone",
        "availability-zone-id", "description", "group-id", "group-name", "ipv6-addresses.ipv6-address",
        "interface-type", "mac-address", "network-interface-id", "operator.managed", "operator.principal",
        "owner-id", "private-dns-name", "private-ip-address", "requester-id", "requester-managed",
        "source-dest-check", "status", "subnet-id", "tag-key", "vpc-id",
    ]

    func filterValues(_ eni: NetworkInterface, _ name: String) -> [String] {
        switch name {
        case "addresses.private-ip-address", "private-ip-address": eni.privateIpAddresses.map(\.address.description)
        case "addresses.primary": eni.privateIpAddresses.map { PolicyState.boolText($0.primary) }
        case "availability-zone": [eni.availabilityZone]
        case "availability-zone-id": [subnets[eni.subnetId]?.availabilityZoneId ?? ""]
        case "description": [eni.description]
        case "group-id": eni.groupIds
        case "group-name": eni.groupIds.compactMap { securityGroups[$0]?.groupName }
        case "ipv6-addresses.ipv6-address": eni.ipv6Addresses.map(\.description)
        case "interface-type": [eni.interfaceType]
        case "mac-address": [eni.macAddress]
        case "network-interface-id": [eni.networkInterfaceId]
        case "owner-id": [eni.scope.accountId]
        case "private-dns-name": [PolicyState.privateDnsName(eni)]
        case "requester-managed", "operator.managed": ["false"]
        case "source-dest-check": [PolicyState.boolText(eni.sourceDestCheck)]
        case "status": ["available"]
        case "subnet-id": [eni.subnetId]
        case "vpc-id": [eni.vpcId]
        default: []
        }
    }

    /// `ip-10-0-1-5.ec2.internal` (us-east-1) or `ip-10-0-1-5.<region>.compute.internal`.
    public static func privateDnsName(_ eni: NetworkInterface) -> String {
        guard let address = eni.primaryPrivateIpAddress else { return "" }
        let host = "ip-" + address.description.replacingDots()
        return eni.scope.region == "us-east-1" ? "\(host).ec2.internal" : "\(host).\(eni.scope.region).compute.internal"
    }

    public func describeNetworkInterfaces(
        scope: Scope, ids: [String], filters: [DescribeFilter]
    ) throws(PolicyError) -> [NetworkInterface] {
        let filterSet = FilterSet(filters)
        try filterSet.validate { PolicyState.interfaceFilters.contains($0) }
        let candidates: [NetworkInterface]
        if ids.isEmpty {
            candidates = interfaceIds(in: scope).sorted().compactMap { networkInterfaces[$0] }
        } else {
            var found: [NetworkInterface] = []
            for id in ids { found.append(try networkInterface(id, in: scope)) }
            candidates = found.sorted { $0.networkInterfaceId < $1.networkInterfaceId }
        }
        return candidates.filter { eni in filterSet.matches(tags: eni.tags) { filterValues(eni, $0) } }
    }

    // MARK: Prefix lists

    public func describeManagedPrefixLists(
        scope: Scope, ids: [String], filters: [DescribeFilter]
    ) throws(PolicyError) -> [ManagedPrefixList] {
        let filterSet = FilterSet(filters)
        try filterSet.validate { ["owner-id", "prefix-list-id", "prefix-list-name"].contains($0) }
        let candidates: [ManagedPrefixList]
        if ids.isEmpty {
            // "Your managed prefix lists and any AWS-managed prefix lists."
            candidates = (prefixListIds(in: scope).compactMap { prefixLists[$0] } + AWSManagedPrefixLists.lists(region: scope.region))
                .sorted { $0.prefixListId < $1.prefixListId }
        } else {
            var found: [ManagedPrefixList] = []
            for id in ids { found.append(try prefixList(id, in: scope)) }
            candidates = found.sorted { $0.prefixListId < $1.prefixListId }
        }
        return candidates.filter { list in
            filterSet.matches(tags: list.tags) { name in
                switch name {
                case "owner-id": [list.ownerId]
                case "prefix-list-id": [list.prefixListId]
                case "prefix-list-name": [list.prefixListName]
                default: []
                }
            }
        }
    }

    // MARK: Tags

    /// One row of DescribeTags.
    public struct TagDescription: Hashable, Sendable {
        public var resourceId: String
        public var resourceType: String
        public var key: String
        public var value: String
    }

    public func describeTags(scope: Scope, filters: [DescribeFilter]) throws(PolicyError) -> [TagDescription] {
        let filterSet = FilterSet(filters)
        try filterSet.validate { ["key", "resource-id", "resource-type", "value"].contains($0) }
        var rows: [TagDescription] = []
        func add(_ id: String, _ type: ResourceKind, _ tags: [Tag]) {
            for tag in tags { rows.append(TagDescription(resourceId: id, resourceType: type.rawValue, key: tag.key, value: tag.value)) }
        }
        for id in vpcIds(in: scope) {
            guard let vpc = vpcs[id] else { continue }
            add(id, .vpc, vpc.tags)
            for subnetId in subnetIds(inVpc: id) { if let subnet = subnets[subnetId] { add(subnetId, .subnet, subnet.tags) } }
        }
        for id in groupIds(in: scope) {
            guard let group = securityGroups[id] else { continue }
            add(id, .securityGroup, group.tags)
            for rule in rules(of: id) { add(rule.ruleId, .securityGroupRule, rule.tags) }
        }
        for id in interfaceIds(in: scope) { if let eni = networkInterfaces[id] { add(id, .networkInterface, eni.tags) } }
        for id in prefixListIds(in: scope) { if let list = prefixLists[id] { add(id, .prefixList, list.tags) } }
        rows.sort { ($0.resourceId, $0.key) < ($1.resourceId, $1.key) }
        return rows.filter { row in
            filterSet.filters.allSatisfy { filter in
                if filter.name.hasPrefix("tag:") {
                    return row.key == String(filter.name.dropFirst(4)) && filter.matches([row.value])
                }
                switch filter.name {
                case "key": return filter.matches([row.key])
                case "value": return filter.matches([row.value])
                case "resource-id": return filter.matches([row.resourceId])
                case "resource-type": return filter.matches([row.resourceType])
                default: return false
                }
            }
        }
    }
}

extension String {
    func replacingDots() -> String { String(map { $0 == "." ? "-" : $0 }) }
}
