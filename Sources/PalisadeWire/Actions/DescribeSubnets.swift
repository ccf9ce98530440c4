public import PalisadeCore

public struct DescribeSubnets: EC2ReadAction {
    public static let name = "DescribeSubnets"
    let ids: [String]
    let filters: [DescribeFilter]
    let pagination: Pagination

    public init(_ request: QueryRequest) throws(PolicyError) {
        ids = request.list("SubnetId")
        filters = request.filters
        pagination = try Pagination(request, bounds: 5...1000)
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let (subnets, token) = pagination.page(
            try state.describeSubnets(scope: context.scope, ids: ids, filters: filters)) { $0.subnetId }
        let rows = subnets.map { ($0, state.availableIpAddressCount($0)) }
        return EC2Result { writer in
            writer.list("subnetSet", rows) { $0.subnet($1.0, availableIpAddressCount: $1.1) }
            writer.element("nextToken", token)
        }
    }
}
