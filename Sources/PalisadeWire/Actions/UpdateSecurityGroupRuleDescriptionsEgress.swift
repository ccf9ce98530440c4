public import PalisadeCore

public struct UpdateSecurityGroupRuleDescriptionsEgress: EC2WriteAction {
    public static let name = "UpdateSecurityGroupRuleDescriptionsEgress"
    let action: RuleDescriptionUpdate

    public init(_ request: QueryRequest) throws(PolicyError) {
        action = try RuleDescriptionUpdate(request, direction: .egress)
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try action.perform(&state, context)
    }
}
