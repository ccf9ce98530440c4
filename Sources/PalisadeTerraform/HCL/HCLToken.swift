/// One lexical token of HCL native syntax, as produced by ``HCLScanner``.
public struct HCLToken: Sendable, Hashable, CustomStringConvertible {
    /// What a token is.
    public enum Kind: String, Sendable, Hashable {
        case openBrace = "{"
        case closeBrace = "}"
        case openBracket = "["
        case closeBracket = "]"
        case openParen = "("
        case closeParen = ")"
        case comma = ","
        case dot = "."
        case ellipsis = "..."
        case colon = ":"
        case doubleColon = "::"
        case question = "?"
        case equal = "="
        case fatArrow = "=>"
        case plus = "+"
        case minus = "-"
        case star = "*"
        case slash = "/"
        case percent = "%"
        case equalEqual = "=="
        case notEqual = "!="
        case less = "<"
        case lessEqual = "<="
        case greater = ">"
        case greaterEqual = ">="
        case and = "&&"
        case or = "||"
        case bang = "!"
        /// A decimal number literal such as `443` or `1.5e3`.
        case number
        /// An identifier or keyword (`for`, `true`, … are identifiers to the scanner).
        case identifier
        /// `"` opening a quoted template.
        case openQuote
        /// `"` closing a quoted template.
        case closeQuote
        /// Literal text inside a quoted template, escapes not yet decoded.
        case quotedLiteral
        /// `<<EOF` or `<<-EOF`, including the newline that ends the line.
        case openHeredoc
        /// The line that closes a heredoc, including surrounding whitespace and newline.
        case closeHeredoc
        /// Literal text inside a heredoc; `$${` and `%%{` not yet decoded.
        case heredocLiteral
        /// `${` or `${~`.
        case templateInterpolation
        /// `%{` or `%{~`.
        case templateControl
        /// `}` or `~}` ending an interpolation or directive.
        case templateSequenceEnd
        /// A comment of any of the three kinds; the newline after a line comment is a separate token.
        case comment
        case newline
        /// A character or sequence that no HCL token starts with.
        case invalid
        /// A `"` string, `/*` comment or heredoc that the file ends inside.
        case unterminated
        case endOfFile
    }

    /// What the token is.
    public var kind: Kind
    /// The exact source text of the token.
    public var text: String
    /// Where the token is.
    public var range: SourceRange

    /// Creates a token.
    /// - Parameters:
    ///   - kind: What the token is.
    ///   - text: The exact source text.
    ///   - range: Where the token is.
    public init(kind: Kind, text: String, range: SourceRange) {
        self.kind = kind
        self.text = text
        self.range = range
    }

    public var description: String { "\(kind)(\(text.debugDescription))@\(range.start)" }
}
