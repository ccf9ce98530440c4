public import PalisadeCore

public struct DescribeManagedPrefixLists: EC2ReadAction {
    public static let name = "DescribeManagedPrefixLists"
    let ids: [String]
    let filters: [DescribeFilter]
    let pagination: Pagination

    public init(_ request: QueryRequest) throws(PolicyError) {
        ids = request.list("PrefixListId")
        filters = request.filters
        pagination = try Pagination(request, bounds: 1...100)
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let (lists, token) = pagination.page(
            try state.describeManagedPrefixLists(scope: context.scope, ids: ids, filters: filters)) { $0.prefixListId }
        return EC2Result { writer in
            writer.list("prefixListSet", lists) { $0.managedPrefixList($1) }
            writer.element("nextToken", token)
        }
    }
}
