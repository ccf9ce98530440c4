extension Value: CustomStringConvertible {
    /// HCL-like text, as `terraform console` shows values: `"tcp"`, `443`, `["a", "b"]`,
    /// `{ "port" = 22 }`, `toset(["a"])`, `(unknown: reason)`.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let bool): return bool ? "true" : "false"
        case .number(let number): return number.description
        case .string(let string): return Value.quoted(string)
        case .list(let elements): return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .set(let elements): return "toset([" + elements.map(\.description).joined(separator: ", ") + "])"
        case .map(let entries):
            if entries.isEmpty { return "{}" }
            let items = entries.keys.sorted().map { "\(Value.quoted($0)) = \(entries[$0]!.description)" }
            return "{ " + items.joined(separator: ", ") + " }"
        case .unknown(let unknown): return "(unknown: \(unknown.reason))"
        }
    }

    /// `text` as an HCL quoted string, escaping quotes, backslashes, control characters and template introducers.
    static func quoted(_ text: String) -> String {
        var result = "\""
        var previous: Character?
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "{" where previous == "$" || previous == "%":
                result.append(previous!)
                result += "{"
            default: result.append(character)
            }
            previous = character
        }
        return result + "\""
    }
}
