public import PalisadeCore

/// A rule that was consulted for a dropped packet and did not match, with every reason why.
public struct RuleMiss: Hashable, Sendable, CustomStringConvertible {
    /// Why one dimension of a rule did not match.
    public enum Reason: Hashable, Sendable, CustomStringConvertible {
        /// The rule is for another protocol.
        case wrongProtocol(rule: IPProtocol, packet: UInt8)
        /// The packet's destination port is outside the rule's range.
        case portOutOfRange(from: Int, to: Int, port: Int)
        /// The ICMP type/code is not the rule's (-1 = any).
        case icmpTypeCodeMismatch(ruleType: Int, ruleCode: Int, type: Int, code: Int)
        /// The peer address is not in the rule's CIDR (includes the other address family).
        case notInCIDR(cidr: String, address: IPAddress)
        /// The peer address is in none of the prefix list's blocks.
        case notInPrefixList(prefixListId: String, address: IPAddress)
        /// The rule references a prefix list the snapshot does not hold.
        case prefixListNotFound(prefixListId: String)
        /// The peer address is not a private address of any interface carrying the group.
        case notInGroup(groupId: String, address: IPAddress, direction: Direction)

        public var description: String {
            switch self {
            case .wrongProtocol(let rule, let packet):
                "protocol \(rule.wireValue == "-1" ? "all" : rule.wireValue), not \(ProtocolNumber.name(packet))"
            case .portOutOfRange(let from, let to, let port):
                from == to ? "port \(from) only, not \(port)" : "ports \(from)-\(to), not \(port)"
            case .icmpTypeCodeMismatch(let ruleType, let ruleCode, let type, let code):
                "ICMP type \(ruleType) code \(ruleCode), not type \(type) code \(code)"
            case .notInCIDR(let cidr, let address):
                "\(address) not in \(cidr)"
            case .notInPrefixList(let id, let address):
                "\(address) not in prefix list \(id)"
            case .prefixListNotFound(let id):
                "prefix list \(id) not found"
            case .notInGroup(let groupId, let address, let direction):
                "\(direction == .ingress ? "source" : "destination") \(address) not in group \(groupId)"
            }
        }
    }

    public var rule: RuleReference
    public var reasons: [Reason]

    public init(rule: RuleReference, reasons: [Reason]) {
        self.rule = rule
        self.reasons = reasons
    }

    public var description: String {
        "\(rule.ruleId) (\(rule.groupId)): " + reasons.map(\.description).joined(separator: "; ")
    }
}
