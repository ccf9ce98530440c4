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

    /// The addresses an address match accepts.
    public enum Addresses: Hashable, Sendable {
        /// A named set (`@sg_0abc_v4`).
        case set(String)
        /// Literal blocks (`10.0.0.0/8`, or an anonymous set `{ 10.0.0.0/8, 172.16.0.0/12 }`).
        case blocks([String])
    }

    /// `ct state established,related`.
    case conntrackState([ConntrackState])
    /// `meta nfproto ipv4`.
    case family(Family)
    /// `meta l4proto tcp` (names for TCP, UDP, ICMP and ICMPv6; numbers otherwise).
    case transportProtocol(UInt8)
    /// `tcp dport { 22, 80-90 }`: TCP (6) or UDP (17) ports in sorted, disjoint ranges.
    case ports(protocolNumber: UInt8, field: Field, ranges: [ClosedRange<UInt16>])
    /// `icmp type 8 icmp code 0`, `icmpv6 type { 133, 135 }`.
    case icmp(family: Family, types: [UInt8], code: UInt8?)
    /// `ip saddr @sg_0abc_v4`.
    case address(family: Family, field: Field, addresses: Addresses)

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
            let values = ranges.map {
                $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)"
            }
            return "\(NFTMatch.protocolName(number)) \(field == .source ? "sport" : "dport") \(NFTMatch.list(values))"
        case .icmp(let family, let types, let code):
            let keyword = family == .ipv4 ? "icmp" : "icmpv6"
            var text = "\(keyword) type \(NFTMatch.list(types.map(String.init)))"
            if let code { text += " \(keyword) code \(code)" }
            return text
        case .address(let family, let field, let addresses):
            let value: String
            switch addresses {
            case .set(let name): value = "@\(name)"
            case .blocks(let blocks): value = NFTMatch.list(blocks)
            }
            return "\(family.addressKeyword) \(field == .source ? "saddr" : "daddr") \(value)"
        }
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
