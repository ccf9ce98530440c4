/// The result of a Revoke call.
public struct RevokeResult: Hashable, Sendable {
    public var revoked: [SecurityGroupRule]
    /// Permissions that matched nothing (only reported, not failed, in a default VPC).
    public var unknown: [IpPermission]
}

/// One change of ModifySecurityGroupRules: the new properties of an existing rule.
public struct SecurityGroupRuleUpdate: Hashable, Sendable {
    public var ruleId: String
    public var ipProtocol: String?
    public var fromPort: Int?
    public var toPort: Int?
    public var cidrIpv4: String?
    public var cidrIpv6: String?
    public var prefixListId: String?
    public var referencedGroupId: String?
    public var description: String?

    public init(
        ruleId: String, ipProtocol: String? = nil, fromPort: Int? = nil, toPort: Int? = nil, cidrIpv4: String? = nil,
        cidrIpv6: String? = nil, prefixListId: String? = nil, referencedGroupId: String? = nil,
        description: String? = nil
    ) {
        self.ruleId = ruleId
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
        self.cidrIpv4 = cidrIpv4
        self.cidrIpv6 = cidrIpv6
        self.prefixListId = prefixListId
        self.referencedGroupId = referencedGroupId
        self.description = description
    }
}

extension PolicyState {
    /// AuthorizeSecurityGroupIngress/Egress: every permission becomes rules, or none does.
    public mutating func authorize(
        scope: Scope, groupId: String?, groupName: String?, direction: Direction, permissions: [IpPermission],
        ruleTags: [Tag]
    ) throws(PolicyError) -> [SecurityGroupRule] {
        let group = try securityGroup(id: groupId, name: groupName, in: scope)
        guard !permissions.isEmpty else { throw .missing("IpPermissions") }
        try Validation.tags(ruleTags)
        let drafts = try drafts(for: permissions, group: group)
        if drafts.isEmpty {
            throw PolicyError(
                .missingParameter,
                "The request must contain at least one of the parameters ipRanges, ipv6Ranges, prefixListIds or groups")
        }
        let isEgress = direction == .egress
        var seen = Set<SecurityGroupRule.Key>()
        var created: [SecurityGroupRule] = []
        for draft in drafts {
            let key = draft.key(isEgress: isEgress)
            if existingRule(in: group.groupId, key: key) != nil || !seen.insert(key).inserted {
                let text = SecurityGroupRule(
                    ruleId: "", groupId: group.groupId, scope: scope, isEgress: isEgress, ipProtocol: draft.ipProtocol,
                    fromPort: draft.fromPort, toPort: draft.toPort, peer: draft.peer
                ).duplicateDescription
                throw PolicyError(.invalidPermissionDuplicate, "the specified rule \"\(text)\" already exists")
            }
            created.append(addRule(
                group, isEgress: isEgress, protocol: draft.ipProtocol, from: draft.fromPort, to: draft.toPort,
                peer: draft.peer, description: draft.description, tags: ruleTags))
        }
        try checkRuleQuota(group.groupId, direction)
        return created
    }

    /// RevokeSecurityGroupIngress/Egress by permission: exact matches (descriptions ignored).
    /// In a non-default VPC any miss fails the whole call; in the default VPC misses are reported.
    public mutating func revoke(
        scope: Scope, groupId: String?, groupName: String?, direction: Direction, permissions: [IpPermission]
    ) throws(PolicyError) -> RevokeResult {
        let group = try securityGroup(id: groupId, name: groupName, in: scope)
        guard !permissions.isEmpty else { throw .missing("IpPermissions") }
        let drafts = try drafts(for: permissions, group: group)
        let isEgress = direction == .egress
        var revoked: [SecurityGroupRule] = []
        var unknown: [IpPermission] = []
        for draft in drafts {
            if let rule = existingRule(in: group.groupId, key: draft.key(isEgress: isEgress)) {
                if !revoked.contains(where: { $0.ruleId == rule.ruleId }) { revoked.append(rule) }
            } else {
                unknown.append(draft.permission)
            }
        }
        let inDefaultVpc = vpcs[group.vpcId]?.isDefault == true
        if !unknown.isEmpty && !inDefaultVpc {
            throw PolicyError(.invalidPermissionNotFound, "The specified rule does not exist in this security group.")
        }
        for rule in revoked { delete(PolicyRecordKey(kind: .securityGroupRule, id: rule.ruleId)) }
        return RevokeResult(revoked: revoked, unknown: unknown)
    }

    /// RevokeSecurityGroupIngress/Egress by `SecurityGroupRuleId`.
    public mutating func revoke(
        scope: Scope, groupId: String?, groupName: String?, direction: Direction, ruleIds: [String]
    ) throws(PolicyError) -> RevokeResult {
        let group = try securityGroup(id: groupId, name: groupName, in: scope)
        var revoked: [SecurityGroupRule] = []
        for id in ruleIds {
            let rule = try ruleOf(group, id, direction)
            if !revoked.contains(where: { $0.ruleId == id }) { revoked.append(rule) }
        }
        for rule in revoked { delete(PolicyRecordKey(kind: .securityGroupRule, id: rule.ruleId)) }
        return RevokeResult(revoked: revoked, unknown: [])
    }

