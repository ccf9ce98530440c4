/// One `Filter.N` of a Describe call: values of one name are ORed; different filters are ANDed.
public struct DescribeFilter: Hashable, Sendable {
    public var name: String
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }

    /// Whether any of `candidates` matches any filter value (`*` and `?` wildcards, `\` escapes).
    public func matches(_ candidates: [String]) -> Bool {
        values.contains { pattern in candidates.contains { DescribeFilter.wildcard(pattern, matches: $0) } }
    }

    /// Glob match with `*` (any run) and `?` (one character); `\` makes the next character literal.
    public static func wildcard(_ pattern: String, matches text: String) -> Bool {
        if !pattern.contains(where: { $0 == "*" || $0 == "?" || $0 == "\\" }) { return pattern == text }
        enum Token: Equatable {
            case literal(Character)
            case any
            case one
        }
        var tokens: [Token] = []
        var escaped = false
        for character in pattern {
            if escaped {
                tokens.append(.literal(character))
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "*" {
                tokens.append(.any)
            } else if character == "?" {
                tokens.append(.one)
            } else {
                tokens.append(.literal(character))
            }
        }
        if escaped { tokens.append(.literal("\\")) }
        let characters = Array(text)
        // Iterative glob matching with backtracking to the last star: linear in practice, no recursion.
        var t = 0
        var c = 0
        var starToken = -1
        var starText = 0
        while c < characters.count {
            if t < tokens.count, tokens[t] == .one || tokens[t] == .literal(characters[c]) {
                t += 1
                c += 1
            } else if t < tokens.count, tokens[t] == .any {
                starToken = t
                starText = c
                t += 1
            } else if starToken >= 0 {
                t = starToken + 1
                starText += 1
                c = starText
            } else {
                return false
            }
        }
        while t < tokens.count, tokens[t] == .any { t += 1 }
        return t == tokens.count
    }
}

/// Applies Describe filters to resources, given each resource's values for a filter name.
public struct FilterSet: Sendable {
    public let filters: [DescribeFilter]

    public init(_ filters: [DescribeFilter]) { self.filters = filters }

    /// Checks every filter name against `isKnown` before any matching, as AWS rejects unknown names.
    public func validate(known isKnown: (String) -> Bool) throws(PolicyError) {
        for filter in filters {
            if filter.name.isEmpty { throw .missing("Filter.Name") }
            if filter.values.isEmpty {
                throw PolicyError(.invalidParameterValue, "The filter '\(filter.name)' must have at least one value")
            }
            if !(filter.name.hasPrefix("tag:") && filter.name.count > 4) && !isKnown(filter.name) {
                throw PolicyError(.invalidParameterValue, "The filter '\(filter.name)' is invalid")
            }
        }
    }

    /// Whether the resource passes every filter. `values` answers a filter name with the resource's values.
    public func matches(tags: [Tag], values: (String) -> [String]) -> Bool {
        filters.allSatisfy { filter in
            if filter.name.hasPrefix("tag:") {
                let key = String(filter.name.dropFirst(4))
                return filter.matches(tags.filter { $0.key == key }.map(\.value))
            }
            if filter.name == "tag-key" { return filter.matches(tags.map(\.key)) }
            if filter.name == "tag-value" { return filter.matches(tags.map(\.value)) }
            return filter.matches(values(filter.name))
        }
    }
}
