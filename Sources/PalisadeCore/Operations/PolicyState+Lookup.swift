extension PolicyState {
    /// The VPC `id` of `scope`, or AWS's NotFound/Malformed error.
    public func vpc(_ id: String, in scope: Scope) throws(PolicyError) -> Vpc {
        try Validation.id(id, .vpc)
        guard let vpc = vpcs[id], vpc.scope == scope else {
            throw PolicyError(.invalidVpcIDNotFound, "The vpc ID '\(id)' does not exist")
        }
        return vpc
    }

    public func subnet(_ id: String, in scope: Scope) throws(PolicyError) -> Subnet {
        try Validation.id(id, .subnet)
        guard let subnet = subnets[id], subnet.scope == scope else {
            throw PolicyError(.invalidSubnetIDNotFound, "The subnet ID '\(id)' does not exist")
        }
        return subnet
    }

    public func securityGroup(_ id: String, in scope: Scope) throws(PolicyError) -> SecurityGroup {
        try Validation.id(id, .securityGroup)
        guard let group = securityGroups[id], group.scope == scope else {
            throw PolicyError(.invalidGroupNotFound, "The security group '\(id)' does not exist")
        }
        return group
    }

    /// Resolves a group by name in the default VPC, as the legacy `GroupName` parameters do.
    public func securityGroup(named name: String, in scope: Scope) throws(PolicyError) -> SecurityGroup {
        guard let vpcId = defaultVpcId(in: scope) else {
            throw PolicyError(.vpcIdNotSpecified, "No default VPC for this user")
        }
        guard let id = groupId(named: name, inVpc: vpcId), let group = securityGroups[id] else {
            throw PolicyError(.invalidGroupNotFound, "The security group '\(name)' does not exist in default VPC '\(vpcId)'")
        }
        return group
    }

    /// Resolves `GroupId` or, failing that, `GroupName`; one of the two is required.
    public func securityGroup(id: String?, name: String?, in scope: Scope) throws(PolicyError) -> SecurityGroup {
        if let id { return try securityGroup(id, in: scope) }
        if let name { return try securityGroup(named: name, in: scope) }
        throw PolicyError(.missingParameter, "The request must contain the parameter groupName or groupId")
    }

    public func networkInterface(_ id: String, in scope: Scope) throws(PolicyError) -> NetworkInterface {
        try Validation.id(id, .networkInterface)
        guard let eni = networkInterfaces[id], eni.scope == scope else {
            throw PolicyError(.invalidNetworkInterfaceIDNotFound, "The networkInterface ID '\(id)' does not exist")
        }
        return eni
    }

    public func prefixList(_ id: String, in scope: Scope) throws(PolicyError) -> ManagedPrefixList {
        try Validation.id(id, .prefixList)
        if let list = prefixLists[id], list.scope == scope { return list }
        if let list = AWSManagedPrefixLists.list(id, region: scope.region) { return list }
        throw PolicyError(.invalidPrefixListIDNotFound, "The prefix list ID '\(id)' does not exist")
    }

    public func securityGroupRule(_ id: String, in scope: Scope) throws(PolicyError) -> SecurityGroupRule {
        try Validation.id(id, .securityGroupRule)
        guard let rule = securityGroupRules[id], rule.scope == scope else {
            throw PolicyError(.invalidSecurityGroupRuleIdNotFound, "The security group rule ID '\(id)' does not exist")
        }
        return rule
    }
}
