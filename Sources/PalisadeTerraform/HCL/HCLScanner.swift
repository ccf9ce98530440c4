/// Splits HCL native syntax into ``HCLToken``s.
///
/// The scanner is modal, as HCL's own is: outside strings it produces expression tokens;
/// inside `"…"` and heredocs it produces template literals, and `${`/`%{` switch back to
/// expression tokens until the matching `}`. It never fails: text it cannot read becomes an
/// ``HCLToken/Kind/invalid`` or ``HCLToken/Kind/unterminated`` token, and the list always ends
/// with ``HCLToken/Kind/endOfFile``.
///
/// ```swift
/// let tokens = HCLScanner.scan("a = \"x${b}\"\n", fileName: "main.tf")
/// ```
public struct HCLScanner {
    private enum Mode {
        /// Expression tokens. `depth` counts open `{`; `closesTemplate` is true inside `${…}`/`%{…}`.
        case expression(depth: Int, closesTemplate: Bool)
        case quoted
        case heredoc(marker: [UInt8], atLineStart: Bool)
    }

    private let bytes: [UInt8]
    private let fileName: String
    private var index = 0
    private var line = 1
    private var column = 1
    private var modes: [Mode] = [.expression(depth: 0, closesTemplate: false)]
    private var tokens: [HCLToken] = []

