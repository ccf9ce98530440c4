/// Comparison whose running time depends only on the lengths of its inputs, so that a caller probing
/// signatures byte by byte learns nothing from how quickly a mismatch is reported.
enum ConstantTime {
    static func equals(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
        equals(Array(lhs.utf8), Array(rhs.utf8))
    }

    static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        // Lengths are public (a signature is always 64 hex digits); only the contents are compared in constant time.
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }
}
