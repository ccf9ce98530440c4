import PalisadeJSON
import ArgumentParser
import Foundation
import PalisadeAnalysis
import PalisadeCore
import PalisadeTerraform

/// Reads the PATHs of `palisade lint`, `reach`, `diff`, `graph` and `import` into lint contexts: a directory is one
/// root module (its `.tf` files, `terraform.tfvars` and `*.auto.tfvars`, then every `--var-file`; local modules from
/// disk), a `.tf` file a module of one file, a `.json` file a plan/state or AWS CLI export (detected by content;
/// several export files form one context).
///
/// ```swift
/// let input = try AnalysisInput.read(["infra"], variableFiles: ["infra/prod.tfvars"])
/// let report = Linter().lint(input.contexts[0])
/// let snapshot = input.snapshot   // everything, merged
/// ```
struct AnalysisInput {
    /// One context per directory, `.tf` file or plan, and one for all export files together.
    var contexts: [LintContext]

    /// A problem with the input; the commands print it and exit 2.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads `paths`.
    static func read(
        _ paths: [String], variableFiles: [String] = [], configuration: LintConfiguration = LintConfiguration()
    ) throws(Failure) -> AnalysisInput {
        var contexts: [LintContext] = []
        try read(paths, variableFiles: variableFiles, configuration: configuration) { contexts.append($0) }
        return AnalysisInput(contexts: contexts)
    }

    /// Reads `paths`, handing each context to `body` as soon as it is read, so a caller that keeps only what it
    /// derives (`lint` keeps findings) holds one module's translation in memory at a time, not every module's.
    static func read(
        _ paths: [String], variableFiles: [String] = [], configuration: LintConfiguration = LintConfiguration(),
        each body: (LintContext) -> Void
    ) throws(Failure) {
        var exports = AWSExportReader()
        var exportFiles = 0
        let manager = FileManager.default
        let modules = ModuleCache()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Failure(description: "\(path): no such file or directory")
            }
            if isDirectory.boolValue {
                let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
                guard let files = terraformFiles(in: trimmed, extension: ".tf") else { throw Failure(description: "\(path): cannot list") }
                let module = TerraformModule(directory: trimmed, files: files)
                body(
                    try translate(
                        module, variableFiles: variableFiles, autoVariables: trimmed, modules: modules, configuration: configuration))
                continue
            }
            let text = try readFile(path)
            if path.hasSuffix(".tf") {
                let module = TerraformModule(directory: directoryName(path), files: [TerraformSourceFile(path: path, contents: text)])
                body(
                    try translate(
                        module, variableFiles: variableFiles, autoVariables: nil, modules: modules, configuration: configuration))
                continue
            }
            let json: JSONValue
            do {
                json = try JSONParser.parse(text)
            } catch {
                throw Failure(description: "\(path): \(error)")
            }
            switch JSONInputKind.detect(json) {
            case .terraformPlan:
                var plan = TerraformPlanReader()
                plan.read(json, file: path)
                body(plan.context(configuration: configuration))
            case .awsExport:
                exports.read(json, file: path)
                exportFiles += 1
            case nil:
                throw Failure(description: "\(path): neither a Terraform plan/state nor an AWS CLI export")
            }
        }
        if exportFiles > 0 { body(exports.context(configuration: configuration)) }
    }

    /// The one context of the input, or a context of the snapshots merged when there are several.
    var context: LintContext {
        if contexts.count == 1 { return contexts[0] }
        var addresses: [String: String] = [:]
        for context in contexts {
            for id in context.snapshot.securityGroups.map(\.groupId) + context.snapshot.networkInterfaces.map(\.networkInterfaceId) {
                addresses[id] = context.address(of: id)
            }
        }
        return LintContext(snapshot: snapshot, addresses: addresses)
    }

    /// Every snapshot, merged.
    var snapshot: PolicySnapshot {
        var merged = PolicySnapshot(revision: 0, scope: contexts.first?.snapshot.scope ?? Scope(accountId: Scope.defaultAccountId, region: "us-east-1"))
        for context in contexts {
            merged.vpcs += context.snapshot.vpcs
            merged.subnets += context.snapshot.subnets
            merged.securityGroups += context.snapshot.securityGroups
            merged.securityGroupRules += context.snapshot.securityGroupRules
            merged.networkInterfaces += context.snapshot.networkInterfaces
            merged.prefixLists += context.snapshot.prefixLists
        }
        return merged
    }

    static func readFile(_ path: String) throws(Failure) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Failure(description: "\(path): cannot read: \(error.localizedDescription)")
        }
    }

    private static func directoryName(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).deletingLastPathComponent()
        return path.contains("/") ? url.path : "."
    }

    /// The `.tf` (or other `suffix`) files of a directory, named as the user named the directory (`infra/main.tf`).
    static func terraformFiles(in directory: String, extension suffix: String) -> [TerraformSourceFile]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        return names.filter { $0.hasSuffix(suffix) }.sorted().compactMap { name in
            let path = directory == "." ? name : (directory as NSString).appendingPathComponent(name)
            return (try? String(contentsOfFile: path, encoding: .utf8)).map { TerraformSourceFile(path: path, contents: $0) }
        }
    }

    private static func translate(
        _ module: TerraformModule, variableFiles: [String], autoVariables: String?, modules: ModuleCache,
        configuration: LintConfiguration
    ) throws(Failure) -> LintContext {
        var variables: [TerraformSourceFile] = []
        if let directory = autoVariables {
            let auto = (terraformFiles(in: directory, extension: ".tfvars") ?? []).filter {
                $0.path.hasSuffix("terraform.tfvars") || $0.path.hasSuffix(".auto.tfvars")
            }
            func isMain(_ file: TerraformSourceFile) -> Bool {
                file.path.hasSuffix("/terraform.tfvars") || file.path == "terraform.tfvars"
            }
            variables += auto.sorted { isMain($0) && !isMain($1) }
        }
        for path in variableFiles {
            variables.append(TerraformSourceFile(path: path, contents: try readFile(path)))
        }
        let translation = TerraformTranslator().translate(
            module, variableFiles: variables, loadParsedModule: { directory in modules.module(in: directory) }
        )
        return LintContext(translation: translation, configuration: configuration)
    }
}

/// The PATH arguments and `--var-file` options shared by the analysis commands.
struct AnalysisPaths: ParsableArguments {
    @Argument(help: "Terraform directories or .tf files, plan/state JSON files or AWS CLI export JSON files.")
    var paths: [String] = []

    @Option(name: .customLong("var-file"), help: "A .tfvars file (repeatable; later files win).")
    var variableFiles: [String] = []

    /// Reads the paths, printing a failure and exiting 2.
    func read() throws -> AnalysisInput {
        do {
            return try AnalysisInput.read(paths, variableFiles: variableFiles)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}
