import Synchronization

/// Request IDs in AWS's shape (a lower-case UUID), made without a system call per request: 64 random bits
/// drawn once per process, then a counter. Unique within a process by the counter and across processes by
/// the random half, which is what a request ID is for (matching a client's error report to the server's log
/// and audit trail); they are not secrets.
enum RequestID {
    private static let processBits: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()
    private static let counter = Atomic<UInt64>(0)

    static func next() -> String {
        let count = counter.add(1, ordering: .relaxed).newValue
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: processBits >> (56 - 8 * UInt64(index)))
            bytes[8 + index] = UInt8(truncatingIfNeeded: count >> (56 - 8 * UInt64(index)))
        }
        // Version 4 and the RFC 9562 variant, so that it parses as the UUID it looks like.
        bytes[6] = 0x40 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return uuidText(bytes)
    }

    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lower-case hex.
    static func uuidText(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
