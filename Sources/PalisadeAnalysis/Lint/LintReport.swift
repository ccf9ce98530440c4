import PalisadeCore
/// The result of linting: findings in file, line and column order (suppressed ones included and marked),
/// the checks that ran, and the source texts the findings point into.
public struct LintReport: Sendable, Hashable {
    /// Every finding, suppressed ones included.
    public var findings: [Finding]
    /// The checks that ran, by ID order.
    public var checks: [CheckDescriptor]
    /// Source texts by file name, for quoting lines.
    public var sources: [String: String]

    /// Creates a report.
    /// - Parameters:
    ///   - findings: Every finding.
    ///   - checks: The checks that ran.
    ///   - sources: Source texts by file name.
    public init(findings: [Finding], checks: [CheckDescriptor], sources: [String: String] = [:]) {
        self.findings = findings
        self.checks = checks
        self.sources = sources
    }

    /// The findings no inline comment suppresses.
    public var activeFindings: [Finding] { findings.filter { !$0.isSuppressed } }

    /// How many active findings each severity has.
    public var countsBySeverity: [Severity: Int] {
        var counts: [Severity: Int] = [:]
        for finding in activeFindings { counts[finding.severity, default: 0] += 1 }
        return counts
    }

    /// Whether some active finding is at least `severity`, as `--fail-on` asks.
    /// - Parameter severity: The threshold.
    /// - Returns: True when the command should fail.
    public func hasFindings(atLeast severity: Severity) -> Bool {
        activeFindings.contains { $0.severity >= severity }
    }

    /// `12 findings: 1 critical, 2 high, 9 low (1 suppressed)`.
    public var summary: String {
        let active = activeFindings
        let counts = countsBySeverity
        let parts = Severity.allCases.compactMap { severity in counts[severity].map { "\($0) \(severity)" } }
        var text = active.count == 1 ? "1 finding" : "\(active.count) findings"
        if !parts.isEmpty { text += ": " + parts.joined(separator: ", ") }
        let suppressed = findings.count - active.count
        if suppressed > 0 { text += " (\(suppressed) suppressed)" }
        return text
    }
}
