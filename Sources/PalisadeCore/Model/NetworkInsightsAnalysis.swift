/// A Reachability Analyzer analysis (`nia-…`) of one path, with its findings as AWS reports them.
///
/// Palisade computes the findings when the analysis starts (the security-group part of the path is a
/// lookup, not minutes of work), stores them, and reports `running` only in the answer to the start.
public struct NetworkInsightsAnalysis: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        case running
        case succeeded
        case failed
    }

    /// `AnalysisComponent`: a resource on the path.
    public struct Component: Hashable, Sendable, Codable {
        public var id: String
        public var arn: String?
        public var name: String?

        public init(id: String, arn: String?, name: String? = nil) {
            self.id = id
            self.arn = arn
            self.name = name
        }
    }

    /// `AnalysisSecurityGroupRule`: the rule that admitted the traffic at one hop. `securityGroupId` is the
    /// referenced group when the rule's peer is a group.
    public struct SecurityGroupRule: Hashable, Sendable, Codable {
        public var cidr: String?
        public var direction: Direction
        public var securityGroupId: String?
        public var portRange: NetworkInsightsPath.PortRange?
        public var prefixListId: String?
        /// `tcp`, `udp`, `icmp`, … or `all`.
        public var `protocol`: String

        public init(
            cidr: String? = nil, direction: Direction, securityGroupId: String? = nil,
            portRange: NetworkInsightsPath.PortRange?, prefixListId: String? = nil, protocol: String
        ) {
            self.cidr = cidr
            self.direction = direction
            self.securityGroupId = securityGroupId
            self.portRange = portRange
            self.prefixListId = prefixListId
            self.protocol = `protocol`
        }
    }

    /// `AnalysisPacketHeader`: the packet as it leaves or enters a component.
    public struct PacketHeader: Hashable, Sendable, Codable {
        public var sourceAddresses: [String]
        public var destinationAddresses: [String]
        public var sourcePortRanges: [NetworkInsightsPath.PortRange]
        public var destinationPortRanges: [NetworkInsightsPath.PortRange]
        public var `protocol`: String

        public init(
            sourceAddresses: [String], destinationAddresses: [String], sourcePortRanges: [NetworkInsightsPath.PortRange],
            destinationPortRanges: [NetworkInsightsPath.PortRange], protocol: String
        ) {
            self.sourceAddresses = sourceAddresses
            self.destinationAddresses = destinationAddresses
            self.sourcePortRanges = sourcePortRanges
            self.destinationPortRanges = destinationPortRanges
            self.protocol = `protocol`
        }
    }

    /// `PathComponent`: one hop of the forward path.
    public struct PathComponent: Hashable, Sendable, Codable {
        public var sequenceNumber: Int
        public var component: Component
        public var vpc: Component?
        public var subnet: Component?
        public var securityGroupRule: SecurityGroupRule?
        public var inboundHeader: PacketHeader?
        public var outboundHeader: PacketHeader?

        public init(
            sequenceNumber: Int, component: Component, vpc: Component? = nil, subnet: Component? = nil,
            securityGroupRule: SecurityGroupRule? = nil, inboundHeader: PacketHeader? = nil,
            outboundHeader: PacketHeader? = nil
        ) {
            self.sequenceNumber = sequenceNumber
            self.component = component
            self.vpc = vpc
            self.subnet = subnet
            self.securityGroupRule = securityGroupRule
            self.inboundHeader = inboundHeader
            self.outboundHeader = outboundHeader
        }
    }

    /// `Explanation`: why no path was found (for security groups, `ENI_SG_RULES_MISMATCH`).
    public struct Explanation: Hashable, Sendable, Codable {
        public var explanationCode: String
        public var direction: Direction?
        public var component: Component?
        public var networkInterface: Component?
        public var securityGroups: [Component]
        public var vpc: Component?
        public var subnet: Component?
        public var protocols: [String]
        public var portRanges: [NetworkInsightsPath.PortRange]
        public var addresses: [String]

        public init(
            explanationCode: String, direction: Direction? = nil, component: Component? = nil,
            networkInterface: Component? = nil, securityGroups: [Component] = [], vpc: Component? = nil,
            subnet: Component? = nil, protocols: [String] = [], portRanges: [NetworkInsightsPath.PortRange] = [],
            addresses: [String] = []
        ) {
            self.explanationCode = explanationCode
            self.direction = direction
            self.component = component
            self.networkInterface = networkInterface
            self.securityGroups = securityGroups
            self.vpc = vpc
            self.subnet = subnet
            self.protocols = protocols
            self.portRanges = portRanges
            self.addresses = addresses
        }
    }

    /// What an analysis found: computed outside Core (by the flow engine) and stored with the analysis.
    public struct Findings: Hashable, Sendable, Codable {
        public var status: Status
        public var statusMessage: String?
        public var networkPathFound: Bool?
        public var forwardPathComponents: [PathComponent]
        public var explanations: [Explanation]

        public init(
            status: Status = .succeeded, statusMessage: String? = nil, networkPathFound: Bool?,
            forwardPathComponents: [PathComponent] = [], explanations: [Explanation] = []
        ) {
            self.status = status
            self.statusMessage = statusMessage
            self.networkPathFound = networkPathFound
            self.forwardPathComponents = forwardPathComponents
            self.explanations = explanations
        }

        /// A failed analysis with AWS's `statusMessage`.
        public static func failed(_ message: String) -> Findings {
            Findings(status: .failed, statusMessage: message, networkPathFound: nil)
        }
    }

    public var networkInsightsAnalysisId: String
    public var scope: Scope
    public var networkInsightsPathId: String
    public var startDate: Timestamp
    public var additionalAccounts: [String]
    public var filterInArns: [String]
    public var filterOutArns: [String]
    public var findings: Findings
    public var clientToken: String?
    public var tags: [Tag]

    public init(
        networkInsightsAnalysisId: String, scope: Scope, networkInsightsPathId: String, startDate: Timestamp,
        additionalAccounts: [String] = [], filterInArns: [String] = [], filterOutArns: [String] = [],
        findings: Findings, clientToken: String? = nil, tags: [Tag] = []
    ) {
        self.networkInsightsAnalysisId = networkInsightsAnalysisId
        self.scope = scope
        self.networkInsightsPathId = networkInsightsPathId
        self.startDate = startDate
        self.additionalAccounts = additionalAccounts
        self.filterInArns = filterInArns
        self.filterOutArns = filterOutArns
        self.findings = findings
        self.clientToken = clientToken
        self.tags = tags
    }

    public var arn: String { scope.arn(.networkInsightsAnalysis, networkInsightsAnalysisId) }
    public var status: Status { findings.status }

    /// The analysis as the answer to StartNetworkInsightsAnalysis shows it: still running, no findings yet.
    public var asStarted: NetworkInsightsAnalysis {
        var started = self
        started.findings = Findings(status: .running, networkPathFound: nil)
        return started
    }
}
