extension HCLParser {
    /// Parses `"…"` starting at the opening quote.
    mutating func parseQuotedTemplate() -> HCLExpression {
        let open = next()
        let parts = parseTemplateBody(quoted: true)
        let close = peekRaw()
        if close.kind == .closeQuote {
            next()
        } else {
            error(
                "Unterminated string: missing closing quote for the string opened at \(open.range.start)",
                at: open.range
            )
        }
        return HCLExpression(.template(HCLTemplate(parts: parts)), range: range(from: open.range.start))
    }

    /// Parses a heredoc starting at `<<EOF` / `<<-EOF`.
    mutating func parseHeredocTemplate() -> HCLExpression {
        let open = next()
        var marker = Substring(open.text.dropFirst(2))
        let isIndented = marker.hasPrefix("-")
        if isIndented { marker = marker.dropFirst() }
        while let last = marker.last, last == "\n" || last == "\r" { marker = marker.dropLast() }
        var parts = parseTemplateBody(quoted: false)
        let close = peekRaw()
        if close.kind == .closeHeredoc {
            next()
        } else {
            error(
                "Unterminated heredoc: no line containing only \(String(marker).debugDescription) closes the heredoc "
                    + "opened here",
                at: open.range
            )
        }
        if isIndented {
            HCLParser.removeCommonIndentation(&parts)
        }
        parts = HCLParser.mergingAdjacentLiterals(parts)
        let template = HCLTemplate(
            parts: parts,
            heredoc: HCLTemplate.Heredoc(marker: String(marker), isIndented: isIndented)
        )
        return HCLExpression(.template(template), range: range(from: open.range.start))
    }

    /// Parses template parts up to the end of the template, reporting stray `%{else}`, `%{endif}` and `%{endfor}`.
    private mutating func parseTemplateBody(quoted: Bool) -> [HCLTemplate.Part] {
        var parts: [HCLTemplate.Part] = []
        while true {
            parts += parseTemplateSequence(quoted: quoted)
            let token = peekRaw()
            guard token.kind == .templateControl else { return parts }
            let keyword = tokens[position + 1]
            error("Unexpected %{\(keyword.text)} without a matching opening directive", at: token.range)
            skipDirective()
        }
    }

    /// Parses literals, interpolations and complete directives until something else comes:
    /// the end of the template, or a `%{else}`, `%{endif}` or `%{endfor}` for the caller.
    private mutating func parseTemplateSequence(quoted: Bool) -> [HCLTemplate.Part] {
        var parts: [HCLTemplate.Part] = []
        while true {
            let token = peekRaw()
            switch token.kind {
            case .quotedLiteral:
                next()
                parts.append(.literal(decodeQuotedLiteral(token), token.range))
            case .heredocLiteral:
                next()
                parts.append(.literal(HCLParser.decodeTemplateEscapes(token.text), token.range))
            case .templateInterpolation:
                next()
                let left = token.text.hasSuffix("~")
                newlineModes.append(false)
                let expression = parseNestedExpression()
                newlineModes.removeLast()
                let right = expectSequenceEnd(after: "interpolation")
                parts.append(
                    .interpolation(
                        expression,
                        HCLTemplate.StripMarkers(left: left, right: right),
                        range(from: token.range.start)
                    )
                )
            case .templateControl:
                let keyword = tokens[position + 1]
                guard keyword.kind == .identifier else {
                    error(
                        "Expected a template directive (if, else, endif, for, endfor) after \"%{\"",
                        at: keyword.range
                    )
                    skipDirective()
                    continue
                }
                switch keyword.text {
                case "if":
                    guard let part = parseIfDirective(quoted: quoted) else { return parts }
                    parts.append(part)
                case "for":
                    guard let part = parseForDirective(quoted: quoted) else { return parts }
                    parts.append(part)
                case "else", "endif", "endfor":
                    return parts
                default:
                    error(
                        "Unknown template directive \(keyword.text.debugDescription): expected if, else, endif, for "
                            + "or endfor",
                        at: keyword.range
                    )
                    skipDirective()
                }
            default:
                return parts
            }
        }
    }

    /// Parses an expression inside `${…}` or `%{…}`, guarding the nesting depth.
    private mutating func parseNestedExpression() -> HCLExpression {
        guard depth < HCLParser.maximumDepth else {
            let token = peek()
            error("Template is nested too deeply", at: token.range)
            return HCLExpression(.invalid, range: token.range)
        }
        depth += 1
        defer { depth -= 1 }
        return parseExpression()
    }

    /// Consumes the closing `}` or `~}` of a sequence; returns whether it had the strip marker.
    private mutating func expectSequenceEnd(after what: String) -> Bool {
        let token = withNewlines(false) { $0.peek() }
        if token.kind == .templateSequenceEnd {
            withNewlines(false) { $0.next() }
            return token.text.hasPrefix("~")
        }
        error("Expected \"}\" to end the template \(what), found \(token.describedForMessage)", at: token.range)
        skipDirective(includingOpener: false)
        return false
    }

