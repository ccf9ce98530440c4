import PalisadeCore
/// One problem a check found: what, how serious, why it matters, how to fix it, and where.
public struct Finding: Sendable, Hashable {
    /// The check's ID, such as `PAL-SSH-WORLD`.
    public var checkId: String
    /// How serious this occurrence is (a check may lower its default with context, and the configuration
    /// may override it).
    public var severity: Severity
    /// The check's one-line title.
    public var title: String
    /// What is wrong here, with the concrete values.
    public var message: String
    /// Why it matters.
    public var rationale: String
    /// How to fix it.
    public var fix: String
    /// Where it is; nil when the object has no known place (such as a snapshot from the live server).
    public var location: FindingLocation?
    /// The Terraform resource address (`aws_security_group.bastion_sg`) or AWS ID of the object concerned.
    public var address: String?
    /// IDs of the objects involved (group, rule, interface IDs), first the offending one.
    public var relatedIds: [String]
    /// Set when an inline `palisade:ignore` comment suppresses the finding.
    public var suppression: Suppression?

    /// Creates a finding.
    /// - Parameters:
    ///   - checkId: The check's ID.
    ///   - severity: How serious it is.
    ///   - title: The check's title.
    ///   - message: What is wrong here.
    ///   - rationale: Why it matters.
    ///   - fix: How to fix it.
    ///   - location: Where it is.
    ///   - address: The resource address or AWS ID.
    ///   - relatedIds: IDs of the objects involved.
    ///   - suppression: The suppression that applies, if any.
    public init(
        checkId: String, severity: Severity, title: String, message: String, rationale: String, fix: String,
        location: FindingLocation?, address: String?, relatedIds: [String] = [], suppression: Suppression? = nil
    ) {
        self.checkId = checkId
        self.severity = severity
        self.title = title
        self.message = message
        self.rationale = rationale
        self.fix = fix
        self.location = location
        self.address = address
        self.relatedIds = relatedIds
        self.suppression = suppression
    }

    /// Whether an inline comment suppresses it.
    public var isSuppressed: Bool { suppression != nil }
}
