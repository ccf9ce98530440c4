public import PalisadeCore

/// The AWS-managed prefix lists of the region (S3, DynamoDB, CloudFront origin-facing) with their ranges.
public struct DescribePrefixLists: EC2ReadAction {
    public static let name = "DescribePrefixLists"
    let ids: [String]
    let filters: [DescribeFilter]
    let pagination: Pagination

    public init(_ request: QueryRequest) throws(PolicyError) {
        ids = request.list("PrefixListId")
        filters = request.filters
        pagination = try Pagination(request, bounds: 5...1000)
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let filterSet = FilterSet(filters)
        try filterSet.validate { ["prefix-list-id", "prefix-list-name"].contains($0) }
        let all = AWSManagedPrefixLists.lists(region: context.scope.region)
        for id in ids where !all.contains(where: { $0.prefixListId == id }) {
            try Validation.id(id, .prefixList)
            throw PolicyError(.invalidPrefixListIDNotFound, "The prefix list ID '\(id)' does not exist")
        }
        let matching = all.filter { list in
            (ids.isEmpty || ids.contains(list.prefixListId))
                && filterSet.matches(tags: []) { name in
                    name == "prefix-list-id" ? [list.prefixListId] : [list.prefixListName]
                }
        }.sorted { $0.prefixListId < $1.prefixListId }
        let (page, token) = pagination.page(matching) { $0.prefixListId }
        return EC2Result { writer in
            writer.list("prefixListSet", page) { writer, list in
                writer.list("cidrSet", list.entries.map(\.cidr)) { $0.escape($1) }
                writer.element("prefixListId", list.prefixListId)
                writer.element("prefixListName", list.prefixListName)
            }
            writer.element("nextToken", token)
        }
    }
}
