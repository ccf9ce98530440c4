import ArgumentParser
import PalisadeCore
import PalisadeFlow
import PalisadeServer

/// `palisade check`: would a new flow be allowed, and by which rules? Exit 0 allowed, 1 denied, 2 error.
///
/// ```
/// $ palisade check --src eni-0a1… --dst 10.0.3.10 --protocol tcp --port 3306 --endpoint http://127.0.0.1:4566
/// ALLOW tcp 10.0.2.10 → 10.0.3.10:3306: egress eni-0a1… via sgr-0b2… (sg-0c3…); ingress eni-0d4… via sgr-0e5… (sg-0f6…)
/// $ palisade check --src 198.51.100.7 --dst eni-0a1… --protocol tcp --port 8080 --snapshot snapshot.json
/// DENY tcp 198.51.100.7 → 10.0.2.10:8080: ingress on eni-0a1… dropped it: no rule of sg-0c3… matched; nearest: …
/// $ echo $?
/// 1
/// ```
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge one new flow against the security groups, naming the rules (exit 0 allowed, 1 denied, 2 error).")

    @Option(help: "Source: an eni- ID or an IP address.") var src: String
    @Option(help: "Destination: an eni- ID or an IP address.") var dst: String
    @Option(name: .customLong("protocol"), help: "tcp, udp, icmp, icmpv6, -1 or a protocol number.") var ipProtocol: String
    @Option(help: "Destination port (tcp, udp).") var port: Int?
    @Option(help: "ICMP type (default 8, or 128 for icmpv6).") var icmpType: Int?
    @Option(help: "ICMP code (default 0).") var icmpCode: Int?
    @Flag(help: "Print the verdict as JSON.") var json = false
    @OptionGroup var source: SnapshotSource

    func run() async throws {
        let report: FlowReport.CheckReport
        do {
            let snapshot = try await source.load()
            let request = FlowReport.CheckRequest(
                src: src, dst: dst, protocol: ipProtocol, port: port, icmpType: icmpType, icmpCode: icmpCode)
            report = try FlowReport.check(request, policy: CompiledPolicy(snapshot))
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        if json { try printJSON(report) } else { print(report.text) }
        if !report.allowed { throw ExitCode(1) }
    }
}