    /// Skips `%{ … }` (or, when `includingOpener` is false, the rest of one) up to its closing `}`.
    private mutating func skipDirective(includingOpener: Bool = true) {
        if includingOpener { position += 1 }
        while true {
            let kind = tokens[position].kind
            switch kind {
            case .templateSequenceEnd:
                position += 1
                return
            case .endOfFile, .closeQuote, .closeHeredoc, .quotedLiteral, .heredocLiteral:
                return
            default:
                if kind == .openQuote || kind == .openHeredoc {
                    // A nested template inside the directive: skip it whole.
                    recover(to: kind == .openQuote ? .closeQuote : .closeHeredoc)
                } else {
                    position += 1
                }
            }
        }
    }

    /// Reads `%{` keyword …: returns the markers after checking the keyword; the caller parses the rest.
    private mutating func openDirective() -> (start: SourcePosition, left: Bool) {
        let open = next()
        next()  // keyword
        return (open.range.start, open.text.hasSuffix("~"))
    }

    /// Consumes `%{keyword}` if it is next; returns its markers.
    private mutating func closeDirective(_ keyword: String) -> HCLTemplate.StripMarkers? {
        let open = peekRaw()
        guard open.kind == .templateControl, tokens[position + 1].kind == .identifier,
            tokens[position + 1].text == keyword
        else { return nil }
        next()
        next()
        let right = expectSequenceEnd(after: "directive %{\(keyword)}")
        return HCLTemplate.StripMarkers(left: open.text.hasSuffix("~"), right: right)
    }

    private mutating func parseIfDirective(quoted: Bool) -> HCLTemplate.Part? {
        let (start, left) = openDirective()
        newlineModes.append(false)
        let condition = parseNestedExpression()
        newlineModes.removeLast()
        let right = expectSequenceEnd(after: "directive %{if}")
        depth += 1
        defer { depth -= 1 }
        guard depth < HCLParser.maximumDepth else {
            error("Template directives are nested too deeply", at: condition.range)
            return nil
        }
        let thenParts = parseTemplateSequence(quoted: quoted)
        var elseParts: [HCLTemplate.Part]?
        let elseMarkers = closeDirective("else")
        if elseMarkers != nil {
            elseParts = parseTemplateSequence(quoted: quoted)
        }
        let endMarkers = closeDirective("endif")
        if endMarkers == nil {
            error("Missing %{endif} for the %{if} directive opened at \(start)", at: peekRaw().range)
        }
        return .conditional(
            HCLTemplate.Conditional(
                condition: condition,
                thenParts: thenParts,
                elseParts: elseParts,
                ifMarkers: HCLTemplate.StripMarkers(left: left, right: right),
                elseMarkers: elseMarkers,
                endMarkers: endMarkers ?? HCLTemplate.StripMarkers(),
                range: range(from: start)
            )
        )
    }

    private mutating func parseForDirective(quoted: Bool) -> HCLTemplate.Part? {
        let (start, left) = openDirective()
        var header: (key: String?, value: String, collection: HCLExpression)?
        withNewlines(false) { parser in
            var first = parser.peek()
            guard first.kind == .identifier else {
                parser.error("Expected an iteration variable after %{for", at: first.range)
                return
            }
            parser.next()
            var key: String?
            if parser.peek().kind == .comma {
                parser.next()
                let second = parser.peek()
                guard second.kind == .identifier else {
                    parser.error("Expected a second iteration variable after \",\"", at: second.range)
                    return
                }
                parser.next()
                key = first.text
                first = second
            }
            let inKeyword = parser.peek()
            guard inKeyword.kind == .identifier, inKeyword.text == "in" else {
                parser.error("Expected \"in\" in the %{for} directive", at: inKeyword.range)
                return
            }
            parser.next()
            header = (key, first.text, parser.parseNestedExpression())
        }
        let right = expectSequenceEnd(after: "directive %{for}")
        depth += 1
        defer { depth -= 1 }
        guard depth < HCLParser.maximumDepth else {
            error("Template directives are nested too deeply", at: range(from: start))
            return nil
        }
        let body = parseTemplateSequence(quoted: quoted)
        let endMarkers = closeDirective("endfor")
        if endMarkers == nil {
            error("Missing %{endfor} for the %{for} directive opened at \(start)", at: peekRaw().range)
        }
        guard let header else { return nil }
        return .loop(
            HCLTemplate.Loop(
                keyVariable: header.key,
                valueVariable: header.value,
                collection: header.collection,
                body: body,
                forMarkers: HCLTemplate.StripMarkers(left: left, right: right),
                endMarkers: endMarkers ?? HCLTemplate.StripMarkers(),
                range: range(from: start)
            )
        )
    }

    // MARK: Literal decoding

