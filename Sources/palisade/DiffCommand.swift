import PalisadeJSON
import ArgumentParser
import Foundation
import PalisadeAnalysis

/// `palisade diff`: the blast radius of a change, every group pair, outside CIDR block and interface pair that gains
/// or loses access, and the resources affected.
///
/// ```
/// $ palisade diff before/ after/ --var-file prod.tfvars
/// $ terraform show -json plan.out > plan.json && palisade diff plan.json
/// Gained access (1):
///   + 10.0.0.0/8 -> aws_security_group.database_sg: tcp 3306  (affects aws_instance.db)
/// Affected resources (2): aws_instance.db, aws_security_group.database_sg
/// ```
/// Exit status: 0 when nothing changes, 1 when something does, 2 on usage or I/O errors.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Blast radius: what gains or loses access between BEFORE and AFTER, or in a Terraform plan.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "BEFORE AFTER (each a Terraform directory, .tf, plan/state or export JSON), or one PLAN.json.")
    var paths: [String]

    @Option(name: .customLong("var-file"), help: "A .tfvars file for both sides (repeatable; later files win).")
    var variableFiles: [String] = []

    @Option(help: "Output format: text or json.") var format: Format = .text

    func run() throws {
        let radius: BlastRadius
        do {
            switch paths.count {
            case 1:
                let text = try AnalysisInput.readFile(paths[0])
                let json: JSONValue
                do { json = try JSONParser.parse(text) } catch { throw AnalysisInput.Failure(description: "\(paths[0]): \(error)") }
                guard let sides = BlastRadius.planSides(json) else {
                    throw AnalysisInput.Failure(description: "\(paths[0]): not a plan (no resource_changes)")
                }
                var before = TerraformPlanReader()
                before.read(sides.before, file: paths[0])
                var after = TerraformPlanReader()
                after.read(sides.after, file: paths[0])
                radius = BlastRadius(before: before.context(), after: after.context())
            case 2:
                let before = try AnalysisInput.read([paths[0]], variableFiles: variableFiles).context
                let after = try AnalysisInput.read([paths[1]], variableFiles: variableFiles).context
                radius = BlastRadius(before: before, after: after)
            default:
                throw AnalysisInput.Failure(description: "give BEFORE AFTER, or one PLAN.json")
            }
        } catch {
            printError(String(describing: error))
            throw ExitCode(2)
        }
        switch format {
        case .text: print(radius.text, terminator: "")
        case .json: try printJSON(radius)
        }
        if !radius.isEmpty { throw ExitCode(1) }
    }
}
