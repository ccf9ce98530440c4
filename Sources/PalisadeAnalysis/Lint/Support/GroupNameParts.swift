/// The named parts of a group name that matches the naming pattern (`environment`, `tier`; nil when the pattern has
/// no such capture).
struct GroupNameParts: Sendable, Hashable {
    var environment: String?
    var tier: String?

    /// The parts of every name that matches `pattern`, by name; nil when `pattern` is not a valid `Regex`.
    ///
    /// The pattern is compiled once per context rather than once per lookup, and the default pattern is matched by
    /// hand: compiling a `Regex` costs more than linting a small module, and `lint` reads one context per module.
    static func matches(of names: some Sequence<String>, pattern: String) -> [String: GroupNameParts]? {
        var result: [String: GroupNameParts] = [:]
        if pattern == LintConfiguration.defaultNamingPattern {
            for name in names { result[name] = defaultParts(of: name) }
            return result.compactMapValues { $0 }
        }
        guard let regex = try? Regex(pattern) else { return nil }
        for name in names where result[name] == nil {
            guard let match = try? regex.wholeMatch(in: name) else { continue }
            result[name] = GroupNameParts(
                environment: match.output["environment"]?.substring.map(String.init),
                tier: match.output["tier"]?.substring.map(String.init))
        }
        return result
    }

    /// `^(?<environment>[a-z0-9]+)-(?<application>[a-z0-9]+)-(?<tier>[a-z0-9]+)-(?<function>[a-z0-9]+(-[a-z0-9]+)*)$`:
    /// at least four non-empty dash-separated parts of ASCII lower-case letters and digits.
    static func defaultParts(of name: String) -> GroupNameParts? {
        let parts = name.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count >= 4 else { return nil }
        for part in parts {
            guard !part.isEmpty,
                part.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
            else { return nil }
        }
        return GroupNameParts(environment: String(decoding: parts[0], as: UTF8.self), tier: String(decoding: parts[2], as: UTF8.self))
    }
}
