public import PalisadeCore

public struct RevokeSecurityGroupIngress: EC2WriteAction {
    public static let name = "RevokeSecurityGroupIngress"
    let action: RuleRevocation

    public init(_ request: QueryRequest) throws(PolicyError) {
        action = try RuleRevocation(request, direction: .ingress)
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try action.perform(&state, context)
    }
}