    /// Resolves `\n`, `\r`, `\t`, `\"`, `\\`, `\uNNNN`, `\UNNNNNNNN`, `$${` and `%%{` in a quoted literal.
    private mutating func decodeQuotedLiteral(_ token: HCLToken) -> String {
        let scalars = Array(token.text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\", i + 1 < scalars.count {
                let e = scalars[i + 1]
                switch e {
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "t": result.append("\t")
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case "u", "U":
                    let width = e == "u" ? 4 : 8
                    let digits = String(String.UnicodeScalarView(scalars[(i + 2)..<min(i + 2 + width, scalars.count)]))
                    if digits.count == width, let code = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(code) {
                        result.append(scalar)
                        i += 2 + width
                        continue
                    }
                    error(
                        "Invalid unicode escape \\\(e)\(digits): expected \(width) hexadecimal digits",
                        at: token.range
                    )
                    result.append(e)
                default:
                    error(
                        "Invalid escape sequence \"\\\(e)\": use \\\\ for a literal backslash",
                        at: token.range
                    )
                    result.append(e)
                }
                i += 2
                continue
            }
            if (c == "$" || c == "%"), i + 2 < scalars.count, scalars[i + 1] == c, scalars[i + 2] == "{" {
                result.append(c)
                result.append("{")
                i += 3
                continue
            }
            result.append(c)
            i += 1
        }
        return String(result)
    }

    /// Resolves `$${` and `%%{`; heredocs have no backslash escapes.
    static func decodeTemplateEscapes(_ text: String) -> String {
        guard text.contains("${") || text.contains("%{") else { return text }
        return text.replacingOccurrences("$${", with: "${").replacingOccurrences("%%{", with: "%{")
    }

    /// Removes the indentation common to all lines of a `<<-` heredoc, as hclsyntax does: blank lines
    /// do not count, each space or tab counts as one column, and a line that starts with an
    /// interpolation has no indentation.
    static func removeCommonIndentation(_ parts: inout [HCLTemplate.Part]) {
        var minimum = Int.max
        var atLineStart = true
        visitLineStarts(&parts, atLineStart: &atLineStart) { text, isLineStart in
            guard isLineStart else { return }
            let indentation = text.prefix { $0 == " " || $0 == "\t" }.count
            let rest = text.dropFirst(indentation)
            // A whitespace-only line does not count; whitespace before an interpolation does.
            if rest == "\n" || rest == "\r\n" { return }
            minimum = min(minimum, indentation)
        } onNonLiteralLineStart: {
            minimum = 0
        }
        guard minimum > 0, minimum != .max else { return }
        atLineStart = true
        visitLineStarts(&parts, atLineStart: &atLineStart) { text, isLineStart in
            guard isLineStart else { return }
            let indentation = text.prefix { $0 == " " || $0 == "\t" }.count
            text = String(text.dropFirst(min(indentation, minimum)))
        } onNonLiteralLineStart: {
        }
    }

    /// The scanner splits heredoc text at line ends; one literal per run of text reads better.
    static func mergingAdjacentLiterals(_ parts: [HCLTemplate.Part]) -> [HCLTemplate.Part] {
        var result: [HCLTemplate.Part] = []
        for part in parts {
            switch part {
            case .literal(let text, let range):
                if case .literal(let previous, let previousRange)? = result.last {
                    result[result.count - 1] = .literal(previous + text, previousRange.union(range))
                } else {
                    result.append(part)
                }
            case .interpolation:
                result.append(part)
            case .conditional(var conditional):
                conditional.thenParts = mergingAdjacentLiterals(conditional.thenParts)
                conditional.elseParts = conditional.elseParts.map(mergingAdjacentLiterals)
                result.append(.conditional(conditional))
            case .loop(var loop):
                loop.body = mergingAdjacentLiterals(loop.body)
                result.append(.loop(loop))
            }
        }
        return result
    }

    private static func visitLineStarts(
        _ parts: inout [HCLTemplate.Part],
        atLineStart: inout Bool,
        literal: (inout String, Bool) -> Void,
        onNonLiteralLineStart: () -> Void
    ) {
        for index in parts.indices {
            switch parts[index] {
            case .literal(var text, let range):
                literal(&text, atLineStart)
                atLineStart = text.hasSuffix("\n")
                parts[index] = .literal(text, range)
            case .interpolation:
                if atLineStart { onNonLiteralLineStart() }
                atLineStart = false
            case .conditional(var conditional):
                visitLineStarts(
                    &conditional.thenParts,
                    atLineStart: &atLineStart,
                    literal: literal,
                    onNonLiteralLineStart: onNonLiteralLineStart
                )
                if var elseParts = conditional.elseParts {
                    visitLineStarts(
                        &elseParts,
                        atLineStart: &atLineStart,
                        literal: literal,
                        onNonLiteralLineStart: onNonLiteralLineStart
                    )
                    conditional.elseParts = elseParts
                }
                parts[index] = .conditional(conditional)
            case .loop(var loop):
                visitLineStarts(
                    &loop.body,
                    atLineStart: &atLineStart,
                    literal: literal,
                    onNonLiteralLineStart: onNonLiteralLineStart
                )
                parts[index] = .loop(loop)
            }
        }
    }
}

extension String {
    /// Stdlib-only replacement of every occurrence of `target`.
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
