public import PalisadeCore

public struct DeleteTags: EC2WriteAction {
    public static let name = "DeleteTags"
    let resourceIds: [String]
    let tags: [(String, String?)]

    public init(_ request: QueryRequest) throws(PolicyError) {
        resourceIds = request.list("ResourceId")
        tags = request.structures("Tag").map { ($0["Key"] ?? "", $0["Value"]) }
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try state.deleteTags(scope: context.scope, resourceIds: resourceIds, tags: tags)
        return .returnTrue
    }
}
