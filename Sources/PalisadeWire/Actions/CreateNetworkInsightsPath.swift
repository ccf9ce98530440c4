public import PalisadeCore

public struct CreateNetworkInsightsPath: EC2WriteAction {
    public static let name = "CreateNetworkInsightsPath"
    let source: String?
    let destination: String?
    let sourceIp: String?
    let destinationIp: String?
    let `protocol`: String?
    let destinationPort: Int?
    let filterAtSource: NetworkInsightsPath.Filter?
    let filterAtDestination: NetworkInsightsPath.Filter?
    let clientToken: String?
    let tags: [Tag]

    public init(_ request: QueryRequest) throws(PolicyError) {
        source = request["Source"]
        destination = request["Destination"]
        sourceIp = request["SourceIp"]
        destinationIp = request["DestinationIp"]
        `protocol` = request["Protocol"]
        destinationPort = try request.int("DestinationPort")
        filterAtSource = try Self.filter(request, "FilterAtSource")
        filterAtDestination = try Self.filter(request, "FilterAtDestination")
        clientToken = request["ClientToken"]
        tags = try request.tags(for: "network-insights-path")
    }

    /// `PathRequestFilter`: `SourceAddress`, `SourcePortRange.{FromPort,ToPort}`, `DestinationAddress`, `DestinationPortRange.*`.
    static func filter(_ request: QueryRequest, _ prefix: String) throws(PolicyError) -> NetworkInsightsPath.Filter? {
        guard request.has(prefix: prefix) else { return nil }
        let filter = request.sub(prefix)
        func range(_ name: String) throws(PolicyError) -> NetworkInsightsPath.PortRange? {
            guard filter.has(prefix: name) else { return nil }
            let range = filter.sub(name)
            return NetworkInsightsPath.PortRange(from: try range.int("FromPort"), to: try range.int("ToPort"))
        }
        return NetworkInsightsPath.Filter(
            sourceAddress: filter["SourceAddress"], sourcePortRange: try range("SourcePortRange"),
            destinationAddress: filter["DestinationAddress"], destinationPortRange: try range("DestinationPortRange"))
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let path = try state.createNetworkInsightsPath(
            scope: context.scope, source: source, destination: destination, sourceIp: sourceIp,
            destinationIp: destinationIp, protocol: `protocol`, destinationPort: destinationPort,
            filterAtSource: filterAtSource, filterAtDestination: filterAtDestination, clientToken: clientToken, tags: tags)
        return EC2Result { writer in writer.element("networkInsightsPath") { $0.networkInsightsPath(path) } }
    }
}
