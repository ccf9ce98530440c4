import Foundation
import PalisadeCore
import PalisadeTerraform
import Testing

/// Loads Terraform fixtures from the copied `Resources` folder and translates them.
enum TranslationFixtures {
    static var translateDirectory: URL { Corpus.resources.appendingPathComponent("translate") }

    /// The seed configuration of `../shared/examples/seed-terraform` (``Corpus/seedDirectory``).
    static let seedFiles = ["best_practices.tf", "microservices.tf", "three_tier.tf", "variables.tf"]

    /// The seed module, optionally with `example.tfvars`.
    static func seed(withVariables: Bool) throws -> TerraformTranslation {
        let files = try seedFiles.map { TerraformSourceFile(path: $0, contents: try Corpus.source($0)) }
        let variables =
            withVariables
            ? [TerraformSourceFile(path: "example.tfvars", contents: try Corpus.source("example.tfvars"))] : []
        return TerraformTranslator().translate(TerraformModule(directory: ".", files: files), variableFiles: variables)
    }

    /// Reads every `.tf` file of a directory under `Resources/translate`, or nil if it has none.
    static func files(in directory: String) -> [TerraformSourceFile]? {
        let url = translateDirectory.appendingPathComponent(directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return nil }
        let files = names.filter { $0.hasSuffix(".tf") }.sorted().compactMap { name -> TerraformSourceFile? in
            guard let text = try? String(contentsOf: url.appendingPathComponent(name), encoding: .utf8) else {
                return nil
            }
            return TerraformSourceFile(path: directory == "." ? name : "\(directory)/\(name)", contents: text)
        }
        return files.isEmpty ? nil : files
    }

    /// Translates one fixture file `Resources/translate/<name>`, with local modules read from beside it.
    static func translate(_ name: String, variables: String? = nil) throws -> TerraformTranslation {
        let text = try String(contentsOf: translateDirectory.appendingPathComponent(name), encoding: .utf8)
        let variableFiles = variables.map { [TerraformSourceFile(path: "test.tfvars", contents: $0)] } ?? []
        return TerraformTranslator().translate(
            TerraformModule(directory: ".", files: [TerraformSourceFile(path: name, contents: text)]),
            variableFiles: variableFiles,
            loadModule: { files(in: $0) }
        )
    }

    /// Translates inline HCL text as `main.tf`.
    static func translate(source: String, variables: String? = nil) -> TerraformTranslation {
        let variableFiles = variables.map { [TerraformSourceFile(path: "test.tfvars", contents: $0)] } ?? []
        return TerraformTranslator().translate(
            TerraformModule(directory: ".", files: [TerraformSourceFile(path: "main.tf", contents: source)]),
            variableFiles: variableFiles
        )
    }
}

extension TerraformTranslation {
    /// `file:line` of every diagnostic with `code`.
    func locations(_ code: TerraformDiagnostic.Code) -> [String] {
        diagnostics(code).compactMap { $0.range.map { "\($0.fileName):\($0.start.line)" } }
    }

    /// The rules of the group at `address`, in one direction.
    func rules(ofGroup address: String, _ direction: Direction) -> [SecurityGroupRule] {
        guard let id = addresses[address] else { return [] }
        return snapshot.rules(of: id, direction: direction)
    }

    /// The peers of a group's rules in one direction, as text (`0.0.0.0/0`, `sg:aws_security_group.x`).
    func peers(ofGroup address: String, _ direction: Direction) -> [String] {
        rules(ofGroup: address, direction).map { peerText($0.peer) }
    }

    /// A peer as text; groups of this configuration by address.
    func peerText(_ peer: RulePeer) -> String {
        switch peer {
        case .securityGroup(let group):
            "sg:" + (origins[group.groupId]?.address ?? group.groupId)
        default:
            peer.displayText
        }
    }
}
