/// One condition of a rule.
public enum NFTMatch: Hashable, Sendable, CustomStringConvertible {
    public enum Family: String, Hashable, Sendable, Comparable {
        case ipv4, ipv6

        /// The payload keyword of addresses: `ip` or `ip6`.
        var addressKeyword: String { self == .ipv4 ? "ip" : "ip6" }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .ipv4 && rhs == .ipv6 }
    }

    public enum ConntrackState: String, Hashable, Sendable {
        case invalid, established, related, new, untracked
    }

    /// Which addresses of the packet: the source (ingress peers) or the destination (egress peers).
    public enum Field: Hashable, Sendable {
        case source, destination
    }

    /// `ct state established,related`.
    case conntrackState([ConntrackState])
    /// `meta nfproto ipv4`.
    case family(Family)
    /// `meta l4proto tcp` (names for TCP, UDP, ICMP and ICMPv6; numbers otherwise).
    case transportProtocol(UInt8)
    /// `tcp dport { 22, 443 }`: TCP (6) or UDP (17) ports in sorted, disjoint ranges (build with
    /// ``ports(_:_:_:)``, which keeps ranges out of anonymous sets).
    case ports(protocolNumber: UInt8, field: Field, ranges: [ClosedRange<UInt16>])
    /// `icmp type 8 icmp code 0`, `icmpv6 type { 133, 135 }`.
    case icmp(family: Family, types: [UInt8], code: UInt8?)
    /// `ip saddr @sg_0abc_v4`: the address is in a named set (group members, prefix list).
    case address(family: Family, field: Field, set: String)
    /// `ip saddr . meta l4proto . th dport @eni_web_ingress_ports_v4`: the packet's values of `keys`,
    /// concatenated, looked up in a named set or an anonymous one.
    case lookup(keys: [Key], in: Lookup)

    /// Where a ``lookup(keys:in:)`` looks.
    public enum Lookup: Hashable, Sendable {
        /// A named set (`@eni_web_ingress_ports_v4`).
        case set(String)
        /// An anonymous set of these elements (`{ tcp . 80, udp . 53 }`).
        case elements([String])
    }

    /// The text nft reads.
    public var description: String { text }

    var text: String {
        switch self {
        case .conntrackState(let states):
            return "ct state \(states.map(\.rawValue).joined(separator: ","))"
        case .family(let family):
            return "meta nfproto \(family.rawValue)"
        case .transportProtocol(let number):
            return "meta l4proto \(NFTMatch.protocolName(number))"
        case .ports(let number, let field, let ranges):
            let values = ranges.map(NFTMatch.text)
            return "\(NFTMatch.protocolName(number)) \(field == .source ? "sport" : "dport") \(NFTMatch.list(values))"
        case .icmp(let family, let types, let code):
            let keyword = family == .ipv4 ? "icmp" : "icmpv6"
            var text = "\(keyword) type \(NFTMatch.list(types.map(String.init)))"
            if let code { text += " \(keyword) code \(code)" }
            return text
        case .address(let family, let field, let set):
            return "\(Key.address(family, field).text) @\(set)"
        case .lookup(let keys, let lookup):
            let value: String
            switch lookup {
            case .set(let name): value = "@\(name)"
            case .elements(let elements): value = "{ \(elements.joined(separator: ", ")) }"
            }
            return "\(keys.map(\.text).joined(separator: " . ")) \(value)"
        }
    }

    /// TCP or UDP ports, written so that nft creates no anonymous interval set: `tcp dport 80`,
    /// `tcp dport 1000-2000`, `tcp dport { 22, 443 }` (a hash set), and for several ranges
    /// `meta l4proto . th dport { tcp . 1000-2000, tcp . 3000 }`. Before every command, nft 1.0.6 reads the
    /// elements of each interval set that is not a concatenation, so one such set per rule made each
    /// membership change cost a round trip per rule; concatenated interval sets are not read.
    static func ports(_ protocolNumber: UInt8, _ field: Field, _ ranges: [ClosedRange<UInt16>]) -> NFTMatch {
        if ranges == [0...UInt16.max] { return .transportProtocol(protocolNumber) }
        if ranges.count == 1 || ranges.allSatisfy({ $0.lowerBound == $0.upperBound }) {
            return .ports(protocolNumber: protocolNumber, field: field, ranges: ranges)
        }
        let name = protocolName(protocolNumber)
        return .lookup(keys: [.transportProtocol, .port(field)], in: .elements(ranges.map { "\(name) . \(text($0))" }))
    }

    /// `80` or `80-90`.
    static func text(_ range: ClosedRange<UInt16>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound)"
    }

    static func protocolName(_ number: UInt8) -> String {
        switch number {
        case 1: "icmp"
        case 6: "tcp"
        case 17: "udp"
        case 58: "ipv6-icmp"
        default: String(number)
        }
    }

    /// One value as is, several as an anonymous set.
    static func list(_ values: [String]) -> String {
        values.count == 1 ? values[0] : "{ \(values.joined(separator: ", ")) }"
    }
}
