public import PalisadeCore

public struct AuthorizeSecurityGroupIngress: EC2WriteAction {
    public static let name = "AuthorizeSecurityGroupIngress"
    let action: RuleAuthorization

    public init(_ request: QueryRequest) throws(PolicyError) {
        action = try RuleAuthorization(request, direction: .ingress)
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try action.perform(&state, context)
    }
}
