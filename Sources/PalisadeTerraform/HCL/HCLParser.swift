/// A recursive-descent parser for HCL native syntax, following the hashicorp/hcl `hclsyntax` specification.
///
/// The parser never throws and never stops early: on a syntax error it records an
/// ``HCLDiagnostic``, skips to a point where it can resume (the next line, or the brace that
/// closes the current block) and goes on, so the result is a partial tree plus every problem.
///
/// ```swift
/// let (file, diagnostics) = HCLParser.parse(source: text, fileName: "main.tf")
/// for diagnostic in diagnostics { print(diagnostic) }   // main.tf:3:7: error: …
/// ```
public struct HCLParser {
    /// Deepest nesting of blocks, brackets and templates accepted before the parser gives up on a construct.
    /// Real configurations stay far below it; it bounds recursion so hostile input cannot exhaust the stack
    /// (release builds need well under 512 KiB of stack at this depth, debug builds about 1 MiB).
    static let maximumDepth = 64

    var tokens: [HCLToken]
    var position = 0
    /// Whether newlines are tokens (bodies, objects) or whitespace (parentheses, brackets, interpolations).
    var newlineModes: [Bool] = [true]
    var diagnostics: [HCLDiagnostic] = []
    var depth = 0
    let fileName: String

    init(source: String, fileName: String) {
        self.fileName = fileName
        let scanned = HCLScanner.scan(source, fileName: fileName)
        var kept: [HCLToken] = []
        // Sized once: growing it token by token copied the array over and over.
        kept.reserveCapacity(scanned.count)
        var diagnostics: [HCLDiagnostic] = []
        for token in scanned {
            switch token.kind {
            case .comment:
                continue
            case .invalid:
                let character = token.text.unicodeScalars.first.map {
                    "U+\(String($0.value, radix: 16, uppercase: true))"
                }
                diagnostics.append(
                    HCLDiagnostic(
                        message: "Invalid character \(token.text.debugDescription) (\(character ?? "?")): "
                            + "this character is not used in HCL syntax",
                        range: token.range
                    )
                )
            case .unterminated:
                diagnostics.append(
                    HCLDiagnostic(message: "Unterminated comment: missing \"*/\"", range: token.range)
                )
            default:
                kept.append(token)
            }
        }
        self.tokens = kept
        self.diagnostics = diagnostics
    }

    /// Parses a whole file.
    /// - Parameters:
    ///   - source: HCL native-syntax text, such as the contents of a `.tf` or `.tfvars` file.
    ///   - fileName: The name used in ranges and diagnostics.
    /// - Returns: The (possibly partial) file and all diagnostics, in source order. The file is
    ///   complete and correct exactly when no diagnostic has severity `.error`.
    public static func parse(source: String, fileName: String) -> (HCLFile, [HCLDiagnostic]) {
        var parser = HCLParser(source: source, fileName: fileName)
        let body = parser.parseBody(closedBy: nil)
        return (HCLFile(fileName: fileName, body: body, source: source), parser.sortedDiagnostics)
    }

    /// Parses a single expression, such as a value given on a command line.
    /// - Parameters:
    ///   - source: The expression text; surrounding newlines are allowed.
    ///   - fileName: The name used in ranges and diagnostics.
    /// - Returns: The expression (``HCLExpression/Kind/invalid`` if nothing could be read) and all diagnostics.
    public static func parseExpression(source: String, fileName: String) -> (HCLExpression, [HCLDiagnostic]) {
        var parser = HCLParser(source: source, fileName: fileName)
        parser.newlineModes = [false]
        let expression = parser.parseExpression()
        let rest = parser.peek()
        if rest.kind != .endOfFile {
            parser.error("Unexpected \(rest.describedForMessage) after the expression", at: rest.range)
        }
        return (expression, parser.sortedDiagnostics)
    }

    var sortedDiagnostics: [HCLDiagnostic] {
        diagnostics.enumerated()
            .sorted { ($0.element.range.start, $0.offset) < ($1.element.range.start, $1.offset) }
            .map(\.element)
    }

    // MARK: Token access

    private var includesNewlines: Bool { newlineModes[newlineModes.count - 1] }

    private func peekIndex() -> Int {
        var index = position
        if !includesNewlines {
            while tokens[index].kind == .newline { index += 1 }
        }
        return index
    }

    /// The next significant token, without consuming it.
    func peek() -> HCLToken { tokens[peekIndex()] }

