import PalisadeCore
/// One analyzer check: a descriptor and a pure function from a ``LintContext`` to findings.
///
/// Each check lives in its own file under `Lint/Rules/`; ``LintCheckCatalog`` lists them.
///
/// ```swift
/// struct SSHOpenToWorld: LintCheck {
///     let descriptor = CheckDescriptor(id: "PAL-SSH-WORLD", …)
///     func findings(in context: LintContext) -> [Finding] { … }
/// }
/// ```
public protocol LintCheck: Sendable {
    /// The check's ID, title, severity, rationale and fix.
    var descriptor: CheckDescriptor { get }
    /// Runs the check.
    /// - Parameter context: The snapshot with its side tables and the configuration.
    /// - Returns: Findings, in any order (the linter sorts them).
    func findings(in context: LintContext) -> [Finding]
}
