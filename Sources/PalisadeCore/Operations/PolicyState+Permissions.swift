extension PolicyState {
    /// Normalises a protocol and its ports as AWS does, or throws AWS's error for them.
    /// - Returns: The protocol and the ports that are part of the rule (`nil` for protocols without ports).
    public static func normalizePorts(
        protocol text: String?, fromPort: Int?, toPort: Int?
    ) throws(PolicyError) -> (IPProtocol, Int?, Int?) {
        guard let text, !text.isEmpty else { throw .missing("ipProtocol") }
        guard let ipProtocol = IPProtocol(wireValue: text) else {
            throw .invalidValue("Invalid value '\(text)' for IP protocol. Unknown protocol.")
        }
        switch ipProtocol {
        case .tcp, .udp:
            if fromPort == nil && toPort == nil {
                throw .invalidValue("Invalid value for portRange. Must specify both from and to ports with TCP/UDP.")
            }
            let from = fromPort ?? -1
            let to = toPort ?? -1
            for port in [from, to] where !(0...65535).contains(port) {
                throw PolicyError(.invalidPermissionMalformed, "TCP/UDP port (\(port)) out of range")
            }
            if from > to {
                throw .invalidValue("Invalid TCP/UDP port range: from port (\(from)) is greater than to port (\(to)).")
            }
            return (ipProtocol, from, to)
        case .icmp, .icmpv6:
            if ipProtocol == .icmp && (fromPort == nil || toPort == nil) {
                throw .invalidValue("Invalid value for portRange. Must specify both from and to ports with ICMP.")
            }
            let type = fromPort ?? -1
            let code = toPort ?? -1
            guard (-1...255).contains(type) else {
                throw .invalidValue("Invalid value for portRange. ICMP type (\(type)) out of range.")
            }
            guard (-1...255).contains(code) else {
                throw .invalidValue("Invalid value for portRange. ICMP code (\(code)) out of range.")
            }
            if type == -1 && code != -1 {
                throw .invalidValue("Invalid value for portRange. ICMP code must be -1 when ICMP type is -1.")
            }
            return (ipProtocol, type, code)
        case .all, .number:
            // Ports are not part of such rules; AWS ignores whatever was sent (Terraform sends 0/0).
            return (ipProtocol, nil, nil)
        }
    }

    /// Resolves client permissions into one draft per peer, validating every value and reference.
    public func drafts(
        for permissions: [IpPermission], group: SecurityGroup
    ) throws(PolicyError) -> [RuleDraft] {
        var drafts: [RuleDraft] = []
        for permission in permissions {
            let (ipProtocol, from, to) = try PolicyState.normalizePorts(
                protocol: permission.ipProtocol, fromPort: permission.fromPort, toPort: permission.toPort)
            func add(_ peer: RulePeer, _ description: String?) throws(PolicyError) {
                try Validation.ruleDescription(description)
                drafts.append(RuleDraft(ipProtocol: ipProtocol, fromPort: from, toPort: to, peer: peer, description: description))
            }
            for range in permission.ipRanges {
                guard let text = range.cidrIp else { throw .missing("cidrIp") }
                guard let cidr = IPv4CIDR(text) else { throw .invalidValue("CIDR block \(text) is malformed") }
                try add(.cidrIpv4(cidr), range.description)
            }
            for range in permission.ipv6Ranges {
                guard let text = range.cidrIpv6 else { throw .missing("cidrIpv6") }
                guard let cidr = IPv6CIDR(text) else { throw .invalidValue("CIDR block \(text) is malformed") }
                try add(.cidrIpv6(cidr), range.description)
            }
            for entry in permission.prefixListIds {
                guard let id = entry.prefixListId else { throw .missing("prefixListId") }
                let list = try prefixList(id, in: group.scope)
                try add(.prefixList(list.prefixListId), entry.description)
            }
            for pair in permission.userIdGroupPairs {
                let referenced = try referencedGroup(pair, from: group)
                try add(
                    .securityGroup(.init(groupId: referenced.groupId, userId: referenced.ownerId)), pair.description)
            }
        }
        return drafts
    }

    /// The group a `UserIdGroupPair` names, which must be in the referencing group's VPC.
    func referencedGroup(_ pair: IpPermission.UserIdGroupPair, from group: SecurityGroup) throws(PolicyError) -> SecurityGroup {
        let referenced: SecurityGroup
        if let id = pair.groupId {
            try Validation.id(id, .securityGroup)
            let owner = pair.userId ?? group.ownerId
            guard let found = securityGroups[id], found.ownerId == owner, found.scope.region == group.scope.region,
                found.scope == group.scope
            else {
                throw PolicyError(.invalidGroupNotFound, "The security group '\(id)' does not exist")
            }
            referenced = found
        } else if let name = pair.groupName {
            // Names resolve in the referencing group's VPC only when that is the default VPC, as AWS's legacy form.
            guard let id = groupId(named: name, inVpc: group.vpcId), let found = securityGroups[id],
                vpcs[group.vpcId]?.isDefault == true
            else {
                throw PolicyError(.invalidGroupNotFound, "The security group '\(name)' does not exist in default VPC '\(defaultVpcId(in: group.scope) ?? "")'")
            }
            referenced = found
        } else {
            throw PolicyError(.missingParameter, "The request must contain the parameter groupName or groupId")
        }
        guard referenced.vpcId == group.vpcId else {
            throw PolicyError(
                .invalidGroupNotFound, "You have specified two resources that belong to different networks.")
        }
        return referenced
    }

    /// Rule counts of one group and direction per IP family, as AWS's quota counts them:
    /// references count in both families, prefix lists weigh their MaxEntries in both.
    public func ruleQuotaUsage(of groupId: String, direction: Direction) -> (ipv4: Int, ipv6: Int) {
        PolicyState.ruleQuotaUsage(of: rules(of: groupId, direction: direction)) { prefixLists[$0] }
    }

    /// Rule counts per IP family of `rules` as AWS's quota counts them; `prefixList` finds a customer-managed
    /// list (AWS-managed ones are known here), whose MaxEntries is its weight.
    public static func ruleQuotaUsage(
        of rules: some Sequence<SecurityGroupRule>, prefixList: (String) -> ManagedPrefixList?
    ) -> (ipv4: Int, ipv6: Int) {
        var ipv4 = 0
        var ipv6 = 0
        for rule in rules {
            switch rule.peer {
            case .cidrIpv4: ipv4 += 1
            case .cidrIpv6: ipv6 += 1
            case .securityGroup:
                ipv4 += 1
                ipv6 += 1
            case .prefixList(let id):
                let weight = (prefixList(id) ?? AWSManagedPrefixLists.list(id, region: rule.scope.region))?.ruleWeight ?? 1
                ipv4 += weight
                ipv6 += weight
            }
        }
        return (ipv4, ipv6)
    }

    func checkRuleQuota(_ groupId: String, _ direction: Direction) throws(PolicyError) {
        let usage = ruleQuotaUsage(of: groupId, direction: direction)
        if usage.ipv4 > quotas.rulesPerSecurityGroup || usage.ipv6 > quotas.rulesPerSecurityGroup {
            throw PolicyError(
                .rulesPerSecurityGroupLimitExceeded, "The maximum number of rules per security group has been reached.")
        }
    }
}
