import PalisadeCore
public import PalisadeJSON

/// An Amazon EventBridge event pattern, matched against events as EventBridge matches them.
///
/// A pattern is a JSON object whose leaves are arrays of values: a field matches when its value (or, for an
/// array, any of its elements) matches any entry of the array. Nested objects descend into the event; `$or`
/// lists alternatives. Entries are literals (string, number, `true`/`false`, `null`: exact equality, numbers
/// compared as numbers) or content filters: `prefix`, `suffix`, `equals-ignore-case`, `wildcard`,
/// `anything-but` (a value, a list, or a `prefix`/`suffix`/`equals-ignore-case`/`wildcard` filter),
/// `numeric` (`[">", 0, "<=", 5]`), `exists` and `cidr`.
///
/// ```swift
/// let pattern = try EventPattern(json: JSONParser.parse(#"{"source": ["aws.ec2"], "detail": {"eventName": [{"prefix": "Authorize"}]}}"#))
/// pattern.matches(event)
/// ```
public struct EventPattern: Sendable {
    let root: ObjectPattern

    /// - Throws: ``EventPatternError`` naming the offending member's path.
    public init(json: JSONValue) throws(EventPatternError) {
        root = try ObjectPattern(json, path: "")
    }

    public func matches(_ event: JSONValue) -> Bool { root.matches(event) }
}

/// Why a pattern is not a valid EventBridge event pattern.
public struct EventPatternError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the pattern, as a dotted path (`detail.eventName`).
    public var path: String
    public var message: String
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

struct ObjectPattern: Sendable {
    var fields: [(key: String, pattern: FieldPattern)] = []
    /// Each `$or`: one of the alternatives must match.
    var alternatives: [[ObjectPattern]] = []

    init(_ json: JSONValue, path: String) throws(EventPatternError) {
        guard let members = json.members else {
            throw EventPatternError(path: path, message: "an event pattern must be a JSON object")
        }
        for (key, value) in members {
            let here = path.isEmpty ? key : "\(path).\(key)"
            if key == "$or" {
                guard let options = value.array, options.count >= 2 else {
                    throw EventPatternError(path: here, message: "$or takes an array of at least two patterns")
                }
                var parsed: [ObjectPattern] = []
                for option in options { parsed.append(try ObjectPattern(option, path: here)) }
                alternatives.append(parsed)
            } else if value.members != nil {
                fields.append((key, .object(try ObjectPattern(value, path: here))))
            } else if let entries = value.array {
                guard !entries.isEmpty else {
                    throw EventPatternError(path: here, message: "Empty arrays are not allowed")
                }
                var matchers: [ValueMatcher] = []
                for entry in entries { matchers.append(try ValueMatcher(entry, path: here)) }
                fields.append((key, .matchers(matchers)))
            } else {
                throw EventPatternError(
                    path: here, message: "Match value must be String, number, true, false, or null inside an array")
            }
        }
        if fields.isEmpty && alternatives.isEmpty && !path.isEmpty {
            throw EventPatternError(path: path, message: "Empty objects are not allowed")
        }
    }

    func matches(_ event: JSONValue) -> Bool {
        for (key, pattern) in fields {
            let value = event[key]
            switch pattern {
            case .object(let nested):
                guard let value else { return false }
                if let elements = value.array {
                    guard elements.contains(where: nested.matches) else { return false }
                } else if !nested.matches(value) {
                    return false
                }
            case .matchers(let matchers):
                guard let value else {
                    if matchers.contains(where: { if case .exists(false) = $0 { true } else { false } }) { continue }
                    return false
                }
                let candidates = value.array ?? [value]
                guard matchers.contains(where: { matcher in candidates.contains(where: matcher.matches) }) else {
                    return false
                }
            }
        }
        for options in alternatives where !options.contains(where: { $0.matches(event) }) { return false }
        return true
    }
}

enum FieldPattern: Sendable {
    case object(ObjectPattern)
    case matchers([ValueMatcher])
}

