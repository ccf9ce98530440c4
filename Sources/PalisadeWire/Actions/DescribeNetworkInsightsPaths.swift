public import PalisadeCore

public struct DescribeNetworkInsightsPaths: EC2ReadAction {
    public static let name = "DescribeNetworkInsightsPaths"
    let ids: [String]
    let filters: [DescribeFilter]
    let pagination: Pagination

    public init(_ request: QueryRequest) throws(PolicyError) {
        ids = request.list("NetworkInsightsPathId")
        filters = request.filters
        pagination = try Pagination(request, bounds: 1...100)
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let (paths, token) = pagination.page(
            try state.describeNetworkInsightsPaths(scope: context.scope, ids: ids, filters: filters)
        ) { $0.networkInsightsPathId }
        return EC2Result { writer in
            writer.list("networkInsightsPathSet", paths) { $0.networkInsightsPath($1) }
            writer.element("nextToken", token)
        }
    }
}
