public import PalisadeCore

public struct DeleteNetworkInsightsAnalysis: EC2WriteAction {
    public static let name = "DeleteNetworkInsightsAnalysis"
    let analysisId: String?

    public init(_ request: QueryRequest) throws(PolicyError) { analysisId = request["NetworkInsightsAnalysisId"] }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let id = try state.deleteNetworkInsightsAnalysis(scope: context.scope, analysisId: analysisId)
        return EC2Result { $0.element("networkInsightsAnalysisId", id) }
    }
}
