/// A JSON document, as the analyzer's readers take and its renderers write it. Objects keep their key order.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let l), .bool(let r)): l == r
        case (.number(let l), .number(let r)): l == r
        case (.string(let l), .string(let r)): l == r
        case (.array(let l), .array(let r)): l == r
        case (.object(let l), .object(let r)): l.map(\.0) == r.map(\.0) && l.map(\.1) == r.map(\.1)
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .number(let value): hasher.combine(value)
        case .string(let value): hasher.combine(value)
        case .array(let values): hasher.combine(values)
        case .object(let members):
            for (key, value) in members {
                hasher.combine(key)
                hasher.combine(value)
            }
        }
    }

    /// The member called `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The elements of an array.
    public var array: [JSONValue]? { if case .array(let values) = self { values } else { nil } }
    /// The members of an object.
    public var members: [(String, JSONValue)]? { if case .object(let members) = self { members } else { nil } }
    /// The text of a string.
    public var string: String? { if case .string(let value) = self { value } else { nil } }
    /// A number as an integer, when it is one (also from a numeric string).
    public var int: Int? {
        switch self {
        case .number(let value): Int(exactly: value)
        case .string(let text): Int(text)
        default: nil
        }
    }
    /// A boolean.
    public var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    /// Whether it is `null`.
    public var isNull: Bool { self == .null }

    /// An object from key-value pairs, leaving out nil values.
    public static func object(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(members.compactMap { key, value in value.map { (key, $0) } })
    }

    /// The document as text: pretty-printed with two-space indentation, or compact.
    /// - Parameter pretty: Whether to indent.
    /// - Returns: The JSON text.
    public func serialized(pretty: Bool = true) -> String {
        // Bytes, not String appends: rendering thousands of findings is otherwise dominated by String growth.
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        write(to: &output, indent: pretty ? 0 : nil)
        return String(decoding: output, as: UTF8.self)
    }

    private func write(to output: inout [UInt8], indent: Int?) {
        func newline() { if indent != nil { output.append(UInt8(ascii: "\n")) } }
        func pad(_ level: Int) { output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level)) }
        switch self {
        case .null: output += "null".utf8
        case .bool(let value): output += (value ? "true" : "false").utf8
        case .number(let value):
            if let int = Int(exactly: value) { output += String(int).utf8 } else { output += "\(value)".utf8 }
        case .string(let value): JSONValue.writeString(value, to: &output)
        case .array(let values):
            if values.isEmpty {
                output += "[]".utf8
                return
            }
            output.append(UInt8(ascii: "["))
            newline()
            for (index, value) in values.enumerated() {
                if let indent { pad(indent + 1) }
                value.write(to: &output, indent: indent.map { $0 + 1 })
                if index != values.count - 1 { output.append(UInt8(ascii: ",")) }
                newline()
            }
            if let indent { pad(indent) }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                output += "{}".utf8
                return
            }
            output.append(UInt8(ascii: "{"))
            newline()
            for (index, (key, value)) in members.enumerated() {
                if let indent { pad(indent + 1) }
                JSONValue.writeString(key, to: &output)
                output += (indent == nil ? ":" : ": ").utf8
                value.write(to: &output, indent: indent.map { $0 + 1 })
                if index != members.count - 1 { output.append(UInt8(ascii: ",")) }
                newline()
            }
            if let indent { pad(indent) }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `value` as a JSON string literal (quoted, escaped as JSONEncoder escapes).
    public static func writeString(_ value: String, to output: inout String) {
        // Most strings (IDs, names, CIDRs) need no escape: appended whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            output += "\""
            output += value
            output += "\""
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 2)
        writeString(value, to: &bytes)
        output += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` as a JSON string literal to UTF-8 bytes.
    public static func writeString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            // Only ASCII bytes are escaped, so the runs between them (every other scalar's UTF-8 included) are
            // copied whole.
            var start = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): output += #"\""#.utf8
                case UInt8(ascii: "\\"): output += #"\\"#.utf8
                case UInt8(ascii: "\n"): output += #"\n"#.utf8
                case UInt8(ascii: "\r"): output += #"\r"#.utf8
                case UInt8(ascii: "\t"): output += #"\t"#.utf8
                default:
                    let hex = String(byte, radix: 16)
                    output += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        output.append(UInt8(ascii: "\""))
    }
}
