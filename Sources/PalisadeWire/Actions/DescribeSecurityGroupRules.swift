public import PalisadeCore

public struct DescribeSecurityGroupRules: EC2ReadAction {
    public static let name = "DescribeSecurityGroupRules"
    let ids: [String]
    let filters: [DescribeFilter]
    let pagination: Pagination

    public init(_ request: QueryRequest) throws(PolicyError) {
        ids = request.list("SecurityGroupRuleId")
        filters = request.filters
        pagination = try Pagination(request, bounds: 5...1000)
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let (rules, token) = pagination.page(
            try state.describeSecurityGroupRules(scope: context.scope, ids: ids, filters: filters)) { $0.ruleId }
        return EC2Result { writer in
            writer.list("securityGroupRuleSet", rules) { $0.securityGroupRule($1) }
            writer.element("nextToken", token)
        }
    }
}