    /// The token after ``peek()``, without consuming anything.
    func peekSecond() -> HCLToken {
        var index = peekIndex()
        if index < tokens.count - 1 { index += 1 }
        if !includesNewlines {
            while tokens[index].kind == .newline { index += 1 }
        }
        return tokens[index]
    }

    /// Consumes and returns the next significant token; stays on `endOfFile` once there.
    @discardableResult
    mutating func next() -> HCLToken {
        let index = peekIndex()
        position = min(index + 1, tokens.count - 1)
        return tokens[index]
    }

    /// The next raw token, newlines included whatever the mode.
    func peekRaw() -> HCLToken { tokens[position] }

    /// The end of the most recently consumed significant token.
    var previousEnd: SourcePosition {
        var index = position - 1
        while index > 0, tokens[index].kind == .newline { index -= 1 }
        return index >= 0 ? tokens[index].range.end : .start
    }

    @discardableResult
    mutating func withNewlines<T>(_ included: Bool, _ body: (inout HCLParser) -> T) -> T {
        newlineModes.append(included)
        defer { newlineModes.removeLast() }
        return body(&self)
    }

    mutating func error(_ message: String, at range: SourceRange) {
        diagnostics.append(HCLDiagnostic(message: message, range: range))
    }

    func range(from start: SourcePosition) -> SourceRange {
        SourceRange(fileName: fileName, start: start, end: max(start, previousEnd))
    }

    // MARK: Recovery

    /// Skips to the end of the current line (consuming the newline) or to a `}` that closes the
    /// enclosing body (not consumed), keeping track of nested brackets and templates.
    mutating func recoverToNextLine() {
        var nesting = 0
        while true {
            let token = tokens[position]
            switch token.kind {
            case .endOfFile:
                return
            case .newline where nesting == 0:
                position += 1
                return
            case .closeBrace where nesting == 0:
                return
            case .openBrace, .openBracket, .openParen, .openQuote, .openHeredoc, .templateInterpolation,
                .templateControl:
                nesting += 1
            case .closeBrace, .closeBracket, .closeParen, .closeQuote, .closeHeredoc, .templateSequenceEnd:
                nesting = max(0, nesting - 1)
            default:
                break
            }
            position += 1
        }
    }

    /// Skips to and consumes `closer` at the current nesting level. Stops early, consuming nothing
    /// more, at a closer of an enclosing construct, at end of file, and (for `]` and `)`) at a line
    /// that starts like a new attribute or block, so that an unclosed list does not swallow the file.
    mutating func recover(to closer: HCLToken.Kind) {
        var nesting = 0
        while true {
            let token = tokens[position]
            if token.kind == .endOfFile { return }
            if token.kind == .newline, nesting == 0, closer != .closeBrace, startsBodyItem(at: position + 1) { return }
            if nesting == 0, token.kind == closer {
                position += 1
                return
            }
            switch token.kind {
            case .openBrace, .openBracket, .openParen, .openQuote, .openHeredoc, .templateInterpolation,
                .templateControl:
                nesting += 1
            case .closeBrace, .closeBracket, .closeParen, .closeQuote, .closeHeredoc, .templateSequenceEnd:
                if nesting == 0 { return }  // a closer of an enclosing construct: leave it to its owner
                nesting -= 1
            default:
                break
            }
            position += 1
        }
    }
}

extension HCLParser {
    /// Whether the tokens at `index` look like the start of an attribute (`name =`) or a block
    /// (`name {`, `name "label"`).
    func startsBodyItem(at index: Int) -> Bool {
        guard index + 1 < tokens.count, tokens[index].kind == .identifier else { return false }
        switch tokens[index + 1].kind {
        case .equal, .openBrace: return true
        case .openQuote: return index + 2 < tokens.count && tokens[index + 2].kind != .templateInterpolation
        default: return false
        }
    }
}

extension HCLToken {
    /// How a token is named in messages: `"}"`, `newline`, `end of file`, `identifier "foo"`.
    var describedForMessage: String {
        switch kind {
        case .endOfFile: "end of file"
        case .newline: "newline"
        case .identifier: "identifier \(text.debugDescription)"
        case .number: "number \(text)"
        case .openQuote, .closeQuote: "quote"
        case .quotedLiteral, .heredocLiteral: "text \(text.debugDescription)"
        case .openHeredoc: "heredoc"
        case .closeHeredoc: "end of heredoc"
        case .templateInterpolation: "\"${\""
        case .templateControl: "\"%{\""
        case .templateSequenceEnd: "\"}\""
        default: text.isEmpty ? kind.rawValue : text.debugDescription
        }
    }
}