/// One entry of a leaf array.
indirect enum ValueMatcher: Sendable {
    case exact(JSONValue)
    case prefix(String, ignoreCase: Bool)
    case suffix(String, ignoreCase: Bool)
    case equalsIgnoreCase(String)
    case wildcard(String)
    case anythingBut([ValueMatcher])
    case numeric([(comparison: String, bound: Double)])
    case exists(Bool)
    case cidr(IPv4CIDR?, IPv6CIDR?)

    init(_ json: JSONValue, path: String) throws(EventPatternError) {
        func fail(_ message: String) -> EventPatternError { EventPatternError(path: path, message: message) }
        guard let members = json.members else {
            if json.array != nil { throw fail("Match value must be String, number, true, false, or null") }
            self = .exact(json)
            return
        }
        guard members.count == 1, let (operation, argument) = members.first else {
            throw fail("a content filter object must have exactly one member")
        }
        switch operation {
        case "prefix", "suffix":
            let (text, ignoreCase) = try ValueMatcher.text(argument, operation, path: path)
            self = operation == "prefix" ? .prefix(text, ignoreCase: ignoreCase) : .suffix(text, ignoreCase: ignoreCase)
        case "equals-ignore-case":
            guard let text = argument.string else { throw fail("equals-ignore-case match pattern must be a string") }
            self = .equalsIgnoreCase(text)
        case "wildcard":
            guard let text = argument.string else { throw fail("wildcard match pattern must be a string") }
            let scalars = Array(text.unicodeScalars)
            if let position = scalars.indices.dropLast().first(where: { scalars[$0] == "*" && scalars[$0 + 1] == "*" }) {
                throw fail("Consecutive wildcard characters at pos \(position + 1)")
            }
            self = .wildcard(text)
        case "anything-but":
            if let values = argument.array {
                guard !values.isEmpty else { throw fail("Empty arrays are not allowed") }
                var matchers: [ValueMatcher] = []
                for value in values {
                    guard value.members == nil, value.array == nil else {
                        throw fail("Inside anything but list, start|null|boolean is not supported.")
                    }
                    matchers.append(.exact(value))
                }
                self = .anythingBut(matchers)
            } else if let nested = argument.members {
                guard nested.count == 1, ["prefix", "suffix", "equals-ignore-case", "wildcard"].contains(nested[0].0) else {
                    throw fail("Unsupported anything-but pattern: \(nested.map(\.0).joined(separator: ", "))")
                }
                self = .anythingBut([try ValueMatcher(argument, path: path)])
            } else {
                self = .anythingBut([.exact(argument)])
            }
        case "numeric":
            guard let terms = argument.array, !terms.isEmpty, terms.count % 2 == 0, terms.count <= 4 else {
                throw fail("Value of numeric must be an array of one or two comparisons")
            }
            var comparisons: [(String, Double)] = []
            for index in stride(from: 0, to: terms.count, by: 2) {
                guard let comparison = terms[index].string, ["<", "<=", "=", ">", ">="].contains(comparison) else {
                    throw fail("Unrecognized numeric range operator: \(terms[index].serialized(pretty: false))")
                }
                guard case .number(let bound) = terms[index + 1] else {
                    throw fail("Value of \(comparison) must be numeric")
                }
                comparisons.append((comparison, bound))
            }
            self = .numeric(comparisons)
        case "exists":
            guard let flag = argument.bool else { throw fail("exists match pattern must be either true or false.") }
            self = .exists(flag)
        case "cidr":
            guard let text = argument.string else { throw fail("cidr match pattern must be a string") }
            if let v4 = IPv4CIDR(text) {
                self = .cidr(v4, nil)
            } else if let v6 = IPv6CIDR(text) {
                self = .cidr(nil, v6)
            } else {
                throw fail("Malformed CIDR, one '/' required")
            }
        default:
            throw fail("Unrecognized match type \(operation)")
        }
    }

    private static func text(_ argument: JSONValue, _ operation: String, path: String) throws(EventPatternError)
        -> (String, Bool)
    {
        if let text = argument.string { return (text, false) }
        if let nested = argument.members, nested.count == 1, nested[0].0 == "equals-ignore-case",
            let text = nested[0].1.string
        {
            return (text, true)
        }
        throw EventPatternError(path: path, message: "\(operation) match pattern must be a string")
    }

    func matches(_ value: JSONValue) -> Bool {
        switch self {
        case .exact(let expected):
            if case .number(let a) = expected, case .number(let b) = value { return a == b }
            return expected == value
        case .prefix(let text, let ignoreCase):
            guard let string = value.string else { return false }
            return ignoreCase ? string.lowercased().hasPrefix(text.lowercased()) : string.hasPrefix(text)
        case .suffix(let text, let ignoreCase):
            guard let string = value.string else { return false }
            return ignoreCase ? string.lowercased().hasSuffix(text.lowercased()) : string.hasSuffix(text)
        case .equalsIgnoreCase(let text):
            guard let string = value.string else { return false }
            return string.lowercased() == text.lowercased()
        case .wildcard(let pattern):
            guard let string = value.string else { return false }
            return ValueMatcher.wildcard(Array(pattern.unicodeScalars)[...], Array(string.unicodeScalars)[...])
        case .anythingBut(let excluded):
            // Only values of the excluded kind are candidates: anything-but "x" does not match a missing field.
            if value == .null { return false }
            return !excluded.contains { $0.matches(value) }
        case .numeric(let comparisons):
            guard case .number(let number) = value else { return false }
            return comparisons.allSatisfy { comparison, bound in
                switch comparison {
                case "<": number < bound
                case "<=": number <= bound
                case "=": number == bound
                case ">": number > bound
                default: number >= bound
                }
            }
        case .exists(let flag):
            return flag
        case .cidr(let v4, let v6):
            guard let string = value.string else { return false }
            if let v4, let address = IPv4Address(string) { return v4.contains(address) }
            if let v6, let address = IPv6Address(string) { return v6.contains(address) }
            return false
        }
    }

    /// `*` matches any run of characters (EventBridge's `wildcard`; `\*` is a literal star).
    static func wildcard(_ pattern: ArraySlice<Unicode.Scalar>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        var star: (p: Int, t: Int)?
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == "\\", p + 1 < pattern.endIndex, pattern[p + 1] == text[t] {
                p += 2
                t += 1
            } else if p < pattern.endIndex, pattern[p] == "*" {
                star = (p, t)
                p += 1
            } else if p < pattern.endIndex, pattern[p] == text[t], pattern[p] != "\\" {
                p += 1
                t += 1
            } else if let last = star {
                p = last.p + 1
                t = last.t + 1
                star = (last.p, last.t + 1)
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == "*" { p += 1 }
        return p == pattern.endIndex
    }
}