    private init(source: String, fileName: String) {
        self.bytes = Array(source.utf8)
        self.fileName = fileName
        // Editors on Windows may start a file with a byte order mark; it is not content.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    /// Scans a whole source file.
    /// - Parameters:
    ///   - source: HCL native-syntax text.
    ///   - fileName: The name used in every token's range.
    /// - Returns: All tokens, comments and newlines included, ending with `endOfFile`.
    public static func scan(_ source: String, fileName: String) -> [HCLToken] {
        var scanner = HCLScanner(source: source, fileName: fileName)
        scanner.run()
        return scanner.tokens
    }

    private var position: SourcePosition { SourcePosition(line: line, column: column, offset: index) }

    private func byte(_ offset: Int = 0) -> UInt8? {
        let i = index + offset
        return i < bytes.count ? bytes[i] : nil
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < bytes.count {
            let b = bytes[index]
            index += 1
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
    }

    private mutating func emit(_ kind: HCLToken.Kind, from start: SourcePosition) {
        let text = String(decoding: bytes[start.offset..<index], as: UTF8.self)
        tokens.append(
            HCLToken(kind: kind, text: text, range: SourceRange(fileName: fileName, start: start, end: position))
        )
    }

    private mutating func run() {
        while index < bytes.count {
            switch modes[modes.count - 1] {
            case .expression(let depth, let closesTemplate):
                scanExpressionToken(depth: depth, closesTemplate: closesTemplate)
            case .quoted:
                scanQuotedToken()
            case .heredoc(let marker, let atLineStart):
                scanHeredocToken(marker: marker, atLineStart: atLineStart)
            }
        }
        let end = position
        tokens.append(HCLToken(kind: .endOfFile, text: "", range: .empty(fileName, at: end)))
    }

    private mutating func setTop(_ mode: Mode) { modes[modes.count - 1] = mode }

    // MARK: Expression mode

    private mutating func scanExpressionToken(depth: Int, closesTemplate: Bool) {
        let start = position
        let c = bytes[index]
        switch c {
        case UInt8(ascii: " "), UInt8(ascii: "\t"):
            advance()
        case UInt8(ascii: "\r"):
            if byte(1) == UInt8(ascii: "\n") {
                advance(2)
                emit(.newline, from: start)
            } else {
                advance()
            }
        case UInt8(ascii: "\n"):
            advance()
            emit(.newline, from: start)
        case UInt8(ascii: "#"):
            skipToEndOfLine()
            emit(.comment, from: start)
        case UInt8(ascii: "/") where byte(1) == UInt8(ascii: "/"):
            skipToEndOfLine()
            emit(.comment, from: start)
        case UInt8(ascii: "/") where byte(1) == UInt8(ascii: "*"):
            advance(2)
            while index < bytes.count, !(bytes[index] == UInt8(ascii: "*") && byte(1) == UInt8(ascii: "/")) {
                advance()
            }
            if index < bytes.count {
                advance(2)
                emit(.comment, from: start)
            } else {
                emit(.unterminated, from: start)
            }
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            scanNumber()
            emit(.number, from: start)
        case UInt8(ascii: "\""):
            advance()
            emit(.openQuote, from: start)
            modes.append(.quoted)
        case UInt8(ascii: "{"):
            advance()
            setTop(.expression(depth: depth + 1, closesTemplate: closesTemplate))
            emit(.openBrace, from: start)
        case UInt8(ascii: "}"):
            advance()
            if depth > 0 {
                setTop(.expression(depth: depth - 1, closesTemplate: closesTemplate))
                emit(.closeBrace, from: start)
            } else if closesTemplate {
                modes.removeLast()
                emit(.templateSequenceEnd, from: start)
            } else {
                emit(.closeBrace, from: start)
            }
        case UInt8(ascii: "~") where closesTemplate && depth == 0 && byte(1) == UInt8(ascii: "}"):
            advance(2)
            modes.removeLast()
            emit(.templateSequenceEnd, from: start)
        case UInt8(ascii: "<") where byte(1) == UInt8(ascii: "<") && scanHeredocStart():
            emit(.openHeredoc, from: start)
        default:
            if let kind = scanOperator() {
                emit(kind, from: start)
            } else if let length = identifierStartLength(at: index) {
                advance(length)
                while let length = identifierContinueLength(at: index) {
                    advance(length)
                }
                emit(.identifier, from: start)
            } else {
                advance(scalarLength(at: index))
                emit(.invalid, from: start)
            }
        }
    }

    private mutating func skipToEndOfLine() {
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
            if bytes[index] == UInt8(ascii: "\r"), byte(1) == UInt8(ascii: "\n") { break }
            advance()
        }
    }

    private mutating func scanNumber() {
        while let b = byte(), isDigit(b) { advance() }
        if byte() == UInt8(ascii: "."), let next = byte(1), isDigit(next) {
            advance()
            while let b = byte(), isDigit(b) { advance() }
        }
        if let e = byte(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var lookahead = 1
            if let sign = byte(1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { lookahead = 2 }
            if let digit = byte(lookahead), isDigit(digit) {
                advance(lookahead)
                while let b = byte(), isDigit(b) { advance() }
            }
        }
    }

    /// Consumes `<<ID\n` or `<<-ID\n` and pushes heredoc mode; consumes nothing if this is not one.
    private mutating func scanHeredocStart() -> Bool {
        var i = index + 2
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let markerStart = i
        guard i < bytes.count, identifierStartLength(at: i) != nil else { return false }
        while i < bytes.count, let length = identifierContinueLength(at: i) { i += length }
        let marker = Array(bytes[markerStart..<i])
        if i < bytes.count, bytes[i] == UInt8(ascii: "\r") { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\n") else { return false }
        advance(i + 1 - index)
        modes.append(.heredoc(marker: marker, atLineStart: true))
        return true
    }

    private mutating func scanOperator() -> HCLToken.Kind? {
        let c = bytes[index]
        let next = byte(1)
        func take(_ kind: HCLToken.Kind, _ length: Int) -> HCLToken.Kind {
            advance(length)
            return kind
        }
        switch c {
        case UInt8(ascii: "["): return take(.openBracket, 1)
        case UInt8(ascii: "]"): return take(.closeBracket, 1)
        case UInt8(ascii: "("): return take(.openParen, 1)
        case UInt8(ascii: ")"): return take(.closeParen, 1)
        case UInt8(ascii: ","): return take(.comma, 1)
        case UInt8(ascii: "."):
            return next == UInt8(ascii: ".") && byte(2) == UInt8(ascii: ".") ? take(.ellipsis, 3) : take(.dot, 1)
        case UInt8(ascii: ":"): return next == UInt8(ascii: ":") ? take(.doubleColon, 2) : take(.colon, 1)
        case UInt8(ascii: "?"): return take(.question, 1)
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { return take(.equalEqual, 2) }
            return next == UInt8(ascii: ">") ? take(.fatArrow, 2) : take(.equal, 1)
        case UInt8(ascii: "+"): return take(.plus, 1)
        case UInt8(ascii: "-"): return take(.minus, 1)
        case UInt8(ascii: "*"): return take(.star, 1)
        case UInt8(ascii: "/"): return take(.slash, 1)
        case UInt8(ascii: "%"): return take(.percent, 1)
        case UInt8(ascii: "!"): return next == UInt8(ascii: "=") ? take(.notEqual, 2) : take(.bang, 1)
        case UInt8(ascii: "<"): return next == UInt8(ascii: "=") ? take(.lessEqual, 2) : take(.less, 1)
        case UInt8(ascii: ">"): return next == UInt8(ascii: "=") ? take(.greaterEqual, 2) : take(.greater, 1)
        case UInt8(ascii: "&") where next == UInt8(ascii: "&"): return take(.and, 2)
        case UInt8(ascii: "|") where next == UInt8(ascii: "|"): return take(.or, 2)
        default: return nil
        }
    }

    // MARK: Template modes

    private mutating func scanQuotedToken() {
        let start = position
        let c = bytes[index]
        if c == UInt8(ascii: "\"") {
            advance()
            modes.removeLast()
            emit(.closeQuote, from: start)
            return
        }
        if c == UInt8(ascii: "\n") || (c == UInt8(ascii: "\r") && byte(1) == UInt8(ascii: "\n")) {
            // An unterminated string: leave the newline to expression mode so the parser can recover.
            modes.removeLast()
            return
        }
        if scanTemplateIntroducer() { return }
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\n") { break }
            if b == UInt8(ascii: "\r"), byte(1) == UInt8(ascii: "\n") { break }
            if b == UInt8(ascii: "\\") {
                if let next = byte(1), next != UInt8(ascii: "\n"), next != UInt8(ascii: "\r") {
                    advance(2)
                } else {
                    advance()
                }
                continue
            }
            if isTemplateIntroducer() { break }
            advance(escapedIntroducerLength())
        }
        emit(.quotedLiteral, from: start)
    }

    private mutating func scanHeredocToken(marker: [UInt8], atLineStart: Bool) {
        let start = position
        if atLineStart, closesHeredoc(marker: marker) {
            while let b = byte(), b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") { advance() }
            advance(marker.count)
            modes.removeLast()
            emit(.closeHeredoc, from: start)
            return
        }
        setTop(.heredoc(marker: marker, atLineStart: false))
        if scanTemplateIntroducer() { return }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                advance()
                setTop(.heredoc(marker: marker, atLineStart: true))
                break
            }
            if isTemplateIntroducer() { break }
            advance(escapedIntroducerLength())
        }
        emit(.heredocLiteral, from: start)
    }

