import PalisadeCore

/// The arguments of one rule, from an inline `ingress`/`egress` block or a rule resource, evaluated but not
/// yet checked: what ``TranslationSession/emitRules(_:)`` turns into rules or symbolic rules.
struct RuleInput {
    /// One argument that names peers.
    struct PeerArgument {
        var kind: SymbolicRule.PeerKind
        var name: String
        var value: Value
        /// The argument's expression.
        var range: SourceRange
        /// Each element's expression, when the argument is written as a list literal.
        var elementRanges: [SourceRange]?
        /// Whether the argument is a list (`cidr_blocks`) rather than one value (`cidr_ipv4`).
        var isList: Bool
        /// Whether it is `self = true`, which names the rule's own group.
        var isSelf: Bool = false
    }

    var address: String
    var resourceType: String
    var resourceRange: SourceRange
    /// The block that produced the rule.
    var range: SourceRange
    /// Identifies the rule within the configuration, for stable IDs.
    var seed: String
    /// The group the rule belongs to: its ID, or unknown.
    var group: Value
    var groupRange: SourceRange?
    var direction: Direction
    var ipProtocol: (value: Value, range: SourceRange)?
    var fromPort: (value: Value, range: SourceRange)?
    var toPort: (value: Value, range: SourceRange)?
    /// Whether ports may be omitted (the `aws_vpc_security_group_*_rule` resources); inline blocks and
    /// `aws_security_group_rule` require them, and a missing one is reported by the schema check.
    var portsOptional: Bool
    var description: (value: Value, range: SourceRange)?
    var peers: [PeerArgument]
    /// Whether exactly one peer argument is allowed (`aws_vpc_security_group_*_rule`).
    var exactlyOnePeer: Bool
    /// The rule ID to use when the resource yields exactly one rule (`aws_vpc_security_group_*_rule`).
    var ruleId: String?
    /// Set when the rule's instances cannot be listed (unknown `count`/`for_each`/dynamic `for_each`).
    var forcedUnknown: Value.Unknown?

    var origin: SourceOrigin {
        SourceOrigin(address: address, resourceType: resourceType, resourceRange: resourceRange, range: range)
    }
}
