/// An IPv4 network in canonical form (host bits cleared), as AWS stores every CIDR.
public struct IPv4CIDR: Hashable, Comparable, Sendable, Codable, ASCIIText {
    public let network: IPv4Address
    public let prefixLength: Int

    /// Creates a canonical block: host bits of `address` are cleared (`10.0.0.1/24` → `10.0.0.0/24`).
    public init(address: IPv4Address, prefixLength: Int) {
        precondition((0...32).contains(prefixLength))
        self.prefixLength = prefixLength
        self.network = IPv4Address(address.value & IPv4CIDR.mask(prefixLength))
    }

    /// Parses `a.b.c.d/n`; a prefix length is mandatory, as in AWS.
    public init?(_ text: some StringProtocol) {
        // Bytes, as IPv4Address reads them: only ASCII digits, dots and one slash are accepted.
        let bytes = text.utf8
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")), let address = IPv4Address(utf8: bytes[..<slash])
        else { return nil }
        var length = 0
        var digits = 0
        for byte in bytes[bytes.index(after: slash)...] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 2 else { return nil }
            length = length * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        guard digits > 0, length <= 32 else { return nil }
        self.init(address: address, prefixLength: length)
    }

    static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << UInt32(32 - length) }

    public var mask: UInt32 { IPv4CIDR.mask(prefixLength) }
    public var first: IPv4Address { network }
    public var last: IPv4Address { IPv4Address(network.value | ~mask) }
    /// Number of addresses in the block.
    public var size: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    public func contains(_ address: IPv4Address) -> Bool { address.value & mask == network.value }
    public func contains(_ other: IPv4CIDR) -> Bool { other.prefixLength >= prefixLength && contains(other.network) }
    public func overlaps(_ other: IPv4CIDR) -> Bool { contains(other.network) || other.contains(network) }

    /// Appends `a.b.c.d/n` to `bytes`.
    public func appendText(to bytes: inout [UInt8]) {
        network.appendText(to: &bytes)
        bytes.append(UInt8(ascii: "/"))
        bytes.appendDecimal(prefixLength)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.network, lhs.prefixLength) < (rhs.network, rhs.prefixLength)
    }

    public static let anywhere = IPv4CIDR(address: IPv4Address(0), prefixLength: 0)

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let cidr = IPv4CIDR(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad CIDR \(text)"))
        }
        self = cidr
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An IPv6 network in canonical form (host bits cleared, RFC 5952 text).
public struct IPv6CIDR: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let network: IPv6Address
    public let prefixLength: Int

    public init(address: IPv6Address, prefixLength: Int) {
        precondition((0...128).contains(prefixLength))
        self.prefixLength = prefixLength
        let (highMask, lowMask) = IPv6CIDR.masks(prefixLength)
        self.network = IPv6Address(high: address.high & highMask, low: address.low & lowMask)
    }

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv6Address(parts[0]),
            !parts[1].isEmpty, parts[1].count <= 3, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            let length = Int(parts[1]), (0...128).contains(length)
        else { return nil }
        self.init(address: address, prefixLength: length)
    }

    static func masks(_ length: Int) -> (UInt64, UInt64) {
        let high: UInt64 = length >= 64 ? .max : (length == 0 ? 0 : UInt64.max << UInt64(64 - length))
        let low: UInt64 = length <= 64 ? 0 : (length == 128 ? .max : UInt64.max << UInt64(128 - length))
        return (high, low)
    }

    public var first: IPv6Address { network }
    public var last: IPv6Address {
        let (highMask, lowMask) = IPv6CIDR.masks(prefixLength)
        return IPv6Address(high: network.high | ~highMask, low: network.low | ~lowMask)
    }

    public func contains(_ address: IPv6Address) -> Bool {
        let (highMask, lowMask) = IPv6CIDR.masks(prefixLength)
        return address.high & highMask == network.high && address.low & lowMask == network.low
    }
    public func contains(_ other: IPv6CIDR) -> Bool { other.prefixLength >= prefixLength && contains(other.network) }
    public func overlaps(_ other: IPv6CIDR) -> Bool { contains(other.network) || other.contains(network) }

    public var description: String { "\(network)/\(prefixLength)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.network, lhs.prefixLength) < (rhs.network, rhs.prefixLength)
    }

    public static let anywhere = IPv6CIDR(address: IPv6Address(high: 0, low: 0), prefixLength: 0)

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let cidr = IPv6CIDR(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad CIDR \(text)"))
        }
        self = cidr
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An address of either family.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible, Codable {
    case v4(IPv4Address)
    case v6(IPv6Address)

    public init?(_ text: some StringProtocol) {
        if let v4 = IPv4Address(text) {
            self = .v4(v4)
        } else if let v6 = IPv6Address(text) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .v4(let address): address.description
        case .v6(let address): address.description
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad IP \(text)"))
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
