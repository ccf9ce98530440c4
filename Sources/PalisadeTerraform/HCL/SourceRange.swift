/// A half-open span of an HCL source file: `start` is the first character, `end` the one after the last.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    /// The file name given to the parser, as it should appear in diagnostics.
    public var fileName: String
    /// The first character of the span.
    public var start: SourcePosition
    /// The position just after the last character of the span.
    public var end: SourcePosition

    /// Creates a range.
    /// - Parameters:
    ///   - fileName: The file name shown in diagnostics.
    ///   - start: The first character of the span.
    ///   - end: The position just after the last character.
    public init(fileName: String, start: SourcePosition, end: SourcePosition) {
        self.fileName = fileName
        self.start = start
        self.end = end
    }

    /// The smallest range that covers both `self` and `other`.
    /// - Parameter other: A range in the same file.
    /// - Returns: The covering range.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(fileName: fileName, start: min(start, other.start), end: max(end, other.end))
    }

    /// An empty range at `position`.
    static func empty(_ fileName: String, at position: SourcePosition) -> SourceRange {
        SourceRange(fileName: fileName, start: position, end: position)
    }

    /// `file:line:column`, the form editors and compilers use.
    public var description: String { "\(fileName):\(start.line):\(start.column)" }
}
