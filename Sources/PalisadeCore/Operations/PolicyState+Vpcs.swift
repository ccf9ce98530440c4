extension PolicyState {
    /// The default VPC CIDR in every account and region.
    public static let defaultVpcCidr = IPv4CIDR("172.31.0.0/16")!

    /// Sets up a new account/region as AWS does: a default VPC with a /20 default subnet per zone.
    /// Does nothing for a scope already set up (even if its default VPC was since deleted).
    public mutating func ensureScope(_ scope: Scope) {
        guard !scopes.contains(scope) else { return }
        put(.scope(scope))
        makeDefaultVpc(scope: scope)
    }

    @discardableResult
    private mutating func makeDefaultVpc(scope: Scope) -> Vpc {
        let vpc = makeVpc(scope: scope, cidr: PolicyState.defaultVpcCidr, isDefault: true, tenancy: "default", tags: [])
        for (index, zone) in RegionCatalog.zones(of: scope.region).enumerated() {
            let cidr = IPv4CIDR(address: IPv4Address(vpc.cidrBlock.network.value + UInt32(index) << 12), prefixLength: 20)
            put(.subnet(Subnet(
                subnetId: ids.make(.subnet), scope: scope, vpcId: vpc.vpcId, cidrBlock: cidr,
                availabilityZone: zone.name, availabilityZoneId: zone.zoneId, defaultForAz: true,
                mapPublicIpOnLaunch: true)))
        }
        return vpc
    }

    /// Creates a VPC with its `default` security group (and, for IPv6, `::/0` egress on it).
    @discardableResult
    mutating func makeVpc(scope: Scope, cidr: IPv4CIDR, isDefault: Bool, tenancy: String, tags: [Tag],
                          ipv6Cidr: IPv6CIDR? = nil) -> Vpc {
        let vpc = Vpc(
            vpcId: ids.make(.vpc), scope: scope, cidrBlock: cidr,
            cidrBlockAssociations: [.init(associationId: ids.make(.vpcCidrAssociation), cidrBlock: cidr.description)],
            ipv6CidrBlockAssociations: ipv6Cidr.map { [.init(associationId: ids.make(.vpcCidrAssociation), cidrBlock: $0.description)] } ?? [],
            isDefault: isDefault, instanceTenancy: tenancy, dhcpOptionsId: ids.make(.dhcpOptions),
            mainRouteTableId: ids.make(.routeTable), defaultNetworkAclId: ids.make(.networkAcl),
            enableDnsHostnames: isDefault, tags: tags)
        put(.vpc(vpc))
        let group = SecurityGroup(
            groupId: ids.make(.securityGroup), scope: scope, vpcId: vpc.vpcId, groupName: "default",
            description: "default VPC security group")
        put(.securityGroup(group))
        // AWS's default group: all traffic from members of the group itself, all traffic out.
        addRule(group, isEgress: false, protocol: .all, from: nil, to: nil,
                peer: .securityGroup(.init(groupId: group.groupId, userId: scope.accountId)))
        addRule(group, isEgress: true, protocol: .all, from: nil, to: nil, peer: .cidrIpv4(.anywhere))
        if ipv6Cidr != nil {
            addRule(group, isEgress: true, protocol: .all, from: nil, to: nil, peer: .cidrIpv6(.anywhere))
        }
        return vpc
    }

    @discardableResult
    mutating func addRule(
        _ group: SecurityGroup, isEgress: Bool, protocol ipProtocol: IPProtocol, from: Int?, to: Int?, peer: RulePeer,
        description: String? = nil, tags: [Tag] = []
    ) -> SecurityGroupRule {
        let rule = SecurityGroupRule(
            ruleId: ids.make(.securityGroupRule), groupId: group.groupId, scope: group.scope, isEgress: isEgress,
            ipProtocol: ipProtocol, fromPort: from, toPort: to, peer: peer, description: description, tags: tags)
        put(.securityGroupRule(rule))
        return rule
    }

    /// CreateVpc.
    public mutating func createVpc(
        scope: Scope, cidrBlock: String?, amazonProvidedIpv6CidrBlock: Bool = false, instanceTenancy: String?,
        tags: [Tag]
    ) throws(PolicyError) -> Vpc {
        guard let text = cidrBlock else { throw .missing("cidrBlock") }
        guard let cidr = IPv4CIDR(text) else {
            throw .invalidValue("Value (\(text)) for parameter cidrBlock is invalid. This is not a valid CIDR block.")
        }
        guard (16...28).contains(cidr.prefixLength) else {
            throw PolicyError(.invalidVpcRange, "The CIDR '\(text)' is invalid.")
        }
        let tenancy = instanceTenancy ?? "default"
        guard tenancy == "default" || tenancy == "dedicated" else {
            throw .invalidValue("Value (\(tenancy)) for parameter instanceTenancy is invalid. Valid values: default, dedicated")
        }
        try Validation.tags(tags)
        guard vpcIds(in: scope).count < quotas.vpcsPerRegion else {
            throw PolicyError(.vpcLimitExceeded, "The maximum number of VPCs has been reached.")
        }
        var ipv6: IPv6CIDR?
        if amazonProvidedIpv6CidrBlock {
            // A /56 from Amazon's pool, unique per VPC: 2600:1f00:xxxx:xx00::/56 from the VPC's ID bits.
            let seed = ids.make(.vpc).utf8.reduce(UInt64(0)) { $0 &* 31 &+ UInt64($1) }
            ipv6 = IPv6CIDR(address: IPv6Address(high: 0x2600_1f00_0000_0000 | (seed & 0xffff_ff) << 8, low: 0), prefixLength: 56)
        }
        return makeVpc(scope: scope, cidr: cidr, isDefault: false, tenancy: tenancy, tags: tags, ipv6Cidr: ipv6)
    }

    /// CreateDefaultVpc: only when the scope has none.
    public mutating func createDefaultVpc(scope: Scope) throws(PolicyError) -> Vpc {
        if defaultVpcId(in: scope) != nil {
            throw PolicyError(.defaultVpcAlreadyExists, "A Default VPC already exists for this account in this region.")
        }
        guard vpcIds(in: scope).count < quotas.vpcsPerRegion else {
            throw PolicyError(.vpcLimitExceeded, "The maximum number of VPCs has been reached.")
        }
        return makeDefaultVpc(scope: scope)
    }

    /// DeleteVpc: only when nothing but its default group remains; takes the default group with it.
    public mutating func deleteVpc(_ id: String, scope: Scope) throws(PolicyError) {
        let vpc = try vpc(id, in: scope)
        let groups = groupIds(inVpc: id).compactMap { securityGroups[$0] }
        let hasDependents = !subnetIds(inVpc: id).isEmpty || groups.contains { !$0.isDefault }
            || networkInterfaces.values.contains { $0.vpcId == id }
        if hasDependents {
            throw PolicyError(.dependencyViolation, "The vpc '\(id)' has dependencies and cannot be deleted.")
        }
        for group in groups {
            deleteRules(of: group.groupId)
            delete(PolicyRecordKey(kind: .securityGroup, id: group.groupId))
        }
        delete(PolicyRecordKey(kind: .vpc, id: vpc.vpcId))
    }

    /// ModifyVpcAttribute: one DNS attribute per call.
    public mutating func modifyVpcAttribute(
        _ id: String, scope: Scope, enableDnsSupport: Bool?, enableDnsHostnames: Bool?,
        enableNetworkAddressUsageMetrics: Bool?
    ) throws(PolicyError) {
        var vpc = try vpc(id, in: scope)
        let given = [enableDnsSupport, enableDnsHostnames, enableNetworkAddressUsageMetrics].compactMap { $0 }
        guard given.count == 1 else {
            if given.isEmpty { throw .missing("Attribute") }
            throw PolicyError(.invalidParameterCombination, "Only one attribute can be modified at a time")
        }
        if let enableDnsSupport { vpc.enableDnsSupport = enableDnsSupport }
        if let enableDnsHostnames {
            if enableDnsHostnames && !vpc.enableDnsSupport {
                throw .invalidValue("DNS hostnames cannot be enabled without DNS support")
            }
            vpc.enableDnsHostnames = enableDnsHostnames
        }
        if let enableNetworkAddressUsageMetrics { vpc.enableNetworkAddressUsageMetrics = enableNetworkAddressUsageMetrics }
        put(.vpc(vpc))
    }

    /// CreateSubnet.
    public mutating func createSubnet(
        scope: Scope, vpcId: String, cidrBlock: String?, ipv6CidrBlock: String?, availabilityZone: String?,
        availabilityZoneId: String?, tags: [Tag]
    ) throws(PolicyError) -> Subnet {
        let vpc = try vpc(vpcId, in: scope)
        guard let text = cidrBlock else { throw .missing("cidrBlock") }
        guard let cidr = IPv4CIDR(text) else {
            throw .invalidValue("Value (\(text)) for parameter cidrBlock is invalid. This is not a valid CIDR block.")
        }
        guard (16...28).contains(cidr.prefixLength), vpc.ipv4Blocks.contains(where: { $0.contains(cidr) }) else {
            throw PolicyError(.invalidSubnetRange, "The CIDR '\(text)' is invalid.")
        }
        let siblings = subnetIds(inVpc: vpcId).compactMap { subnets[$0] }
        if siblings.contains(where: { $0.cidrBlock.overlaps(cidr) }) {
            throw PolicyError(.invalidSubnetConflict, "The CIDR '\(text)' conflicts with another subnet")
        }
        guard siblings.count < quotas.subnetsPerVpc else {
            throw PolicyError(.subnetLimitExceeded, "The maximum number of subnets has been reached.")
        }
        var ipv6Associations: [Vpc.CidrAssociation] = []
        if let ipv6CidrBlock {
            guard let block = IPv6CIDR(ipv6CidrBlock), block.prefixLength >= 44, block.prefixLength <= 64,
                vpc.ipv6Blocks.contains(where: { $0.contains(block) })
            else { throw PolicyError(.invalidSubnetRange, "The IPv6 CIDR '\(ipv6CidrBlock)' is invalid.") }
            if siblings.contains(where: { $0.ipv6Blocks.contains { $0.overlaps(block) } }) {
                throw PolicyError(.invalidSubnetConflict, "The CIDR '\(ipv6CidrBlock)' conflicts with another subnet")
            }
            ipv6Associations = [.init(associationId: ids.make(.subnetCidrAssociation), cidrBlock: block.description)]
        }
        try Validation.tags(tags)
        let zones = RegionCatalog.zones(of: scope.region)
        let zone: RegionCatalog.Zone
        if let availabilityZone {
            guard let found = zones.first(where: { $0.name == availabilityZone }) else {
                throw .invalidValue("Value (\(availabilityZone)) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: \(zones.map(\.name).joined(separator: ", ")).")
            }
            zone = found
        } else if let availabilityZoneId {
            guard let found = zones.first(where: { $0.zoneId == availabilityZoneId }) else {
                throw .invalidValue("Value (\(availabilityZoneId)) for parameter availabilityZoneId is invalid.")
            }
            zone = found
        } else {
            zone = zones[siblings.count % zones.count]
        }
        let subnet = Subnet(
            subnetId: ids.make(.subnet), scope: scope, vpcId: vpcId, cidrBlock: cidr,
            ipv6CidrBlockAssociations: ipv6Associations, availabilityZone: zone.name, availabilityZoneId: zone.zoneId,
            defaultForAz: false, mapPublicIpOnLaunch: false, tags: tags)
        put(.subnet(subnet))
        return subnet
    }

    /// ModifySubnetAttribute: one attribute per call, as in EC2.
    public mutating func modifySubnetAttribute(
        _ id: String, scope: Scope, mapPublicIpOnLaunch: Bool?, assignIpv6AddressOnCreation: Bool?, enableDns64: Bool?,
        privateDnsHostnameTypeOnLaunch: String?, enableResourceNameDnsARecordOnLaunch: Bool?,
        enableResourceNameDnsAAAARecordOnLaunch: Bool?
    ) throws(PolicyError) {
        var subnet = try subnet(id, in: scope)
        let given: [Any?] = [
            mapPublicIpOnLaunch, assignIpv6AddressOnCreation, enableDns64, privateDnsHostnameTypeOnLaunch,
            enableResourceNameDnsARecordOnLaunch, enableResourceNameDnsAAAARecordOnLaunch,
        ]
        switch given.compactMap({ $0 }).count {
        case 0: throw .missing("Attribute")
        case 1: break
        default: throw PolicyError(.invalidParameterCombination, "Only one attribute can be modified at a time")
        }
        if let mapPublicIpOnLaunch { subnet.mapPublicIpOnLaunch = mapPublicIpOnLaunch }
        if let assignIpv6AddressOnCreation {
            if assignIpv6AddressOnCreation && subnet.ipv6CidrBlockAssociations.isEmpty {
                throw .invalidValue("The subnet \(id) does not have an IPv6 CIDR block.")
            }
            subnet.assignIpv6AddressOnCreation = assignIpv6AddressOnCreation
        }
        if let enableDns64 { subnet.enableDns64 = enableDns64 }
        if let privateDnsHostnameTypeOnLaunch {
            guard ["ip-name", "resource-name"].contains(privateDnsHostnameTypeOnLaunch) else {
                throw .invalidValue(
                    "Value (\(privateDnsHostnameTypeOnLaunch)) for parameter PrivateDnsHostnameTypeOnLaunch is invalid. Expected 'ip-name' or 'resource-name'.")
            }
            subnet.privateDnsHostnameTypeOnLaunch = privateDnsHostnameTypeOnLaunch
        }
        if let enableResourceNameDnsARecordOnLaunch {
            subnet.enableResourceNameDnsARecordOnLaunch = enableResourceNameDnsARecordOnLaunch
        }
        if let enableResourceNameDnsAAAARecordOnLaunch {
            subnet.enableResourceNameDnsAAAARecordOnLaunch = enableResourceNameDnsAAAARecordOnLaunch
        }
        put(.subnet(subnet))
    }

    /// DeleteSubnet: refused while interfaces live in it.
    public mutating func deleteSubnet(_ id: String, scope: Scope) throws(PolicyError) {
        let subnet = try subnet(id, in: scope)
        guard interfaceIds(inSubnet: id).isEmpty else {
            throw PolicyError(.dependencyViolation, "The subnet '\(id)' has dependencies and cannot be deleted.")
        }
        delete(PolicyRecordKey(kind: .subnet, id: subnet.subnetId))
    }

    /// Free addresses left in a subnet (AWS's `availableIpAddressCount`).
    public func availableIpAddressCount(_ subnet: Subnet) -> Int {
        let used = interfaceIds(inSubnet: subnet.subnetId).reduce(0) { $0 + (networkInterfaces[$1]?.privateIpAddresses.count ?? 0) }
        return max(0, subnet.totalUsableAddresses - used)
    }
}
