/// A JSON tree for comparing python-hcl2's output with ours.
enum JSONValue: Hashable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let entries) = self { entries[key] } else { nil }
    }

    /// Deliberate normalisation, applied to both sides: python-hcl2 writes a negated integer
    /// literal as the expression string `${-1}` when operations are parenthesised; we compare it
    /// as the number -1.
    var normalised: JSONValue {
        switch self {
        case .string(let string):
            if string.hasPrefix("${-"), string.hasSuffix("}"), let number = Double(string.dropFirst(2).dropLast()) {
                return .number(number)
            }
            return self
        case .array(let elements):
            return .array(elements.map(\.normalised))
        case .object(let entries):
            return .object(entries.mapValues(\.normalised))
        default:
            return self
        }
    }

    /// The path to the first difference, or nil when equal.
    func firstDifference(from other: JSONValue, path: String = "$") -> String? {
        switch (self, other) {
        case (.array(let a), .array(let b)):
            if a.count != b.count {
                return "\(path): \(a.count) vs \(b.count) elements\n  ours:   \(self)\n  python: \(other)"
            }
            for (index, (x, y)) in zip(a, b).enumerated() {
                if let difference = x.firstDifference(from: y, path: "\(path)[\(index)]") { return difference }
            }
            return nil
        case (.object(let a), .object(let b)):
            let keysA = Set(a.keys)
            let keysB = Set(b.keys)
            if keysA != keysB {
                return
                    "\(path): keys differ; only ours: \(keysA.subtracting(keysB).sorted()), "
                    + "only python: \(keysB.subtracting(keysA).sorted())"
            }
            for key in a.keys.sorted() {
                if let difference = a[key]!.firstDifference(from: b[key]!, path: "\(path).\(key)") { return difference }
            }
            return nil
        default:
            return self == other ? nil : "\(path):\n  ours:   \(self)\n  python: \(other)"
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let bool): "\(bool)"
        case .number(let number): "\(number)"
        case .string(let string): string.debugDescription
        case .array(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .object(let entries):
            "{" + entries.keys.sorted().map { "\($0.debugDescription): \(entries[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}
