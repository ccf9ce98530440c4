public import PalisadeCore

/// AWS-service prefix lists (S3, DynamoDB gateway endpoints) of the region, with their published ranges.
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

    struct ServiceList: Sendable {
        var id: String
        var name: String
        var cidrs: [String]
    }

    static func serviceLists(region: String) -> [ServiceList] {
        // Stable per-region IDs derived from the region name, so clients can rely on them across restarts.
        let seed = region.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }
        func id(_ salt: UInt32) -> String {
            let text = String(seed ^ salt, radix: 16)
            return "pl-" + String(repeating: "0", count: 8 - text.count) + text
        }
        return [
            ServiceList(id: id(0x5300_0000), name: "com.amazonaws.\(region).s3", cidrs: ["52.216.0.0/15", "54.231.0.0/16"]),
            ServiceList(id: id(0xdd00_0000), name: "com.amazonaws.\(region).dynamodb", cidrs: ["3.218.180.0/22", "52.94.0.0/22"]),
        ]
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let filterSet = FilterSet(filters)
        try filterSet.validate { ["prefix-list-id", "prefix-list-name"].contains($0) }
        let all = DescribePrefixLists.serviceLists(region: context.scope.region)
        for id in ids where !all.contains(where: { $0.id == id }) {
            try Validation.id(id, .prefixList)
            throw PolicyError(.invalidPrefixListIDNotFound, "The prefix list ID '\(id)' does not exist")
        }
        let matching = all.filter { list in
            (ids.isEmpty || ids.contains(list.id))
                && filterSet.matches(tags: []) { name in name == "prefix-list-id" ? [list.id] : [list.name] }
        }.sorted { $0.id < $1.id }
        let (page, token) = pagination.page(matching) { $0.id }
        return EC2Result { writer in
            writer.list("prefixListSet", page) { writer, list in
                writer.list("cidrSet", list.cidrs) { $0.escape($1) }
                writer.element("prefixListId", list.id)
                writer.element("prefixListName", list.name)
            }
            writer.element("nextToken", token)
        }
    }
}
