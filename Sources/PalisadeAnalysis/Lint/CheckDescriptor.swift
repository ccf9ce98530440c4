import PalisadeCore
/// What a check is: its ID, title, default severity, rationale and fix, as listed by `palisade lint
/// --list-checks` and in SARIF's `tool.driver.rules`.
public struct CheckDescriptor: Sendable, Hashable {
    /// A stable ID such as `PAL-SSH-WORLD`.
    public var id: String
    /// A one-line title.
    public var title: String
    /// The severity of a typical finding.
    public var defaultSeverity: Severity
    /// Why it matters.
    public var rationale: String
    /// How to fix it.
    public var fix: String

    /// Creates a descriptor.
    /// - Parameters:
    ///   - id: A stable ID.
    ///   - title: A one-line title.
    ///   - defaultSeverity: The severity of a typical finding.
    ///   - rationale: Why it matters.
    ///   - fix: How to fix it.
    public init(id: String, title: String, defaultSeverity: Severity, rationale: String, fix: String) {
        self.id = id
        self.title = title
        self.defaultSeverity = defaultSeverity
        self.rationale = rationale
        self.fix = fix
    }

    /// A finding of this check.
    /// - Parameters:
    ///   - message: What is wrong here.
    ///   - severity: The severity, when context changes it; the default otherwise.
    ///   - location: Where it is.
    ///   - address: The resource address or AWS ID.
    ///   - relatedIds: IDs of the objects involved.
    ///   - fix: A fix for this occurrence, when more precise than the check's.
    /// - Returns: The finding.
    public func finding(
        _ message: String, severity: Severity? = nil, at location: FindingLocation?, address: String?,
        relatedIds: [String] = [], fix: String? = nil
    ) -> Finding {
        Finding(
            checkId: id, severity: severity ?? defaultSeverity, title: title, message: message, rationale: rationale,
            fix: fix ?? self.fix, location: location, address: address, relatedIds: relatedIds
        )
    }
}
