/// An IPv4 or IPv6 address with a prefix length, for the `cidr*` functions. Stdlib only.
struct IPNetwork: Sendable, Hashable {
    /// The address bits, right-aligned (IPv4 uses the low 32 bits).
    var address: UInt128
    var prefixLength: Int
    var isIPv6: Bool

    var bitCount: Int { isIPv6 ? 128 : 32 }

    /// Parses `10.0.0.0/16` or `2001:db8::/32`.
    init?(cidr: String) {
        let parts = cidr.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let length = Int(parts[1]), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        guard let (address, isIPv6) = IPNetwork.parseAddress(String(parts[0])) else { return nil }
        guard length >= 0, length <= (isIPv6 ? 128 : 32) else { return nil }
        self.address = address
        self.prefixLength = length
        self.isIPv6 = isIPv6
    }

    init(address: UInt128, prefixLength: Int, isIPv6: Bool) {
        self.address = address
        self.prefixLength = prefixLength
        self.isIPv6 = isIPv6
    }

    /// The network address: host bits cleared.
    var networkAddress: UInt128 { address & mask }

    var mask: UInt128 {
        let hostBits = bitCount - prefixLength
        let all: UInt128 = isIPv6 ? .max : 0xFFFF_FFFF
        return hostBits >= 128 ? 0 : (all >> hostBits) << hostBits
    }

    var cidrDescription: String { "\(IPNetwork.format(networkAddress, isIPv6: isIPv6))/\(prefixLength)" }

    static func parseAddress(_ text: String) -> (UInt128, Bool)? {
        if !text.contains(":") {
            guard let v4 = parseIPv4(Substring(text)) else { return nil }
            return (UInt128(v4), false)
        }
        return parseIPv6(text).map { ($0, true) }
    }

    private static func parseIPv4(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy({ $0.isASCII && $0.isNumber }),
                let number = UInt32(octet), number <= 255
            else { return nil }
            value = value << 8 | number
        }
        return value
    }

    private static func parseIPv6(_ text: String) -> UInt128? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = parseIPv4(piece) {
                    result += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
                } else {
                    guard (1...4).contains(piece.count), let group = UInt16(piece, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        let tail = halves.count == 2 ? groups(halves[1]) : []
        guard let tail else { return nil }
        let total = head.count + tail.count
        if halves.count == 1 { guard total == 8 else { return nil } } else { guard total < 8 else { return nil } }
        let all = head + Array(repeating: 0, count: 8 - total) + tail
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    /// Dotted IPv4 or RFC 5952 IPv6 text.
    static func format(_ address: UInt128, isIPv6: Bool) -> String {
        if !isIPv6 {
            return (0..<4).reversed().map { String((address >> ($0 * 8)) & 0xFF) }.joined(separator: ".")
        }
        let groups = (0..<8).reversed().map { UInt16(truncatingIfNeeded: address >> ($0 * 16)) }
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            if groups[index] == 0 {
                var end = index
                while end < 8, groups[end] == 0 { end += 1 }
                if end - index > bestLength {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        if bestStart < 0 { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
}

extension String {
    /// Stdlib-only split on a multi-character separator.
    fileprivate func components(separatedBy separator: String) -> [String] {
        var result: [String] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            result.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        result.append(String(rest))
        return result
    }
}
