import PalisadeCore
/// An inline `# palisade:ignore CHECK-ID reason="…"` comment, which suppresses the findings of the named
/// checks inside the block or attribute on the next line.
public struct Suppression: Sendable, Hashable {
    /// The suppressed check IDs (`*` for every check).
    public var checkIds: [String]
    /// Why the findings are accepted; a suppression without one suppresses nothing and is itself reported.
    public var reason: String?
    /// Where the comment is.
    public var location: FindingLocation
    /// The lines the suppression covers (the block after the comment), inclusive.
    public var lines: ClosedRange<Int>

    /// Creates a suppression.
    /// - Parameters:
    ///   - checkIds: The suppressed check IDs.
    ///   - reason: Why the findings are accepted.
    ///   - location: Where the comment is.
    ///   - lines: The lines it covers.
    public init(checkIds: [String], reason: String?, location: FindingLocation, lines: ClosedRange<Int>) {
        self.checkIds = checkIds
        self.reason = reason
        self.location = location
        self.lines = lines
    }

    /// Whether it suppresses `finding`.
    /// - Parameter finding: A finding.
    /// - Returns: True when the reason is given, the check matches and the finding lies in ``lines``.
    public func covers(_ finding: Finding) -> Bool {
        guard reason != nil, let location = finding.location, location.file == self.location.file,
            let line = location.startLine, lines.contains(line)
        else { return false }
        return checkIds.contains("*") || checkIds.contains(finding.checkId)
    }
}
