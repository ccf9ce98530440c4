public import PalisadeJSON
/// Renders a report as JSON: `{"version": 1, "summary": {…}, "findings": [{checkId, severity, …}]}`.
public struct JSONRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The report as pretty-printed JSON.
    /// - Parameter report: The report.
    /// - Returns: The text, newline-terminated.
    public func render(_ report: LintReport) -> String {
        document(report).serialized() + "\n"
    }

    /// The report as a JSON value.
    /// - Parameter report: The report.
    /// - Returns: The document.
    public func document(_ report: LintReport) -> JSONValue {
        let counts = report.countsBySeverity
        return .object([
            ("version", .number(1)),
            (
                "summary",
                .object(
                    Severity.allCases.map { ($0.rawValue, JSONValue.number(Double(counts[$0] ?? 0))) }
                        + [("suppressed", .number(Double(report.findings.count - report.activeFindings.count)))]
                )
            ),
            ("findings", .array(report.findings.map(JSONRenderer.finding))),
        ])
    }

    static func finding(_ finding: Finding) -> JSONValue {
        JSONValue.object([
            "checkId": .string(finding.checkId),
            "severity": .string(finding.severity.rawValue),
            "title": .string(finding.title),
            "message": .string(finding.message),
            "rationale": .string(finding.rationale),
            "fix": .string(finding.fix),
            "location": finding.location.map(location),
            "address": finding.address.map(JSONValue.string),
            "relatedIds": .array(finding.relatedIds.map(JSONValue.string)),
            "suppressed": finding.suppression.map { .object(["reason": .string($0.reason ?? "")]) },
        ])
    }

    static func location(_ location: FindingLocation) -> JSONValue {
        JSONValue.object([
            "file": .string(location.file),
            "startLine": location.startLine.map { .number(Double($0)) },
            "startColumn": location.startColumn.map { .number(Double($0)) },
            "endLine": location.endLine.map { .number(Double($0)) },
            "endColumn": location.endColumn.map { .number(Double($0)) },
            "jsonPath": location.jsonPath.map(JSONValue.string),
        ])
    }
}
