import Foundation
import PalisadeAnalysis
import Testing

/// Golden files of the four output formats for the seed (with `example.tfvars`). To regenerate them, run the tests
/// with `PALISADE_UPDATE_GOLDEN=1`, review the diff, and commit.
struct GoldenTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/golden")

    static func compare(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["PALISADE_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: goldenDirectory, withIntermediateDirectories: true)
            try actual.write(to: goldenDirectory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            return
        }
        let expected = try Fixtures.text("golden/\(name)")
        #expect(actual == expected, "\(name) differs; PALISADE_UPDATE_GOLDEN=1 regenerates it", sourceLocation: sourceLocation)
    }

    @Test func text() throws {
        try Self.compare(TextRenderer(color: false).render(try Fixtures.seed(withVariables: true)), "seed.txt")
        try Self.compare(TextRenderer(color: false).render(try Fixtures.seed(withVariables: false)), "seed-without-tfvars.txt")
    }

    @Test func colouredTextOnlyWhenAsked() throws {
        let report = try Fixtures.seed(withVariables: true)
        #expect(TextRenderer(color: true).render(report).contains("\u{1B}[1;31mhigh\u{1B}[0m"))
        #expect(!TextRenderer(color: false).render(report).contains("\u{1B}"))
    }

    @Test func json() throws {
        try Self.compare(JSONRenderer().render(try Fixtures.seed(withVariables: true)), "seed.json")
    }

    @Test func sarif() throws {
        try Self.compare(SARIFRenderer().render(try Fixtures.seed(withVariables: true)), "seed.sarif")
    }

    @Test func junit() throws {
        try Self.compare(JUnitRenderer().render(try Fixtures.seed(withVariables: true)), "seed.junit.xml")
    }
}
