import ArgumentParser
import PalisadeCore
import PalisadeFlow
import PalisadeServer

/// `palisade reach`: who can open flows to an interface or group, the full matrix, or internet exposure.
///
/// ```
/// $ palisade reach --to sg-0db… --port 3306 --endpoint http://127.0.0.1:4566
/// eni-0db… reachable from:
///   eni-0web…: tcp 3306
///   eni-0bastion…: tcp 3306
/// $ palisade reach --exposed --snapshot snapshot.json
/// eni-0alb… exposed to the internet: tcp 80, 443 (from 0.0.0.0/0: tcp 80, 443)
/// ```
struct ReachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Static reachability: inbound to an interface or group (--to), every pair (--matrix), or --exposed.")

    @Option(help: "An eni- or sg- ID: who can reach it.") var to: String?
    @Option(help: "Only what admits this TCP or UDP port.") var port: Int?
    @Flag(help: "Every pair of interfaces with what one can open to the other.") var matrix = false
    @Flag(help: "Interfaces that admit traffic from public address space.") var exposed = false
    @Flag(help: "Print the answer as JSON.") var json = false
    @OptionGroup var source: SnapshotSource

    func run() async throws {
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
}
