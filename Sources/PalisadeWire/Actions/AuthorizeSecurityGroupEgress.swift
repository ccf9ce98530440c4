public import PalisadeCore

public struct AuthorizeSecurityGroupEgress: EC2WriteAction {
    public static let name = "AuthorizeSecurityGroupEgress"
    let input: PermissionInput
    let tags: [Tag]

    public init(_ request: QueryRequest) throws(PolicyError) {
        input = try PermissionInput(request, direction: .egress)
        tags = try request.tags(for: "security-group-rule")
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let rules = try state.authorize(
            scope: context.scope, groupId: input.groupId, groupName: input.groupName, direction: .egress,
            permissions: input.permissions, ruleTags: tags)
        return EC2Result { writer in
            writer.element("return", true)
            writer.list("securityGroupRuleSet", rules) { $0.securityGroupRule($1) }
        }
    }
}