    private func closesHeredoc(marker: [UInt8]) -> Bool {
        var i = index
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
        guard i + marker.count <= bytes.count, Array(bytes[i..<(i + marker.count)]) == marker else { return false }
        i += marker.count
        if i == bytes.count || bytes[i] == UInt8(ascii: "\n") { return true }
        return bytes[i] == UInt8(ascii: "\r") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n")
    }

    /// `${` or `%{` that is not escaped as `$${` / `%%{`.
    private func isTemplateIntroducer() -> Bool {
        let c = bytes[index]
        return (c == UInt8(ascii: "$") || c == UInt8(ascii: "%")) && byte(1) == UInt8(ascii: "{")
    }

    /// 3 for `$${` or `%%{` (kept literal), else 1.
    private func escapedIntroducerLength() -> Int {
        let c = bytes[index]
        if (c == UInt8(ascii: "$") || c == UInt8(ascii: "%")), byte(1) == c, byte(2) == UInt8(ascii: "{") {
            return 3
        }
        return 1
    }

    private mutating func scanTemplateIntroducer() -> Bool {
        guard isTemplateIntroducer() else { return false }
        let start = position
        let kind: HCLToken.Kind = bytes[index] == UInt8(ascii: "$") ? .templateInterpolation : .templateControl
        advance(2)
        if byte() == UInt8(ascii: "~") { advance() }
        modes.append(.expression(depth: 0, closesTemplate: true))
        emit(kind, from: start)
        return true
    }

    // MARK: Characters

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private func scalarLength(at i: Int) -> Int {
        let b = bytes[i]
        let length: Int
        switch b {
        case 0xF0...0xF7: length = 4
        case 0xE0...0xEF: length = 3
        case 0xC0...0xDF: length = 2
        default: length = 1
        }
        return min(length, bytes.count - i)
    }

    private func scalar(at i: Int) -> Unicode.Scalar? {
        let length = scalarLength(at: i)
        var value = UInt32(bytes[i])
        switch length {
        case 2: value &= 0x1F
        case 3: value &= 0x0F
        case 4: value &= 0x07
        default: break
        }
        for k in 1..<max(length, 1) {
            value = (value << 6) | UInt32(bytes[i + k] & 0x3F)
        }
        return Unicode.Scalar(value)
    }

    private func identifierStartLength(at i: Int) -> Int? {
        guard i < bytes.count else { return nil }
        let b = bytes[i]
        if (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_")
        {
            return 1
        }
        if b >= 0x80, let s = scalar(at: i), s.properties.isXIDStart { return scalarLength(at: i) }
        return nil
    }

    private func identifierContinueLength(at i: Int) -> Int? {
        if let length = identifierStartLength(at: i) { return length }
        guard i < bytes.count else { return nil }
        let b = bytes[i]
        if isDigit(b) || b == UInt8(ascii: "-") { return 1 }
        if b >= 0x80, let s = scalar(at: i), s.properties.isXIDContinue { return scalarLength(at: i) }
        return nil
    }
}
