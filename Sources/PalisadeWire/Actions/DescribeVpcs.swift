public import PalisadeCore

public struct DescribeVpcs: EC2ReadAction {
    public static let name = "DescribeVpcs"
    let ids: [String]
    let filters: [DescribeFilter]
    let pagination: Pagination

    public init(_ request: QueryRequest) throws(PolicyError) {
        ids = request.list("VpcId")
        filters = request.filters
        pagination = try Pagination(request, bounds: 5...1000)
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let (vpcs, token) = pagination.page(try state.describeVpcs(scope: context.scope, ids: ids, filters: filters)) { $0.vpcId }
        return EC2Result { writer in
            writer.list("vpcSet", vpcs) { $0.vpc($1) }
            writer.element("nextToken", token)
        }
    }
}
