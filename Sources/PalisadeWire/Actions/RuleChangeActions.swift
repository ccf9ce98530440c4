import PalisadeCore

// The Ingress and Egress variants of Authorize, Revoke and UpdateSecurityGroupRuleDescriptions differ only
// in direction: each public action (one file each) delegates to one of these.

/// AuthorizeSecurityGroupIngress/Egress.
struct RuleAuthorization: Sendable {
    let direction: Direction
    let input: PermissionInput
    let tags: [Tag]

    init(_ request: QueryRequest, direction: Direction) throws(PolicyError) {
        self.direction = direction
        input = try PermissionInput(request, direction: direction)
        tags = try request.tags(for: "security-group-rule")
    }

    func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let rules = try state.authorize(
            scope: context.scope, groupId: input.groupId, groupName: input.groupName, direction: direction,
            permissions: input.permissions, ruleTags: tags)
        return EC2Result { writer in
            writer.element("return", true)
            writer.list("securityGroupRuleSet", rules) { $0.securityGroupRule($1) }
        }
    }
}

/// RevokeSecurityGroupIngress/Egress, by permission or by rule ID.
struct RuleRevocation: Sendable {
    let direction: Direction
    let input: PermissionInput

    init(_ request: QueryRequest, direction: Direction) throws(PolicyError) {
        self.direction = direction
        input = try PermissionInput(request, direction: direction)
    }

    func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let result =
            input.ruleIds.isEmpty
            ? try state.revoke(
                scope: context.scope, groupId: input.groupId, groupName: input.groupName, direction: direction,
                permissions: input.permissions)
            : try state.revoke(
                scope: context.scope, groupId: input.groupId, groupName: input.groupName, direction: direction,
                ruleIds: input.ruleIds)
        return EC2Result { writer in
            writer.element("return", true)
            if !result.unknown.isEmpty {
                writer.list("unknownIpPermissionSet", result.unknown) { $0.requestedPermission($1) }
            }
            writer.list("revokedSecurityGroupRuleSet", result.revoked) { $0.revokedSecurityGroupRule($1) }
        }
    }
}

/// UpdateSecurityGroupRuleDescriptionsIngress/Egress, by permission or by rule ID.
struct RuleDescriptionUpdate: Sendable {
    let direction: Direction
    let groupId: String?
    let groupName: String?
    let permissions: [IpPermission]
    let descriptions: [(String, String?)]

    init(_ request: QueryRequest, direction: Direction) throws(PolicyError) {
        self.direction = direction
        groupId = request["GroupId"]
        groupName = request["GroupName"]
        permissions = try request.ipPermissions()
        var descriptions: [(String, String?)] = []
        for item in request.structures("SecurityGroupRuleDescription") {
            guard let id = item["SecurityGroupRuleId"] else { throw .missing("SecurityGroupRuleId") }
            descriptions.append((id, item["Description"]))
        }
        self.descriptions = descriptions
        if permissions.isEmpty && descriptions.isEmpty { throw .missing("IpPermissions") }
        if !permissions.isEmpty && !descriptions.isEmpty {
            throw PolicyError(
                .invalidParameterCombination,
                "The parameter IpPermissions cannot be used with the parameter SecurityGroupRuleDescriptions")
        }
    }

    func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        if descriptions.isEmpty {
            try state.updateRuleDescriptions(
                scope: context.scope, groupId: groupId, groupName: groupName, direction: direction, permissions: permissions)
        } else {
            try state.updateRuleDescriptions(
                scope: context.scope, groupId: groupId, groupName: groupName, direction: direction,
                descriptions: descriptions)
        }
        return .returnTrue
    }
}
