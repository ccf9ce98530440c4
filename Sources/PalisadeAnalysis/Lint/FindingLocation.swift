import PalisadeCore
public import PalisadeTerraform

/// Where a finding points: a range of a source file (`three_tier.tf:12:3`), or a JSON path in an export
/// or plan (`sgs.json` at `$.SecurityGroups[0].IpPermissions[1]`).
public struct FindingLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file, as the reader named it.
    public var file: String
    /// 1-based first line, when the location is a source range.
    public var startLine: Int?
    /// 1-based first column.
    public var startColumn: Int?
    /// 1-based last line.
    public var endLine: Int?
    /// 1-based column just after the last character.
    public var endColumn: Int?
    /// A JSON path such as `$.SecurityGroups[0].IpPermissions[1]`, for JSON inputs.
    public var jsonPath: String?

    /// Creates a location.
    /// - Parameters:
    ///   - file: The file.
    ///   - startLine: First line.
    ///   - startColumn: First column.
    ///   - endLine: Last line.
    ///   - endColumn: Column after the last character.
    ///   - jsonPath: A JSON path, for JSON inputs.
    public init(
        file: String, startLine: Int? = nil, startColumn: Int? = nil, endLine: Int? = nil, endColumn: Int? = nil,
        jsonPath: String? = nil
    ) {
        self.file = file
        self.startLine = startLine
        self.startColumn = startColumn
        self.endLine = endLine
        self.endColumn = endColumn
        self.jsonPath = jsonPath
    }

    /// The location of a source range.
    /// - Parameter range: A range of a parsed HCL file.
    public init(_ range: SourceRange) {
        self.init(
            file: range.fileName, startLine: range.start.line, startColumn: range.start.column,
            endLine: range.end.line, endColumn: range.end.column
        )
    }

    /// A JSON path in `file`.
    /// - Parameters:
    ///   - file: The JSON file.
    ///   - jsonPath: The path of the offending value.
    /// - Returns: The location.
    public static func json(_ file: String, _ jsonPath: String) -> FindingLocation {
        FindingLocation(file: file, jsonPath: jsonPath)
    }

    /// `file:line:column`, `file:$.path`, or `file`.
    public var description: String {
        if let startLine {
            return "\(file):\(startLine):\(startColumn ?? 1)"
        }
        if let jsonPath { return "\(file):\(jsonPath)" }
        return file
    }
}
