/// Renders a report as a compiler does: `three_tier.tf:16:20: low PAL-WORLD-INGRESS: …`, the source line, a caret
/// under the offending text, and the fix; ANSI colours only when asked (the CLI asks when stdout is a terminal).
///
/// ```
/// three_tier.tf:130:19: info PAL-UNKNOWN-PEER: ingress rule tcp 22 of aws_security_group.bastion_sg: …
///   130 |     cidr_blocks = var.corporate_cidr_blocks
///       |                   ^~~~~~~~~~~~~~~~~~~~~~~~~
///       = fix: Pass the variable files (--var-file) used for the deployment, or give the variable a default.
/// ```
public struct TextRenderer: Sendable {
    /// Whether to colour severities and carets.
    public var color: Bool
    /// Whether to list suppressed findings too.
    public var showSuppressed: Bool

    /// Creates a renderer.
    /// - Parameters:
    ///   - color: Whether to use ANSI colours.
    ///   - showSuppressed: Whether to list suppressed findings.
    public init(color: Bool, showSuppressed: Bool = false) {
        self.color = color
        self.showSuppressed = showSuppressed
    }

    /// The report as text, ending with a summary line.
    /// - Parameter report: The report.
    /// - Returns: The text.
    public func render(_ report: LintReport) -> String {
        var lines: [String] = []
        var sourceLines: [String: [Substring]] = [:]
        for finding in report.findings where showSuppressed || !finding.isSuppressed {
            let place = finding.location.map { "\($0): " } ?? finding.address.map { "\($0): " } ?? ""
            var head = "\(place)\(paint(finding.severity.rawValue, code: colorCode(finding.severity))) "
                + "\(paint(finding.checkId, code: "1")): \(finding.message)"
            if let suppression = finding.suppression {
                head += " [suppressed: \(suppression.reason ?? "")]"
            }
            lines.append(head)
            if let location = finding.location, let line = location.startLine, let text = report.sources[location.file] {
                let all = sourceLines[location.file] ?? text.split(separator: "\n", omittingEmptySubsequences: false)
                sourceLines[location.file] = all
                if line >= 1, line <= all.count {
                    let source = all[line - 1]
                    let number = String(line)
                    let gutter = String(repeating: " ", count: number.count)
                    lines.append("  \(number) | \(source)")
                    let column = max(1, location.startColumn ?? 1)
                    let endColumn =
                        location.endLine == line ? max(column + 1, location.endColumn ?? column + 1)
                        : source.unicodeScalars.count + 1
                    let width = max(1, endColumn - column)
                    let prefix = String(source.unicodeScalars.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
                    let caret = "^" + String(repeating: "~", count: width - 1)
                    lines.append("  \(gutter) | \(prefix)\(paint(caret, code: "32"))")
                    lines.append("  \(gutter) = fix: \(finding.fix)")
                    continue
                }
            }
            lines.append("    = fix: \(finding.fix)")
        }
        lines.append(report.summary)
        return lines.joined(separator: "\n") + "\n"
    }

    private func colorCode(_ severity: Severity) -> String {
        switch severity {
        case .critical: "1;35"
        case .high: "1;31"
        case .medium: "1;33"
        case .low: "1;36"
        case .info: "1;34"
        }
    }

    private func paint(_ text: String, code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
