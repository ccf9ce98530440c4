import PalisadeJSON
import Foundation
import PalisadeAnalysis
import Testing

/// SARIF output validated with python3's `jsonschema` against the 2.1.0 schema committed under Resources (the
/// official definitions of the objects palisade writes; see the schema's description).
struct SARIFSchemaTests {
    static var hasJSONSchema: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import jsonschema"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test(.enabled(if: hasJSONSchema), arguments: [true, false])
    func seedOutputIsValid(withVariables: Bool) throws {
        var report = try Fixtures.seed(withVariables: withVariables)
        // Exercise suppressions and JSON-path locations too.
        report.findings += try Fixtures.precision("suppression.tf").findings
        var reader = AWSExportReader()
        reader.read(try Fixtures.json("describe-security-groups.json"), file: "exports/sgs.json")
        report.findings += Linter().lint(reader.context()).findings
        let document = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-\(UUID()).sarif")
        try SARIFRenderer().render(report).write(to: document, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: document) }
        let schema = Fixtures.resources.appendingPathComponent("sarif-schema-2.1.0-subset.json")
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            log = json.load(open(sys.argv[2]))
            jsonschema.Draft7Validator.check_schema(schema)
            errors = sorted(jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(log), key=str)
            for error in errors[:5]:
                print(list(error.absolute_path), error.message)
            sys.exit(1 if errors else 0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema.path, document.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
    }

    @Test func rulesAndResultsCarryWhatCodeScanningNeeds() throws {
        let document = SARIFRenderer().document(try Fixtures.seed(withVariables: true))
        #expect(document["version"]?.string == "2.1.0")
        let run = try #require(document["runs"]?.array?.first)
        let rules = try #require(run["tool"]?["driver"]?["rules"]?.array)
        #expect(rules.count == LintCheckCatalog.descriptors.count)
        for rule in rules {
            #expect(rule["shortDescription"]?["text"] != nil && rule["fullDescription"]?["text"] != nil)
            #expect(rule["help"]?["text"] != nil && rule["defaultConfiguration"]?["level"] != nil)
        }
        let first = try #require(run["results"]?.array?.first)
        #expect(first["locations"]?.array?.first?["physicalLocation"]?["region"]?["startLine"]?.int != nil)
    }
}
