/// A Reachability Analyzer path (`nip-…`): a source, an optional destination, a protocol and port to analyze.
///
/// Palisade analyzes the security-group part of a path: interface endpoints (or an address held by an
/// interface) in one VPC, and outside addresses judged by the side that exists.
public struct NetworkInsightsPath: Hashable, Sendable, Codable {
    /// `FilterAtSource` / `FilterAtDestination`: addresses and port ranges that scope the analysis.
    public struct Filter: Hashable, Sendable, Codable {
        public var sourceAddress: String?
        public var sourcePortRange: PortRange?
        public var destinationAddress: String?
        public var destinationPortRange: PortRange?

        public init(
            sourceAddress: String? = nil, sourcePortRange: PortRange? = nil, destinationAddress: String? = nil,
            destinationPortRange: PortRange? = nil
        ) {
            self.sourceAddress = sourceAddress
            self.sourcePortRange = sourcePortRange
            self.destinationAddress = destinationAddress
            self.destinationPortRange = destinationPortRange
        }

        public var isEmpty: Bool {
            sourceAddress == nil && sourcePortRange == nil && destinationAddress == nil && destinationPortRange == nil
        }
    }

    /// A port range with optional ends (`FromPort`/`ToPort`, `from`/`to`).
    public struct PortRange: Hashable, Sendable, Codable {
        public var from: Int?
        public var to: Int?

        public init(from: Int?, to: Int?) {
            self.from = from
            self.to = to
        }

        /// The range with missing ends filled in: `from` alone is one port, nothing is every port.
        public var bounds: ClosedRange<Int> {
            let low = from ?? to ?? 0
            let high = to ?? from ?? 65_535
            return min(low, high)...max(low, high)
        }
    }

    public var networkInsightsPathId: String
    public var scope: Scope
    public var createdDate: Timestamp
    /// The source resource ID (`eni-…`), as given or resolved from an ARN.
    public var source: String
    public var destination: String?
    public var sourceIp: String?
    public var destinationIp: String?
    /// `tcp` or `udp`.
    public var `protocol`: String
    public var destinationPort: Int?
    public var filterAtSource: Filter?
    public var filterAtDestination: Filter?
    public var clientToken: String?
    public var tags: [Tag]

    public init(
        networkInsightsPathId: String, scope: Scope, createdDate: Timestamp, source: String, destination: String?,
        sourceIp: String?, destinationIp: String?, protocol: String, destinationPort: Int?, filterAtSource: Filter?,
        filterAtDestination: Filter?, clientToken: String?, tags: [Tag]
    ) {
        self.networkInsightsPathId = networkInsightsPathId
        self.scope = scope
        self.createdDate = createdDate
        self.source = source
        self.destination = destination
        self.sourceIp = sourceIp
        self.destinationIp = destinationIp
        self.protocol = `protocol`
        self.destinationPort = destinationPort
        self.filterAtSource = filterAtSource
        self.filterAtDestination = filterAtDestination
        self.clientToken = clientToken
        self.tags = tags
    }

    public var arn: String { scope.arn(.networkInsightsPath, networkInsightsPathId) }

    /// The ARN of an endpoint resource (`nil` when the endpoint is absent).
    public func arn(of resourceId: String?) -> String? {
        guard let resourceId, let kind = ResourceKind.of(id: resourceId) else { return nil }
        return scope.arn(kind, resourceId)
    }

    /// Whether a retried `ClientToken` asks for the same path (tags aside: they may have changed since).
    public func sameRequest(as other: NetworkInsightsPath) -> Bool {
        source == other.source && destination == other.destination && sourceIp == other.sourceIp
            && destinationIp == other.destinationIp && `protocol` == other.protocol
            && destinationPort == other.destinationPort && filterAtSource == other.filterAtSource
            && filterAtDestination == other.filterAtDestination
    }
}
