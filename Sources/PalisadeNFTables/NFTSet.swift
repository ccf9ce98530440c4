/// A named set of addresses: the members of one security group, or the blocks of one prefix list.
public struct NFTSet: Hashable, Sendable {
    public enum ElementType: String, Hashable, Sendable {
        case ipv4Address = "ipv4_addr"
        case ipv6Address = "ipv6_addr"
    }

    public var name: String
    public var type: ElementType
    /// Whether elements may be CIDR blocks (`flags interval`); host addresses need no intervals.
    public var isInterval: Bool
    /// Elements in nft syntax (`10.0.0.5`, `10.0.0.0/8`), sorted by address, with no overlaps.
    public var elements: [String]

    public init(name: String, type: ElementType, isInterval: Bool = false, elements: [String] = []) {
        self.name = name
        self.type = type
        self.isInterval = isInterval
        self.elements = elements
    }

    var lines: [String] {
        var lines = ["set \(name) {", "\ttype \(type.rawValue)"]
        if isInterval { lines.append("\tflags interval") }
        if !elements.isEmpty { lines.append("\telements = { \(elements.joined(separator: ", ")) }") }
        lines.append("}")
        return lines
    }
}
