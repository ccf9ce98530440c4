/// An IPv4 address as a 32-bit big-endian value.
public struct IPv4Address: Hashable, Comparable, Sendable, Codable, ASCIIText {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad text; leading zeros and out-of-range octets are rejected.
    public init?(_ text: some StringProtocol) {
        self.init(utf8: text.utf8)
    }

    /// Parses dotted-quad UTF-8. Byte by byte rather than by Characters: every CIDR the analyzer and the server
    /// read goes through here. Only ASCII digits and dots are accepted, so the result is the Character reading's.
    init?(utf8 bytes: some Collection<UInt8>) {
        var result: UInt32 = 0
        var separators = 0
        var octet: UInt32 = 0
        var digits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, separators < 3 else { return nil }
                result = result << 8 | octet
                separators += 1
                octet = 0
                digits = 0
                continue
            }
            // At most three digits, and no leading zero ("010").
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 3, digits == 0 || octet != 0 else {
                return nil
            }
            octet = octet * 10 + UInt32(byte - UInt8(ascii: "0"))
            guard octet <= 255 else { return nil }
            digits += 1
        }
        guard digits > 0, separators == 3 else { return nil }
        value = result << 8 | octet
    }

    /// Appends the dotted-quad text to `bytes`.
    public func appendText(to bytes: inout [UInt8]) {
        bytes.appendDecimal(Int(value >> 24))
        for shift in stride(from: UInt32(16), through: 0, by: -8) {
            bytes.append(UInt8(ascii: "."))
            bytes.appendDecimal(Int(value >> shift & 0xff))
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = IPv4Address(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad IPv4 \(text)"))
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
