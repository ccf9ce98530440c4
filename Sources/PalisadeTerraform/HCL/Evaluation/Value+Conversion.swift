extension Value {
    /// The value as a string under Terraform's automatic conversion: strings as they are,
    /// numbers as decimal text (`443`), bools as `true`/`false`; nil for anything else.
    public var convertedToString: String? {
        switch self {
        case .string(let string): string
        case .number(let number): number.description
        case .bool(let bool): bool ? "true" : "false"
        default: nil
        }
    }

    /// The value as a number under Terraform's automatic conversion: numbers, and strings
    /// that spell a number (`"443"`); nil for anything else.
    public var convertedToNumber: Number? {
        switch self {
        case .number(let number):
            return number
        case .string(let string):
            var text = Substring(string)
            var negative = false
            if text.hasPrefix("-") {
                negative = true
                text = text.dropFirst()
            } else if text.hasPrefix("+") {
                text = text.dropFirst()
            }
            guard let first = text.first, first.isASCII, first.isNumber, let number = Number(parsing: String(text))
            else { return nil }
            return negative ? -number : number
        default:
            return nil
        }
    }

    /// The value as a Boolean under Terraform's automatic conversion: bools, and the strings `"true"`/`"false"`.
    public var convertedToBool: Bool? {
        switch self {
        case .bool(let bool): bool
        case .string("true"): true
        case .string("false"): false
        default: nil
        }
    }

    /// Whether the value is a list, set or map (not a primitive, null or unknown).
    public var isCollection: Bool {
        switch self {
        case .list, .set, .map: true
        default: false
        }
    }
}

extension Value {
    /// What a `for` expression or `%{for}` directive iterates: a list's indexes and elements, a set's elements
    /// (as key and value), a map's keys in order and their values; nil for anything else.
    var iterationPairs: [(Value, Value)]? {
        switch self {
        case .list(let elements): elements.enumerated().map { (.number($0.offset), $0.element) }
        case .set(let elements): elements.map { ($0, $0) }
        case .map(let entries): entries.keys.sorted().map { (.string($0), entries[$0]!) }
        default: nil
        }
    }
}
