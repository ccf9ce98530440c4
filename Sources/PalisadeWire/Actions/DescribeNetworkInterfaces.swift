public import PalisadeCore

public struct DescribeNetworkInterfaces: EC2ReadAction {
    public static let name = "DescribeNetworkInterfaces"
    let ids: [String]
    let filters: [DescribeFilter]
    let pagination: Pagination

    public init(_ request: QueryRequest) throws(PolicyError) {
        ids = request.list("NetworkInterfaceId")
        filters = request.filters
        pagination = try Pagination(request, bounds: 5...1000)
        if pagination.maxResults != nil && !ids.isEmpty {
            throw PolicyError(
                .invalidParameterCombination,
                "The parameter NetworkInterfaceIds cannot be used with the parameter maxResults")
        }
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let (enis, token) = pagination.page(
            try state.describeNetworkInterfaces(scope: context.scope, ids: ids, filters: filters)
        ) { $0.networkInterfaceId }
        let rows = enis.map { ($0, state.groupNames($0.groupIds), state.subnets[$0.subnetId]?.availabilityZoneId) }
        return EC2Result { writer in
            writer.list("networkInterfaceSet", rows) { $0.networkInterface($1.0, groupNames: $1.1, availabilityZoneId: $1.2) }
            writer.element("nextToken", token)
        }
    }
}
