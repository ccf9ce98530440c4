/// A point in an HCL source file.
///
/// Lines and columns are 1-based; columns count Unicode scalars, so a tab or an
/// `é` is one column. `offset` is the 0-based UTF-8 byte offset.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int
    /// 0-based byte offset into the UTF-8 source.
    public var offset: Int

    /// Creates a position.
    /// - Parameters:
    ///   - line: 1-based line number.
    ///   - column: 1-based column, counted in Unicode scalars.
    ///   - offset: 0-based byte offset into the UTF-8 source.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The first position of any file.
    public static let start = SourcePosition(line: 1, column: 1, offset: 0)

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        lhs.offset < rhs.offset
    }

    public var description: String { "\(line):\(column)" }
}
