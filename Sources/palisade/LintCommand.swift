import ArgumentParser
import Foundation
import PalisadeAnalysis
import PalisadeCore

/// `palisade lint`: audits Terraform directories, `terraform show -json` plans and state, and AWS CLI exports.
///
/// ```
/// $ palisade lint infra --var-file infra/prod.tfvars --fail-on high
/// infra/three_tier.tf:16:20: info PAL-WORLD-INGRESS: aws_security_group.web_alb_sg admits tcp 443 from 0.0.0.0/0: …
/// …
/// 41 findings: 12 high, 2 medium, 20 low, 7 info
/// $ echo $?
/// 1
/// ```
/// A directory is one root module: its `.tf` files, `terraform.tfvars` and `*.auto.tfvars` (as Terraform loads
/// them), then every `--var-file`; local modules are read from disk. A `.json` file is detected by content: a plan
/// or state (`planned_values`, `values`, `resource_changes`) or AWS CLI output (`SecurityGroups`,
/// `NetworkInterfaces`, `SecurityGroupRules`, `PrefixLists`); several export files form one snapshot.
///
/// With `--endpoint URL` it lints a running server (Palisade, or any EC2 Query API endpoint) instead: VPCs, groups,
/// rules, network interfaces and managed prefix lists as `DescribeVpcs`, `DescribeSecurityGroups`,
/// `DescribeSecurityGroupRules`, `DescribeNetworkInterfaces`, `DescribeManagedPrefixLists` and
/// `GetManagedPrefixListEntries` return them, signed with `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (dummy keys
/// when unset, for `--no-auth` servers); findings point into those answers with JSON paths:
/// ```
/// $ palisade lint --endpoint http://127.0.0.1:4566 --region us-east-1
/// http://127.0.0.1:4566/?Action=DescribeSecurityGroupRules:$.SecurityGroupRules[4]: high PAL-SSH-WORLD: sg-0a1… admits …
/// ```
/// Exit status: 0 clean, 1 findings at or above `--fail-on`, 2 usage or I/O errors.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check security groups in Terraform, plans or AWS exports against best practices."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, junit
    }

    @Argument(help: "Terraform directories, plan/state JSON files or AWS CLI export JSON files (default: '.', unless --endpoint).")
    var paths: [String] = []

    @Option(help: "Also lint what a running EC2 endpoint (a Palisade server) holds, read with Describe* calls.")
    var endpoint: String?

    @Option(help: "Region to read, with --endpoint (default: $AWS_REGION or us-east-1).")
    var region: String = ProcessInfo.processInfo.environment["AWS_REGION"] ?? "us-east-1"

    @Option(name: .customLong("var-file"), help: "A .tfvars file (repeatable; later files win).")
    var variableFiles: [String] = []

    @Option(help: "A .palisade.hcl configuration (default: .palisade.hcl in the first directory, if present).")
    var config: String?

    @Option(help: "Output format: text, json, sarif or junit.")
    var format: Format = .text

    @Option(name: .customLong("fail-on"), help: "Exit with status 1 when a finding is at least this severe (critical, high, medium, low, info).")
    var failOn: String = "high"

    @Flag(help: "Also list findings suppressed by palisade:ignore comments (text format).")
    var showSuppressed = false

    @Flag(help: "List the checks and exit.")
    var listChecks = false

    func run() async throws {
        if listChecks {
            for descriptor in LintCheckCatalog.descriptors {
                print("\(descriptor.id)\t\(descriptor.defaultSeverity)\t\(descriptor.title)")
            }
            return
        }
        guard let threshold = Severity(rawValue: failOn.lowercased()) else {
            throw usage("--fail-on must be one of critical, high, medium, low, info")
        }
        let configuration = try loadConfiguration()
        var reports: [LintReport] = []
        if !paths.isEmpty || endpoint == nil {
            do {
                try AnalysisInput.read(paths.isEmpty ? ["."] : paths, variableFiles: variableFiles, configuration: configuration) {
                    reports.append(Linter().lint($0))
                }
            } catch {
                throw usage(error.description)
            }
        }
        if let endpoint {
            do throws(ImportCommand.RequestFailure) {
                let client = QueryClient(endpoint: endpoint, region: region)
                reports.append(Linter().lint(try await EndpointExport(client: client).context(configuration: configuration)))
            } catch {
                throw usage(error.description)
            }
        }
        let report = LintReport(
            findings: reports.flatMap(\.findings),
            checks: reports.first?.checks ?? [],
            sources: reports.reduce(into: [:]) { $0.merge($1.sources) { first, _ in first } }
        )
        switch format {
        case .text: print(TextRenderer(color: isatty(STDOUT_FILENO) == 1, showSuppressed: showSuppressed).render(report), terminator: "")
        case .json: print(JSONRenderer().render(report), terminator: "")
        case .sarif: print(SARIFRenderer().render(report), terminator: "")
        case .junit: print(JUnitRenderer().render(report), terminator: "")
        }
        if report.hasFindings(atLeast: threshold) { throw ExitCode(1) }
    }

    private func usage(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(2)
    }

    private func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw usage("\(path): cannot read: \(error.localizedDescription)")
        }
    }

    private func loadConfiguration() throws -> LintConfiguration {
        var path = config
        if path == nil, let first = paths.first ?? (endpoint == nil ? "." : nil) {
            let candidate = (first as NSString).appendingPathComponent(".palisade.hcl")
            if FileManager.default.fileExists(atPath: candidate) { path = candidate }
        }
        guard let path else { return LintConfiguration() }
        do {
            return try LintConfiguration.parse(try read(path), fileName: path)
        } catch let error as LintConfigurationError {
            throw usage("invalid configuration:\n\(error)")
        }
    }
}
