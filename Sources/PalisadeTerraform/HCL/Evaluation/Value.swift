/// The result of evaluating an HCL expression.
///
/// Follows Terraform's value model closely enough for security-group translation: lists and
/// tuples share ``list(_:)``, maps and objects share ``map(_:)``, and sets (from `toset`) are
/// kept apart because `for_each` treats them differently. A value not known until apply is
/// ``unknown(_:)``; it propagates through operators and functions so callers can say "unknown"
/// instead of guessing.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Number)
    case string(String)
    /// A list or tuple.
    case list([Value])
    /// A set: unique elements, ordered as Terraform orders them (strings and numbers sorted).
    case set([Value])
    /// A map or object; iterated in lexicographic key order, as Terraform does.
    case map([String: Value])
    /// A value that cannot be known before apply (or from the information given).
    case unknown(Unknown)

    /// Why a value is unknown, and where the unknown came from.
    public struct Unknown: Sendable, Hashable, CustomStringConvertible {
        /// A human-readable reason, such as `aws_security_group.web.id is known only after apply`.
        public var reason: String
        /// The expression that produced the unknown, if known.
        public var origin: SourceRange?

        /// Creates an unknown marker.
        /// - Parameters:
        ///   - reason: Why the value is unknown.
        ///   - origin: Where the unknown came from.
        public init(reason: String, origin: SourceRange? = nil) {
            self.reason = reason
            self.origin = origin
        }

        public var description: String {
            if let origin { "\(reason) (\(origin))" } else { reason }
        }
    }

    /// An unknown value.
    /// - Parameters:
    ///   - reason: Why the value is unknown.
    ///   - origin: Where the unknown came from.
    /// - Returns: ``unknown(_:)``.
    public static func unknown(_ reason: String, origin: SourceRange? = nil) -> Value {
        .unknown(Unknown(reason: reason, origin: origin))
    }

    /// A number value from an integer.
    public static func number(_ value: Int) -> Value { .number(Number(value)) }

    /// A number value from a double; integral values are stored exactly.
    public static func number(_ value: Double) -> Value { .number(Number(value)) }

    /// A set value: duplicates removed and elements ordered the way Terraform orders them.
    /// - Parameter elements: Elements in any order.
    /// - Returns: ``set(_:)``.
    public static func makeSet(_ elements: [Value]) -> Value {
        var unique: [Value] = []
        var seen = Set<Value>()
        for element in elements where seen.insert(element).inserted {
            unique.append(element)
        }
        if unique.allSatisfy({ if case .string = $0 { true } else { false } }) {
            unique.sort { ($0.stringValue ?? "") < ($1.stringValue ?? "") }
        } else if unique.allSatisfy({ if case .number = $0 { true } else { false } }) {
            unique.sort { ($0.numberValue ?? Number(0)) < ($1.numberValue ?? Number(0)) }
        }
        return .set(unique)
    }

    /// The Terraform type name used in messages: `string`, `number`, `bool`, `list`, `set`, `map`, `null`, `unknown`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .list: "list"
        case .set: "set"
        case .map: "map"
        case .unknown: "unknown"
        }
    }

    /// Whether the value is ``unknown(_:)`` at the top level.
    public var isUnknown: Bool {
        if case .unknown = self { true } else { false }
    }

    /// Whether the value is known all the way down (no unknown element, attribute or element of an element).
    public var isWhollyKnown: Bool { firstUnknown == nil }

    /// The first unknown found in a depth-first walk, if any.
    public var firstUnknown: Unknown? {
        switch self {
        case .unknown(let unknown): return unknown
        case .list(let elements), .set(let elements):
            for element in elements {
                if let unknown = element.firstUnknown { return unknown }
            }
            return nil
        case .map(let entries):
            for key in entries.keys.sorted() {
                if let unknown = entries[key]?.firstUnknown { return unknown }
            }
            return nil
        default:
            return nil
        }
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let string) = self { string } else { nil }
    }

    /// The number, if this is a number.
    public var numberValue: Number? {
        if case .number(let number) = self { number } else { nil }
    }

    /// The Boolean, if this is a bool.
    public var boolValue: Bool? {
        if case .bool(let bool) = self { bool } else { nil }
    }

    /// The elements, if this is a list or a set.
    public var elements: [Value]? {
        switch self {
        case .list(let elements), .set(let elements): elements
        default: nil
        }
    }

    /// The entries, if this is a map.
    public var entries: [String: Value]? {
        if case .map(let entries) = self { entries } else { nil }
    }
}
