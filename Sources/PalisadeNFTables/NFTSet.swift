/// A named set: the members of one security group, the blocks of one prefix list, or the address and
/// service boxes of one interface's CIDR rules (a concatenated type such as `ipv4_addr . inet_proto .
/// inet_service`).
public struct NFTSet: Hashable, Sendable {
    /// One component of a set's type.
    public enum ElementType: String, Hashable, Sendable {
        case ipv4Address = "ipv4_addr"
        case ipv6Address = "ipv6_addr"
        /// `meta nfproto`: `ipv4` or `ipv6`.
        case family = "nf_proto"
        /// `meta l4proto`.
        case transportProtocol = "inet_proto"
        /// A TCP or UDP port.
        case port = "inet_service"
        case icmpType = "icmp_type"
        case icmpCode = "icmp_code"
        case icmpv6Type = "icmpv6_type"
        case icmpv6Code = "icmpv6_code"
    }

    public var name: String
    /// One type, or several concatenated (`ipv4_addr . inet_proto`).
    public var type: [ElementType]
    /// Whether elements may be ranges or CIDR blocks (`flags interval`); host addresses need no intervals.
    public var isInterval: Bool
    /// Elements in nft syntax (`10.0.0.5`, `10.0.0.0/8`, `10.0.0.0/8 . tcp . 80-90 comment "sgr-1"`), sorted,
    /// with no overlaps.
    public var elements: [String]

    public init(name: String, type: [ElementType], isInterval: Bool = false, elements: [String] = []) {
        self.name = name
        self.type = type
        self.isInterval = isInterval
        self.elements = elements
    }

    var lines: [String] {
        var lines = ["set \(name) {", "\ttype \(type.map(\.rawValue).joined(separator: " . "))"]
        if isInterval { lines.append("\tflags interval") }
        if !elements.isEmpty { lines.append("\telements = { \(elements.joined(separator: ", ")) }") }
        lines.append("}")
        return lines
    }
}
