extension PolicyState {
    /// CreateSecurityGroup: a new group with AWS's default egress rule (all traffic to 0.0.0.0/0).
    public mutating func createSecurityGroup(
        scope: Scope, groupName: String?, description: String?, vpcId: String?, tags: [Tag]
    ) throws(PolicyError) -> SecurityGroup {
        guard let groupName else { throw .missing("GroupName") }
        guard let description else { throw .missing("GroupDescription") }
        try Validation.groupName(groupName)
        try Validation.groupDescription(description)
        try Validation.tags(tags)
        let vpc: Vpc
        if let vpcId {
            vpc = try self.vpc(vpcId, in: scope)
        } else {
            guard let id = defaultVpcId(in: scope), let found = vpcs[id] else {
                throw PolicyError(.vpcIdNotSpecified, "No default VPC for this user")
            }
            vpc = found
        }
        if groupName.lowercased() == "default" {
            throw PolicyError(.invalidGroupReserved, "The security group name 'default' is reserved")
        }
        if groupId(named: groupName, inVpc: vpc.vpcId) != nil {
            throw PolicyError(
                .invalidGroupDuplicate, "The security group '\(groupName)' already exists for VPC '\(vpc.vpcId)'")
        }
        guard groupIds(in: scope).count < quotas.securityGroupsPerRegion else {
            throw PolicyError(.securityGroupLimitExceeded, "The maximum number of security groups has been reached.")
        }
        let group = SecurityGroup(
            groupId: ids.make(.securityGroup), scope: scope, vpcId: vpc.vpcId, groupName: groupName,
            description: description, tags: tags)
        put(.securityGroup(group))
        addRule(group, isEgress: true, protocol: .all, from: nil, to: nil, peer: .cidrIpv4(.anywhere))
        return group
    }

    /// DeleteSecurityGroup: refused for default groups, and while attached or referenced by another group.
    @discardableResult
    public mutating func deleteSecurityGroup(scope: Scope, groupId: String?, groupName: String?) throws(PolicyError)
        -> SecurityGroup
    {
        let group = try securityGroup(id: groupId, name: groupName, in: scope)
        if group.isDefault {
            throw PolicyError(
                .cannotDelete,
                "the specified group: \"\(group.groupId)\" name: \"default\" cannot be deleted by a user")
        }
        let referencedElsewhere = ruleIdsReferencing(group: group.groupId).contains {
            securityGroupRules[$0]?.groupId != group.groupId
        }
        if !interfaceIds(withGroup: group.groupId).isEmpty || referencedElsewhere {
            throw PolicyError(.dependencyViolation, "resource \(group.groupId) has a dependent object")
        }
        deleteRules(of: group.groupId)
        delete(PolicyRecordKey(kind: .securityGroup, id: group.groupId))
        return group
    }

    /// What blocks deleting a group: interfaces that carry it and rules of other groups that reference it.
    /// AWS's DependencyViolation never says; Palisade's own API does.
    public func dependents(of groupId: String) -> (interfaces: [String], rules: [String]) {
        let rules = ruleIdsReferencing(group: groupId).filter { securityGroupRules[$0]?.groupId != groupId }
        return (interfaceIds(withGroup: groupId).sorted(), rules.sorted())
    }
}
