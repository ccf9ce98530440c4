import PalisadeJSON
import Foundation
import PalisadeAnalysis
import PalisadeCore
import PalisadeTerraform
import Testing

/// Fixtures of `Resources/`, linted.
enum Fixtures {
    static var resources: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil)!
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: resources.appendingPathComponent(path), encoding: .utf8)
    }

    static let seedFiles = ["best_practices.tf", "microservices.tf", "three_tier.tf", "variables.tf"]

    /// The seed module of `../shared/examples/seed-terraform`, with or without `example.tfvars`.
    static func seed(withVariables: Bool, configuration: LintConfiguration = LintConfiguration()) throws -> LintReport {
        let files = try seedFiles.map { TerraformSourceFile(path: $0, contents: try text("seed/\($0)")) }
        let variables =
            withVariables ? [TerraformSourceFile(path: "example.tfvars", contents: try text("seed/example.tfvars"))] : []
        let translation = TerraformTranslator().translate(TerraformModule(directory: ".", files: files), variableFiles: variables)
        return Linter().lint(LintContext(translation: translation, configuration: configuration))
    }

    /// One file of `Resources/precision`, linted.
    static func precision(_ name: String, configuration: LintConfiguration = LintConfiguration()) throws -> LintReport {
        let file = TerraformSourceFile(path: name, contents: try text("precision/\(name)"))
        let translation = TerraformTranslator().translate(TerraformModule(directory: ".", files: [file]))
        return Linter().lint(LintContext(translation: translation, configuration: configuration))
    }

    static func json(_ name: String) throws -> JSONValue {
        try JSONParser.parse(try text("json/\(name)"))
    }
}

extension LintReport {
    /// `file:line` of the active findings of one check.
    func lines(_ checkId: String) -> [String] {
        activeFindings.filter { $0.checkId == checkId }.compactMap { finding in
            finding.location.map { "\($0.file):\($0.startLine ?? 0)" }
        }
    }

    /// The active findings of one check.
    func findings(_ checkId: String) -> [Finding] { activeFindings.filter { $0.checkId == checkId } }
}
