public import PalisadeCore

public struct DescribeSecurityGroups: EC2ReadAction {
    public static let name = "DescribeSecurityGroups"
    let ids: [String]
    let names: [String]
    let filters: [DescribeFilter]
    let pagination: Pagination

    public init(_ request: QueryRequest) throws(PolicyError) {
        ids = request.list("GroupId")
        names = request.list("GroupName")
        filters = request.filters
        pagination = try Pagination(request, bounds: 5...1000)
        if pagination.maxResults != nil && (!ids.isEmpty || !names.isEmpty) {
            throw PolicyError(
                .invalidParameterCombination, "The parameter groupIds or groupNames cannot be used with the parameter maxResults")
        }
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        // The core reads only this page's groups, and one more that tells whether another page follows.
        let groups = try state.describeSecurityGroups(
            scope: context.scope, ids: ids, names: names, filters: filters, after: pagination.after,
            limit: pagination.maxResults.map { $0 + 1 })
        let (page, token) = pagination.page(groups) { $0.groupId }
        let rows = page.map { ($0, state.rules(of: $0.groupId)) }
        return EC2Result { writer in
            writer.list("securityGroupInfo", rows) { $0.securityGroup($1.0, rules: $1.1) }
            writer.element("nextToken", token)
        }
    }
}
