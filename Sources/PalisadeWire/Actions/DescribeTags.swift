public import PalisadeCore

public struct DescribeTags: EC2ReadAction {
    public static let name = "DescribeTags"
    let filters: [DescribeFilter]
    let pagination: Pagination

    public init(_ request: QueryRequest) throws(PolicyError) {
        filters = request.filters
        pagination = try Pagination(request, bounds: 5...1000)
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let (rows, token) = pagination.page(try state.describeTags(scope: context.scope, filters: filters)) {
            "\($0.resourceId)\u{1}\($0.key)"
        }
        return EC2Result { writer in
            writer.list("tagSet", rows) { writer, row in
                writer.element("resourceId", row.resourceId)
                writer.element("resourceType", row.resourceType)
                writer.element("key", row.key)
                writer.element("value", row.value)
            }
            writer.element("nextToken", token)
        }
    }
}
