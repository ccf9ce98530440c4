public import PalisadeCore

public struct AuthorizeSecurityGroupEgress: EC2WriteAction {
    public static let name = "AuthorizeSecurityGroupEgress"
    let action: RuleAuthorization

    public init(_ request: QueryRequest) throws(PolicyError) {
        action = try RuleAuthorization(request, direction: .egress)
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try action.perform(&state, context)
    }
}
