public import PalisadeCore

public struct RevokeSecurityGroupEgress: EC2WriteAction {
    public static let name = "RevokeSecurityGroupEgress"
    let action: RuleRevocation

    public init(_ request: QueryRequest) throws(PolicyError) {
        action = try RuleRevocation(request, direction: .egress)
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try action.perform(&state, context)
    }
}
