extension NFTMatch {
    /// One component of a concatenated lookup (``NFTMatch/lookup(keys:in:)``) and the set type it needs.
    public enum Key: Hashable, Sendable {
        /// `meta nfproto`.
        case family
        /// `ip saddr`, `ip6 daddr`.
        case address(Family, Field)
        /// `meta l4proto`.
        case transportProtocol
        /// `th dport`, `th sport`: the port of TCP or UDP, whichever `meta l4proto` says.
        case port(Field)
        /// `icmp type`, `icmpv6 type`.
        case icmpType(Family)
        /// `icmp code`, `icmpv6 code`.
        case icmpCode(Family)

        var text: String {
            switch self {
            case .family: "meta nfproto"
            case .address(let family, let field): "\(family.addressKeyword) \(field == .source ? "saddr" : "daddr")"
            case .transportProtocol: "meta l4proto"
            case .port(let field): "th \(field == .source ? "sport" : "dport")"
            case .icmpType(let family): family == .ipv4 ? "icmp type" : "icmpv6 type"
            case .icmpCode(let family): family == .ipv4 ? "icmp code" : "icmpv6 code"
            }
        }

        var elementType: NFTSet.ElementType {
            switch self {
            case .family: .family
            case .address(let family, _): family == .ipv4 ? .ipv4Address : .ipv6Address
            case .transportProtocol: .transportProtocol
            case .port: .port
            case .icmpType(let family): family == .ipv4 ? .icmpType : .icmpv6Type
            case .icmpCode(let family): family == .ipv4 ? .icmpCode : .icmpv6Code
            }
        }
    }
}
