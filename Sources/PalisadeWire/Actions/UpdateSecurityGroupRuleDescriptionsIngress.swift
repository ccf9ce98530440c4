public import PalisadeCore

public struct UpdateSecurityGroupRuleDescriptionsIngress: EC2WriteAction {
    public static let name = "UpdateSecurityGroupRuleDescriptionsIngress"
    let action: RuleDescriptionUpdate

    public init(_ request: QueryRequest) throws(PolicyError) {
        action = try RuleDescriptionUpdate(request, direction: .ingress)
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try action.perform(&state, context)
    }
}