    private func ruleOf(_ group: SecurityGroup, _ id: String, _ direction: Direction?) throws(PolicyError)
        -> SecurityGroupRule
    {
        try Validation.id(id, .securityGroupRule)
        guard let rule = securityGroupRules[id], rule.groupId == group.groupId,
            direction == nil || rule.direction == direction
        else {
            throw PolicyError(
                .invalidSecurityGroupRuleIdNotFound,
                "The security group rule ID '\(id)' does not exist in security group '\(group.groupId)'")
        }
        return rule
    }

    /// ModifySecurityGroupRules: new properties for existing rules, keeping their IDs and the kind of peer.
    public mutating func modifyRules(scope: Scope, groupId: String?, updates: [SecurityGroupRuleUpdate])
        throws(PolicyError)
    {
        guard let groupId else { throw .missing("GroupId") }
        let group = try securityGroup(groupId, in: scope)
        guard !updates.isEmpty else { throw .missing("SecurityGroupRule") }
        var touched = Set<Direction>()
        for update in updates {
            var rule = try ruleOf(group, update.ruleId, nil)
            let targets = [update.cidrIpv4, update.cidrIpv6, update.prefixListId, update.referencedGroupId]
                .compactMap { $0 }
            guard targets.count == 1 else {
                throw .invalidValue(
                    "Exactly one of CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupId must be specified for rule \(update.ruleId)")
            }
            let (ipProtocol, from, to) = try PolicyState.normalizePorts(
                protocol: update.ipProtocol, fromPort: update.fromPort, toPort: update.toPort)
            var permission = IpPermission(ipProtocol: ipProtocol.wireValue, fromPort: from, toPort: to)
            let kindName: String
            switch rule.peer {
            case .cidrIpv4: kindName = "IPv4 CIDR"
            case .cidrIpv6: kindName = "IPv6 CIDR"
            case .prefixList: kindName = "prefix list"
            case .securityGroup: kindName = "referenced group"
            }
            if let cidr = update.cidrIpv4 {
                guard case .cidrIpv4 = rule.peer else {
                    throw .invalidValue("You may not specify an IPv4 CIDR for an existing \(kindName) rule.")
                }
                permission.ipRanges = [.init(cidrIp: cidr, description: update.description)]
            } else if let cidr = update.cidrIpv6 {
                guard case .cidrIpv6 = rule.peer else {
                    throw .invalidValue("You may not specify an IPv6 CIDR for an existing \(kindName) rule.")
                }
                permission.ipv6Ranges = [.init(cidrIpv6: cidr, description: update.description)]
            } else if let list = update.prefixListId {
                guard case .prefixList = rule.peer else {
                    throw .invalidValue("You may not specify a prefix list id for an existing \(kindName) rule.")
                }
                permission.prefixListIds = [.init(prefixListId: list, description: update.description)]
            } else if let referenced = update.referencedGroupId {
                guard case .securityGroup = rule.peer else {
                    throw .invalidValue("You may not specify a referenced group id for an existing \(kindName) rule.")
                }
                permission.userIdGroupPairs = [.init(groupId: referenced, description: update.description)]
            }
            guard let draft = try drafts(for: [permission], group: group).first else { continue }
            let key = draft.key(isEgress: rule.isEgress)
            if let other = existingRule(in: group.groupId, key: key), other.ruleId != rule.ruleId {
                throw PolicyError(
                    .invalidPermissionDuplicate, "the specified rule \"\(other.duplicateDescription)\" already exists")
            }
            rule.ipProtocol = draft.ipProtocol
            rule.fromPort = draft.fromPort
            rule.toPort = draft.toPort
            rule.peer = draft.peer
            rule.description = draft.description
            put(.securityGroupRule(rule))
            touched.insert(rule.direction)
        }
        for direction in touched { try checkRuleQuota(group.groupId, direction) }
    }

    /// UpdateSecurityGroupRuleDescriptionsIngress/Egress by permission: each peer must match a rule;
    /// its description becomes the new one (absent removes it).
    public mutating func updateRuleDescriptions(
        scope: Scope, groupId: String?, groupName: String?, direction: Direction, permissions: [IpPermission]
    ) throws(PolicyError) {
        let group = try securityGroup(id: groupId, name: groupName, in: scope)
        let drafts = try drafts(for: permissions, group: group)
        var updated: [SecurityGroupRule] = []
        for draft in drafts {
            guard var rule = existingRule(in: group.groupId, key: draft.key(isEgress: direction == .egress)) else {
                throw PolicyError(.invalidPermissionNotFound, "The specified rule does not exist in this security group.")
            }
            rule.description = draft.description
            updated.append(rule)
        }
        for rule in updated { put(.securityGroupRule(rule)) }
    }

    /// UpdateSecurityGroupRuleDescriptionsIngress/Egress by rule ID.
    public mutating func updateRuleDescriptions(
        scope: Scope, groupId: String?, groupName: String?, direction: Direction, descriptions: [(String, String?)]
    ) throws(PolicyError) {
        let group = try securityGroup(id: groupId, name: groupName, in: scope)
        for (id, description) in descriptions {
            var rule = try ruleOf(group, id, direction)
            try Validation.ruleDescription(description)
            rule.description = description
            put(.securityGroupRule(rule))
        }
    }
}
