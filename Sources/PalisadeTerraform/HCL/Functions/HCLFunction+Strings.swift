extension HCLFunction {
    static let stringFunctions: [HCLFunction] = [
        HCLFunction(name: "format", arity: 1...Int.max) { call throws(EvaluationError) in
            .string(try StringFormatter.format(try call.string(0), Array(call.arguments.dropFirst()), call: call))
        },
        HCLFunction(name: "formatlist", arity: 1...Int.max) { call throws(EvaluationError) in
            let spec = try call.string(0)
            let arguments = Array(call.arguments.dropFirst())
            var count: Int?
            for (offset, argument) in arguments.enumerated() {
                guard let elements = argument.elements else { continue }
                if let existing = count, existing != elements.count {
                    throw call.error(
                        offset + 1,
                        "all list arguments must have the same length (\(existing) and \(elements.count))"
                    )
                }
                count = elements.count
            }
            var result: [Value] = []
            for index in 0..<(count ?? 1) {
                let row = arguments.map { $0.elements?[index] ?? $0 }
                result.append(.string(try StringFormatter.format(spec, row, call: call)))
            }
            return .list(result)
        },
        HCLFunction(name: "join", arity: 2...Int.max) { call throws(EvaluationError) in
            let separator = try call.string(0)
            var strings: [String] = []
            for index in call.arguments.indices.dropFirst() {
                for element in try call.list(index) {
                    guard let string = element.convertedToString else {
                        throw call.error(index, "elements must be strings, got \(element.typeName)")
                    }
                    strings.append(string)
                }
            }
            return .string(strings.joined(separator: separator))
        },
        HCLFunction(name: "split", arity: 2...2) { call throws(EvaluationError) in
            let separator = try call.string(0)
            let string = try call.string(1)
            if separator.isEmpty { return .list(string.map { .string(String($0)) }) }
            return .list(
                string.split(separator: separator, omittingEmptySubsequences: false).map { .string(String($0)) }
            )
        },
        HCLFunction(name: "upper", arity: 1...1) { call throws(EvaluationError) in
            .string(try call.string(0).uppercased())
        },
        HCLFunction(name: "lower", arity: 1...1) { call throws(EvaluationError) in
            .string(try call.string(0).lowercased())
        },
        HCLFunction(name: "trimspace", arity: 1...1) { call throws(EvaluationError) in
            let string = try call.string(0)
            return .string(String(string.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()))
        },
        HCLFunction(name: "chomp", arity: 1...1) { call throws(EvaluationError) in
            var string = try call.string(0)
            while let last = string.unicodeScalars.last, last == "\n" || last == "\r" {
                string.unicodeScalars.removeLast()
            }
            return .string(string)
        },
        HCLFunction(name: "title", arity: 1...1) { call throws(EvaluationError) in
            var result = ""
            var previousIsWordCharacter = false
            for character in try call.string(0) {
                result += previousIsWordCharacter ? String(character) : character.uppercased()
                previousIsWordCharacter = character.isLetter || character.isNumber || character == "_"
            }
            return .string(result)
        },
        HCLFunction(name: "trimprefix", arity: 2...2) { call throws(EvaluationError) in
            let string = try call.string(0)
            let prefix = try call.string(1)
            return .string(string.hasPrefix(prefix) ? String(string.dropFirst(prefix.count)) : string)
        },
        HCLFunction(name: "trimsuffix", arity: 2...2) { call throws(EvaluationError) in
            let string = try call.string(0)
            let suffix = try call.string(1)
            return .string(string.hasSuffix(suffix) ? String(string.dropLast(suffix.count)) : string)
        },
        HCLFunction(name: "trim", arity: 2...2) { call throws(EvaluationError) in
            let string = try call.string(0)
            let characters = Set(try call.string(1))
            let trimmed = string.drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed()
            return .string(String(trimmed))
        },
        HCLFunction(name: "startswith", arity: 2...2) { call throws(EvaluationError) in
            .bool(try call.string(0).hasPrefix(try call.string(1)))
        },
        HCLFunction(name: "endswith", arity: 2...2) { call throws(EvaluationError) in
            .bool(try call.string(0).hasSuffix(try call.string(1)))
        },
        HCLFunction(name: "strrev", arity: 1...1) { call throws(EvaluationError) in
            .string(String(try call.string(0).reversed()))
        },
        HCLFunction(name: "substr", arity: 3...3) { call throws(EvaluationError) in
            let characters = Array(try call.string(0))
            var offset = try call.integer(1)
            let length = try call.integer(2)
            if offset < 0 { offset += characters.count }
            guard offset >= 0, offset <= characters.count else {
                throw call.error(1, "offset \(offset) is outside a string of \(characters.count) character(s)")
            }
            let end = length < 0 ? characters.count : min(characters.count, offset + length)
            return .string(String(characters[offset..<max(offset, end)]))
        },
        HCLFunction(name: "replace", arity: 3...3) { call throws(EvaluationError) in
            let string = try call.string(0)
            let target = try call.string(1)
            let replacement = try call.string(2)
            if target.count >= 2, target.hasPrefix("/"), target.hasSuffix("/") {
                let regex = try compileRegex(String(target.dropFirst().dropLast()), call: call, argument: 1)
                return .string(
                    string.replacing(regex) { match in expandReplacement(replacement, match: match) }
                )
            }
            return .string(string.replacingOccurrences(target, with: replacement))
        },
        HCLFunction(name: "regex", arity: 2...2) { call throws(EvaluationError) in
            let regex = try compileRegex(try call.string(0), call: call, argument: 0)
            let string = try call.string(1)
            guard let match = string.firstMatch(of: regex) else {
                throw call.error(1, "the pattern did not match any part of the string")
            }
            return captures(of: match)
        },
        HCLFunction(name: "regexall", arity: 2...2) { call throws(EvaluationError) in
            let regex = try compileRegex(try call.string(0), call: call, argument: 0)
            return .list(try call.string(1).matches(of: regex).map(captures(of:)))
        },
    ]

    private static func compileRegex(
        _ pattern: String,
        call: Call,
        argument: Int
    ) throws(EvaluationError) -> Regex<AnyRegexOutput> {
        do {
            return try Regex(pattern)
        } catch {
            throw call.error(argument, "invalid regular expression \(pattern.debugDescription)")
        }
    }

    /// Terraform's result shape: the match without groups, a list of unnamed groups, or a map of named ones.
    private static func captures(of match: Regex<AnyRegexOutput>.Match) -> Value {
        let output = match.output
        if output.count <= 1 { return .string(String(match.0)) }
        let groups = output.dropFirst()
        if groups.contains(where: { $0.name != nil }) {
            var entries: [String: Value] = [:]
            for group in groups {
                if let name = group.name { entries[name] = group.substring.map { .string(String($0)) } ?? .null }
            }
            return .map(entries)
        }
        return .list(groups.map { group in group.substring.map { .string(String($0)) } ?? .null })
    }

    /// Expands `$1`, `${1}` and `${name}` in a regex replacement.
    private static func expandReplacement(_ template: String, match: Regex<AnyRegexOutput>.Match) -> String {
        var result = ""
        let characters = Array(template)
        var i = 0
        while i < characters.count {
            guard characters[i] == "$", i + 1 < characters.count else {
                result.append(characters[i])
                i += 1
                continue
            }
            var reference = ""
            var next = i + 1
            if characters[next] == "{", let close = characters[next...].firstIndex(of: "}") {
                reference = String(characters[(next + 1)..<close])
                next = close + 1
            } else {
                while next < characters.count, characters[next].isASCII, characters[next].isNumber {
                    reference.append(characters[next])
                    next += 1
                }
            }
            if reference.isEmpty {
                result.append("$")
                i += 1
                continue
            }
            let output = match.output
            if let number = Int(reference) {
                if number < output.count, let substring = output[number].substring { result += substring }
            } else if let group = output.first(where: { $0.name == reference }), let substring = group.substring {
                result += substring
            }
            i = next
        }
        return result
    }
}
