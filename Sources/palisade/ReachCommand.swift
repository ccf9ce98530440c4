import ArgumentParser
import PalisadeAnalysis
import PalisadeCore
import PalisadeFlow
import PalisadeServer

/// `palisade reach`: who can open flows to an interface or group, the full matrix, or internet exposure; on a running
/// server (`--endpoint`), a snapshot file (`--snapshot`), or offline on Terraform, plans and AWS exports (PATHs, read
/// as `palisade lint` reads them).
///
/// ```
/// $ palisade reach --to sg-0db… --port 3306 --endpoint http://127.0.0.1:4566
/// eni-0db… reachable from:
///   eni-0web…: tcp 3306
///   eni-0bastion…: tcp 3306
/// $ palisade reach --exposed --snapshot snapshot.json
/// eni-0alb… exposed to the internet: tcp 80, 443 (from 0.0.0.0/0: tcp 80, 443)
/// $ palisade reach seed-terraform --var-file seed-terraform/example.tfvars --to database_sg
/// aws_security_group.database_sg reachable from:
///   aws_security_group.bastion_sg: tcp 3306
///   aws_security_group.web_servers_sg: tcp 3306
/// ```
/// Offline, `--to` names a group (ID, address such as `aws_security_group.db`, or its last part `db`) or an
/// interface ID; groups stand for their members (see ``GroupReachability``).
struct ReachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Static reachability: inbound to an interface or group (--to), every pair (--matrix), or --exposed.")

    @Option(help: "An eni- or sg- ID (offline also a group address or name): who can reach it.") var to: String?
    @Option(help: "Only what admits this TCP or UDP port.") var port: Int?
    @Flag(help: "Every pair of interfaces (offline: groups) with what one can open to the other.") var matrix = false
    @Flag(help: "Interfaces (offline: groups) that admit traffic from public address space.") var exposed = false
    @Flag(help: "Print the answer as JSON.") var json = false
    @OptionGroup var input: AnalysisPaths
    @OptionGroup var source: SnapshotSource

    func run() async throws {
        if !input.paths.isEmpty {
            try runOffline()
            return
        }
        let report: FlowReport.ReachReport
        do {
            let snapshot = try await source.load()
            let request = FlowReport.ReachRequest(
                to: to, port: port, matrix: matrix ? true : nil, exposed: exposed ? true : nil)
            report = try FlowReport.reach(request, reachability: Reachability(snapshot))
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        if json { try printJSON(report) } else { print(report.text) }
    }

    private func runOffline() throws {
        if source.endpoint != nil || source.snapshot != nil {
            printError("give PATHs or one of --endpoint URL and --snapshot FILE, not both")
            throw ExitCode(2)
        }
        let context = try input.read().context
        if let to, context.snapshot.networkInterfaces.contains(where: { $0.networkInterfaceId == to }) {
            let report: FlowReport.ReachReport
            do {
                report = try FlowReport.reach(
                    FlowReport.ReachRequest(to: to, port: port, matrix: nil, exposed: nil), reachability: context.reachability)
            } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
            if json { try printJSON(report) } else { print(report.text) }
            return
        }
        let report: GroupReachReport
        do {
            if let to {
                report = try GroupReachReport.inbound(to: to, port: port, context: context)
            } else if matrix {
                report = GroupReachReport.matrix(port: port, context: context)
            } else if exposed {
                report = GroupReachReport.exposed(port: port, context: context)
            } else {
                printError("give --to, --matrix or --exposed")
                throw ExitCode(2)
            }
        } catch let error as GroupReachReport.UnknownGroup {
            printError(error.description)
            throw ExitCode(2)
        }
        if json { try printJSON(report) } else { print(report.text) }
    }
}
