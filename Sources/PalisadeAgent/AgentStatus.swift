/// What the agent last applied, written to `status.json` in the state directory after every transaction and
/// read by `palisade agent status`.
public struct AgentStatus: Hashable, Sendable, Codable {
    public struct Namespace: Hashable, Sendable, Codable {
        public var namespace: String
        public var interfaces: [String]
        /// Revision of the policy the table enforces; `nil` before any policy.
        public var revision: Int64?
        /// `full` or `elements`.
        public var lastTransaction: String?
        public var lastReason: String?
        /// Wall-clock time of the last committed transaction, ISO 8601.
        public var appliedAt: String?
        public var lastDurationMilliseconds: Double?
        public var chains: Int
        public var rules: Int
        public var sets: Int
        public var setElements: Int
        public var fullApplies: Int
        public var elementApplies: Int
        public var driftRepairs: Int
        public var failures: Int
        public var lastError: String?

        public init(namespace: String, interfaces: [String]) {
            self.namespace = namespace
            self.interfaces = interfaces
            chains = 0
            rules = 0
            sets = 0
            setElements = 0
            fullApplies = 0
            elementApplies = 0
            driftRepairs = 0
            failures = 0
        }
    }

    public var processId: Int32
    public var endpoint: String
    public var startedAt: String
    /// The newest revision the control plane has told the agent about.
    public var knownRevision: Int64?
    public var controlPlaneReachable: Bool
    public var lastControlPlaneError: String?
    public var namespaces: [Namespace]

    public init(processId: Int32, endpoint: String, startedAt: String, namespaces: [Namespace]) {
        self.processId = processId
        self.endpoint = endpoint
        self.startedAt = startedAt
        self.controlPlaneReachable = false
        self.namespaces = namespaces
    }
}
