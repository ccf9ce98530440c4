public import PalisadeCore

public struct AuthorizeSecurityGroupIngress: EC2WriteAction {
    public static let name = "AuthorizeSecurityGroupIngress"
    let input: PermissionInput
    let tags: [Tag]

    public init(_ request: QueryRequest) throws(PolicyError) {
        input = try PermissionInput(request, direction: .ingress)
        tags = try request.tags(for: "security-group-rule")
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let rules = try state.authorize(
            scope: context.scope, groupId: input.groupId, groupName: input.groupName, direction: .ingress,
            permissions: input.permissions, ruleTags: tags)
        return EC2Result { writer in
            writer.element("return", true)
            writer.list("securityGroupRuleSet", rules) { $0.securityGroupRule($1) }
        }
    }
}
