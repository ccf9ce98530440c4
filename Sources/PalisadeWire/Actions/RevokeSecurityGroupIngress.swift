public import PalisadeCore

public struct RevokeSecurityGroupIngress: EC2WriteAction {
    public static let name = "RevokeSecurityGroupIngress"
    let input: PermissionInput

    public init(_ request: QueryRequest) throws(PolicyError) {
        input = try PermissionInput(request, direction: .ingress)
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let result =
            input.ruleIds.isEmpty
            ? try state.revoke(
                scope: context.scope, groupId: input.groupId, groupName: input.groupName, direction: .ingress,
                permissions: input.permissions)
            : try state.revoke(
                scope: context.scope, groupId: input.groupId, groupName: input.groupName, direction: .ingress,
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
