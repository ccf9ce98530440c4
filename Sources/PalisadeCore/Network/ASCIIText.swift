extension Array where Element == UInt8 {
    /// Appends `value` in decimal ASCII. Wire writers put tens of thousands of ports and CIDRs in one response;
    /// this skips the String that `String(value)` or an interpolation would build first.
    public mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // 20 digits hold UInt64.max; written from the end, then copied in order.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }
}

/// A value whose text is ASCII written straight into a byte buffer (the wire writers' way), and read as a String
/// from the same bytes, so the two cannot differ. The text holds nothing XML or JSON would escape (digits, dots,
/// slashes).
public protocol ASCIIText: CustomStringConvertible {
    func appendText(to bytes: inout [UInt8])
}

extension ASCIIText {
    public var description: String {
        var text: [UInt8] = []
        text.reserveCapacity(20)
        appendText(to: &text)
        return String(decoding: text, as: UTF8.self)
    }
}
