public import PalisadeCore

/// A rule the configuration declares but whose peer, protocol, ports or group cannot be known, such as
/// `cidr_blocks = var.corporate_cidr_blocks` with no value for the variable.
///
/// Such rules are kept apart from ``TerraformTranslation/snapshot``: they are neither guessed
/// (`0.0.0.0/0`) nor dropped, so a check can say "source unknown" instead of "open to the world".
public struct SymbolicRule: Sendable, Hashable {
    /// The peer of a symbolic rule.
    public enum Peer: Sendable, Hashable {
        /// The peer is known; something else about the rule is not.
        case known(RulePeer)
        /// The peer is unknown; `kind` says what the argument would give.
        case unknown(PeerKind)
    }

    /// What kind of peer an argument gives.
    public enum PeerKind: String, Sendable, Hashable {
        /// `cidr_blocks`, `cidr_ipv4`.
        case cidrIpv4
        /// `ipv6_cidr_blocks`, `cidr_ipv6`.
        case cidrIpv6
        /// `prefix_list_ids`, `prefix_list_id`.
        case prefixList
        /// `security_groups`, `source_security_group_id`, `referenced_security_group_id`, `self`.
        case securityGroup
    }

    /// The resource instance address, such as `aws_security_group.bastion_sg`.
    public var address: String
    /// The group the rule belongs to; nil when that is unknown too.
    public var groupId: String?
    /// Ingress or egress.
    public var direction: Direction
    /// The protocol; nil when unknown.
    public var ipProtocol: IPProtocol?
    /// Start port or ICMP type, when known and part of the rule.
    public var fromPort: Int?
    /// End port or ICMP code, when known and part of the rule.
    public var toPort: Int?
    /// Whether ``fromPort`` and ``toPort`` are known (they are nil for protocols without ports).
    public var portsKnown: Bool
    /// The peer.
    public var peer: Peer
    /// The rule's description, when known.
    public var description: String?
    /// Why the rule is symbolic, such as `variable "corporate_cidr_blocks" has no value`.
    public var reason: String
    /// Where the unknown value comes from (a variable declaration, a data source, …), when known.
    public var unknownOrigin: SourceRange?
    /// Where the rule is declared.
    public var origin: SourceOrigin

    /// Creates a symbolic rule.
    public init(
        address: String,
        groupId: String?,
        direction: Direction,
        ipProtocol: IPProtocol?,
        fromPort: Int?,
        toPort: Int?,
        portsKnown: Bool,
        peer: Peer,
        description: String?,
        reason: String,
        unknownOrigin: SourceRange?,
        origin: SourceOrigin
    ) {
        self.address = address
        self.groupId = groupId
        self.direction = direction
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
        self.portsKnown = portsKnown
        self.peer = peer
        self.description = description
        self.reason = reason
        self.unknownOrigin = unknownOrigin
        self.origin = origin
    }
}
