public import PalisadeCore

public struct DeleteNetworkInsightsPath: EC2WriteAction {
    public static let name = "DeleteNetworkInsightsPath"
    let pathId: String?

    public init(_ request: QueryRequest) throws(PolicyError) { pathId = request["NetworkInsightsPathId"] }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let id = try state.deleteNetworkInsightsPath(scope: context.scope, pathId: pathId)
        return EC2Result { $0.element("networkInsightsPathId", id) }
    }
}
