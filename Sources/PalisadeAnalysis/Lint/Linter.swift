import PalisadeCore
import PalisadeTerraform

/// Runs the enabled checks over a ``LintContext``, applies severity overrides and inline suppressions, and
/// returns the findings in source order.
///
/// ```swift
/// let translation = TerraformTranslator().translate(module, variableFiles: tfvars)
/// let report = Linter().lint(LintContext(translation: translation))
/// print(TextRenderer(color: false).render(report))
/// ```
public struct Linter: Sendable {
    /// Every check that may run; ``LintConfiguration`` selects among them.
    public var checks: [any LintCheck]

    /// Creates a linter.
    /// - Parameter checks: The checks; ``LintCheckCatalog/all`` by default.
    public init(checks: [any LintCheck] = LintCheckCatalog.all) {
        self.checks = checks
    }

    /// Lints one context.
    /// - Parameter context: The snapshot, side tables and configuration.
    /// - Returns: The report: findings sorted by file, line, column and check, suppressed ones marked.
    public func lint(_ context: LintContext) -> LintReport {
        let configuration = context.configuration
        let enabled = checks.filter { configuration.isEnabled($0.descriptor.id) }
        var findings: [Finding] = []
        for check in enabled {
            findings += check.findings(in: context)
        }
        let suppressions = context.translation.map { SuppressionScanner.suppressions(in: $0) } ?? []
        if configuration.isEnabled(SuppressionWithoutReason.descriptor.id) {
            findings += SuppressionWithoutReason.findings(for: suppressions)
        }
        for index in findings.indices {
            if let severity = configuration.severities[findings[index].checkId] {
                findings[index].severity = severity
            }
            findings[index].suppression = suppressions.first { $0.covers(findings[index]) }
        }
        var descriptors = enabled.map(\.descriptor)
        if configuration.isEnabled(SuppressionWithoutReason.descriptor.id) {
            descriptors.append(SuppressionWithoutReason.descriptor)
        }
        return LintReport(
            findings: Linter.sorted(findings), checks: descriptors.sorted { $0.id < $1.id }, sources: context.sources
        )
    }

    static func sorted(_ findings: [Finding]) -> [Finding] {
        var seen = Set<Finding>()
        let unique = findings.filter { seen.insert($0).inserted }
        return unique.sorted { lhs, rhs in
            let l = lhs.location
            let r = rhs.location
            if (l == nil) != (r == nil) { return l != nil }
            if let l, let r {
                if l.file != r.file { return l.file < r.file }
                if (l.startLine ?? 0) != (r.startLine ?? 0) { return (l.startLine ?? 0) < (r.startLine ?? 0) }
                if (l.startColumn ?? 0) != (r.startColumn ?? 0) { return (l.startColumn ?? 0) < (r.startColumn ?? 0) }
                if (l.jsonPath ?? "") != (r.jsonPath ?? "") { return (l.jsonPath ?? "") < (r.jsonPath ?? "") }
            }
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            if lhs.checkId != rhs.checkId { return lhs.checkId < rhs.checkId }
            if (lhs.address ?? "") != (rhs.address ?? "") { return (lhs.address ?? "") < (rhs.address ?? "") }
            return lhs.message < rhs.message
        }
    }
}
