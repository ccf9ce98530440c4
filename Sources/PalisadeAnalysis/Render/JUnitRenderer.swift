/// Renders a report as JUnit XML for CI dashboards: one `testsuite` per check; each active finding is a failing
/// `testcase` named after its location, suppressed ones are `skipped`, and a check without findings is one passing
/// `testcase`.
public struct JUnitRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The report as JUnit XML.
    /// - Parameter report: The report.
    /// - Returns: The XML text, newline-terminated.
    public func render(_ report: LintReport) -> String {
        var descriptors = report.checks
        for finding in report.findings where !descriptors.contains(where: { $0.id == finding.checkId }) {
            descriptors.append(
                CheckDescriptor(
                    id: finding.checkId, title: finding.title, defaultSeverity: finding.severity,
                    rationale: finding.rationale, fix: finding.fix
                )
            )
        }
        var suites: [String] = []
        var totalTests = 0
        var totalFailures = 0
        for descriptor in descriptors {
            let findings = report.findings.filter { $0.checkId == descriptor.id }
            var cases: [String] = []
            if findings.isEmpty {
                cases.append("    <testcase classname=\"\(escape(descriptor.id))\" name=\"\(escape(descriptor.title))\"/>")
            }
            var failures = 0
            for finding in findings {
                let name = finding.location?.description ?? finding.address ?? descriptor.id
                var body = "    <testcase classname=\"\(escape(descriptor.id))\" name=\"\(escape(name))\""
                if let location = finding.location { body += " file=\"\(escape(location.file))\"" }
                if let suppression = finding.suppression {
                    body += ">\n      <skipped message=\"\(escape("suppressed: " + (suppression.reason ?? "")))\"/>\n"
                        + "    </testcase>"
                } else {
                    failures += 1
                    let detail = [
                        finding.message, "Severity: \(finding.severity)", "Why: \(finding.rationale)",
                        "Fix: \(finding.fix)",
                    ] + (finding.address.map { ["Resource: \($0)"] } ?? [])
                    body += ">\n      <failure message=\"\(escape(finding.message))\" type=\"\(finding.severity)\">"
                        + escape(detail.joined(separator: "\n")) + "</failure>\n    </testcase>"
                }
                cases.append(body)
            }
            totalTests += cases.count
            totalFailures += failures
            let skipped = findings.filter(\.isSuppressed).count
            suites.append(
                "  <testsuite name=\"\(escape(descriptor.id))\" tests=\"\(cases.count)\" failures=\"\(failures)\" "
                    + "errors=\"0\" skipped=\"\(skipped)\">\n" + cases.joined(separator: "\n") + "\n  </testsuite>"
            )
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"palisade lint\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\">\n"
            + suites.joined(separator: "\n") + "\n</testsuites>\n"
    }

    private func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n", "\t", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20: result += "?"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
