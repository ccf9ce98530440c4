/// A parsed HCL native-syntax file: its top-level body, and the text it was parsed from.
///
/// ```swift
/// let (file, diagnostics) = HCLParser.parse(source: text, fileName: "main.tf")
/// for block in file.body.blocks(ofType: "resource") { … }
/// ```
public struct HCLFile: Sendable, Hashable {
    /// The name given to the parser, as used in every range.
    public var fileName: String
    /// The top-level attributes and blocks.
    public var body: HCLBody
    /// The source text, so that callers can quote the code a range points at.
    public var source: String

    /// Creates a file.
    /// - Parameters:
    ///   - fileName: The name used in ranges and diagnostics.
    ///   - body: The top-level body.
    ///   - source: The text the body was parsed from.
    public init(fileName: String, body: HCLBody, source: String) {
        self.fileName = fileName
        self.body = body
        self.source = source
    }

    /// The source text covered by `range`, such as `var.corporate_cidr_blocks` for an attribute's expression.
    /// - Parameter range: A range produced by parsing this file.
    /// - Returns: The text, or nil when the range is not inside this file's source.
    public func text(of range: SourceRange) -> Substring? {
        let utf8 = source.utf8
        guard range.fileName == fileName, range.start.offset >= 0, range.start.offset <= range.end.offset,
            range.end.offset <= utf8.count
        else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: range.start.offset)
        let end = utf8.index(utf8.startIndex, offsetBy: range.end.offset)
        return Substring(utf8[start..<end])
    }
}
