public import PalisadeCore

/// Analyzes the path at once (the security-group part is a lookup) and stores the findings; the answer says
/// `running`, as AWS's does, and the first describe says `succeeded`.
public struct StartNetworkInsightsAnalysis: EC2WriteAction {
    public static let name = "StartNetworkInsightsAnalysis"
    let pathId: String?
    let additionalAccounts: [String]
    let filterInArns: [String]
    let filterOutArns: [String]
    let clientToken: String?
    let tags: [Tag]

    public init(_ request: QueryRequest) throws(PolicyError) {
        pathId = request["NetworkInsightsPathId"]
        additionalAccounts = request.list("AdditionalAccount")
        filterInArns = request.list("FilterInArn")
        filterOutArns = request.list("FilterOutArn")
        clientToken = request["ClientToken"]
        tags = try request.tags(for: "network-insights-analysis")
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let analysis = try state.startNetworkInsightsAnalysis(
            scope: context.scope, pathId: pathId, additionalAccounts: additionalAccounts, filterInArns: filterInArns,
            filterOutArns: filterOutArns, clientToken: clientToken, tags: tags,
            analyze: NetworkPathAnalyzer.findings(for:in:))
        let started = analysis.asStarted
        return EC2Result { writer in writer.element("networkInsightsAnalysis") { $0.networkInsightsAnalysis(started) } }
    }
}
