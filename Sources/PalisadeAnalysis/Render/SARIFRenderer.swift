public import PalisadeJSON
/// Renders a report as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: one run, the checks as
/// `tool.driver.rules`, each finding a result with its physical location (JSON inputs: the file plus the JSON path
/// as a logical location); suppressed findings carry an `inSource` suppression with its justification.
public struct SARIFRenderer: Sendable {
    /// The tool version written in `tool.driver.version`.
    public var toolVersion: String

    /// Creates a renderer.
    /// - Parameter toolVersion: The version to report.
    public init(toolVersion: String = "0.1.0") {
        self.toolVersion = toolVersion
    }

    /// The report as SARIF JSON.
    /// - Parameter report: The report.
    /// - Returns: The text, newline-terminated.
    public func render(_ report: LintReport) -> String {
        document(report).serialized() + "\n"
    }

    /// The report as a SARIF document.
    /// - Parameter report: The report.
    /// - Returns: The document.
    public func document(_ report: LintReport) -> JSONValue {
        var descriptors = report.checks
        for finding in report.findings where !descriptors.contains(where: { $0.id == finding.checkId }) {
            descriptors.append(
                CheckDescriptor(
                    id: finding.checkId, title: finding.title, defaultSeverity: finding.severity,
                    rationale: finding.rationale, fix: finding.fix
                )
            )
        }
        let ruleIndex = Dictionary(uniqueKeysWithValues: descriptors.enumerated().map { ($1.id, $0) })
        let rules: [JSONValue] = descriptors.map { descriptor in
            .object([
                ("id", .string(descriptor.id)),
                ("name", .string(SARIFRenderer.ruleName(descriptor.title))),
                ("shortDescription", .object([("text", .string(descriptor.title))])),
                ("fullDescription", .object([("text", .string(descriptor.rationale))])),
                (
                    "help",
                    .object([
                        ("text", .string(descriptor.fix)),
                        ("markdown", .string("**Why:** \(descriptor.rationale)\n\n**Fix:** \(descriptor.fix)")),
                    ])
                ),
                ("defaultConfiguration", .object([("level", .string(descriptor.defaultSeverity.sarifLevel))])),
                (
                    "properties",
                    .object([
                        ("severity", .string(descriptor.defaultSeverity.rawValue)),
                        ("tags", .array([.string("security")])),
                    ])
                ),
            ])
        }
        let results: [JSONValue] = report.findings.map { finding in
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(finding.checkId)),
                ("ruleIndex", .number(Double(ruleIndex[finding.checkId] ?? 0))),
                ("level", .string(finding.severity.sarifLevel)),
                ("message", .object([("text", .string(finding.message))])),
            ]
            if let location = finding.location {
                var physical: [(String, JSONValue)] = [
                    ("artifactLocation", .object([("uri", .string(SARIFRenderer.uri(location.file)))]))
                ]
                if let line = location.startLine {
                    var region: [(String, JSONValue)] = [("startLine", .number(Double(line)))]
                    if let column = location.startColumn { region.append(("startColumn", .number(Double(column)))) }
                    if let endLine = location.endLine { region.append(("endLine", .number(Double(endLine)))) }
                    if let endColumn = location.endColumn, endLine(location) {
                        region.append(("endColumn", .number(Double(endColumn))))
                    }
                    physical.append(("region", .object(region)))
                }
                var entry: [(String, JSONValue)] = [("physicalLocation", .object(physical))]
                if let path = location.jsonPath {
                    entry.append(
                        ("logicalLocations", .array([.object([("fullyQualifiedName", .string(path)), ("kind", .string("object"))])]))
                    )
                }
                members.append(("locations", .array([.object(entry)])))
            }
            var properties: [(String, JSONValue)] = [("severity", .string(finding.severity.rawValue))]
            if let address = finding.address { properties.append(("address", .string(address))) }
            if !finding.relatedIds.isEmpty {
                properties.append(("relatedIds", .array(finding.relatedIds.map(JSONValue.string))))
            }
            properties.append(("fix", .string(finding.fix)))
            members.append(("properties", .object(properties)))
            if let suppression = finding.suppression {
                members.append(
                    (
                        "suppressions",
                        .array([
                            .object([
                                ("kind", .string("inSource")),
                                ("justification", .string(suppression.reason ?? "")),
                            ])
                        ])
                    )
                )
            }
            return .object(members)
        }
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            (
                "runs",
                .array([
                    .object([
                        (
                            "tool",
                            .object([
                                (
                                    "driver",
                                    .object([
                                        ("name", .string("palisade")),
                                        ("informationUri", .string("https://github.com/palisade/palisade")),
                                        ("version", .string(toolVersion)),
                                        ("rules", .array(rules)),
                                    ])
                                )
                            ])
                        ),
                        ("columnKind", .string("unicodeCodePoints")),
                        ("results", .array(results)),
                    ])
                ])
            ),
        ])
    }

    private func endLine(_ location: FindingLocation) -> Bool {
        guard let start = location.startLine, let end = location.endLine else { return false }
        return end > start || (location.endColumn ?? 0) > (location.startColumn ?? 0)
    }

    /// `PAL-SSH-WORLD` titles as SARIF rule names: `SshOpenToTheWorld`.
    static func ruleName(_ title: String) -> String {
        title.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { word in
            word.prefix(1).uppercased() + word.dropFirst().lowercased()
        }.joined()
    }

    /// A relative path as a URI reference: percent-encodes what a URI may not contain.
    static func uri(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            let scalar = Unicode.Scalar(byte)
            if scalar.properties.isASCIIHexDigit || (byte < 0x80 && (Character(scalar).isLetter || Character(scalar).isNumber))
                || "-._~/:".unicodeScalars.contains(scalar)
            {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }
}
