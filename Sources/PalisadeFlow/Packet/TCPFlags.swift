/// The TCP control bits the flow engine looks at.
public struct TCPFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let fin = TCPFlags(rawValue: 0x01)
    public static let syn = TCPFlags(rawValue: 0x02)
    public static let rst = TCPFlags(rawValue: 0x04)
    public static let ack = TCPFlags(rawValue: 0x10)

    public var description: String {
        var names: [String] = []
        if contains(.syn) { names.append("SYN") }
        if contains(.fin) { names.append("FIN") }
        if contains(.rst) { names.append("RST") }
        if contains(.ack) { names.append("ACK") }
        return names.isEmpty ? "-" : names.joined(separator: "|")
    }
}
