public import PalisadeCore

public struct CreateTags: EC2WriteAction {
    public static let name = "CreateTags"
    let resourceIds: [String]
    let tags: [Tag]

    public init(_ request: QueryRequest) throws(PolicyError) {
        resourceIds = request.list("ResourceId")
        if resourceIds.count > 1000 { throw .invalidValue("At most 1000 resource IDs can be tagged in one call") }
        tags = request.structures("Tag").map { Tag(key: $0["Key"] ?? "", value: $0["Value"] ?? "") }
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try state.createTags(scope: context.scope, resourceIds: resourceIds, tags: tags)
        return .returnTrue
    }
}
