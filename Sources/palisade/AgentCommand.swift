import ArgumentParser
import Dispatch
import Foundation
import Logging
import PalisadeAgent
import PalisadeCore
import PalisadeFlow
import PalisadeNFTables

/// `palisade agent`: enforces the security groups of bound network interfaces with nftables, as root.
///
/// ```
/// $ palisade agent --endpoint http://127.0.0.1:4566 --bind eni-0a1b2c3d=eth0@web --state-dir /var/lib/palisade
/// … applied table in netns web (policy): revision 42, 9 chains, 25 rules, 4 sets, 6 set elements, in 8.1 ms
/// $ palisade agent status --state-dir /var/lib/palisade
/// ```
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Enforce security groups on Linux interfaces and network namespaces with nftables.",
        discussion: """
            Each --bind eni-ID=IFNAME[@NETNS] enforces the groups of network interface eni-ID on the Linux \
            interface IFNAME, inside network namespace NETNS when given, else in the host. One table, \
            `inet palisade`, per namespace. The first policy and every rule change replace the table in one \
            atomic `nft -f` transaction; membership changes are set-element deltas. Until a policy is known \
            the bound interfaces drop everything; when the control plane is unreachable the last applied \
            policy stays. SIGTERM leaves the tables in place unless --remove-on-exit.
            """,
        subcommands: [AgentStatusCommand.self, AgentRenderCommand.self, AgentExplainCommand.self])

    @Option(help: "The control plane, e.g. http://127.0.0.1:4566.") var endpoint: String?
    @Option(name: .customLong("bind"), help: "eni-ID=IFNAME[@NETNS]. Repeatable.") var bindings: [String] = []
    @Option(help: "Directory for the last applied policy and the status (re-applied on start).") var stateDir: String?
    @Option(help: "Account whose policy is enforced (default: the server's).") var account: String?
    @Option(help: "Region whose policy is enforced (default: the server's).") var region: String?
    @Flag(help: "Delete the tables on SIGTERM/SIGINT instead of leaving them in place.") var removeOnExit = false
    @Option(help: "Seconds one long poll of the change feed waits.") var pollWait: Double = 20
    @Flag(help: "Do not attach ct timeout objects (for kernels without CONFIG_NF_CONNTRACK_TIMEOUT).")
    var noConnectionTimeouts = false
    @Flag(help: "Do not watch the tables for changes by others.") var noDriftRepair = false
    @Option(help: "Log level (trace, debug, info, notice, warning, error).") var logLevel = "info"

    /// Not `validate()`: ArgumentParser validates a parent before running its subcommands (`status`, `explain`).
    func checkArguments() throws {
        guard let endpoint, URL(string: endpoint)?.scheme != nil else {
            throw ValidationError("--endpoint URL is required")
        }
        guard !bindings.isEmpty else { throw ValidationError("at least one --bind eni-ID=IFNAME[@NETNS] is required") }
        for binding in bindings {
            do { _ = try AgentBinding(parsing: binding) } catch { throw ValidationError(error.description) }
        }
    }

    func run() async throws {
        try checkArguments()
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "palisade.agent")
        signal(SIGPIPE, SIG_IGN)
        let renderOptions = NFTRenderOptions(connectionTimeouts: !noConnectionTimeouts)
        let configuration = AgentConfiguration(
            endpoint: URL(string: endpoint!)!, bindings: try bindings.map { try AgentBinding(parsing: $0) },
            stateDirectory: stateDir, account: account, region: region, removeOnExit: removeOnExit,
            pollWait: pollWait, repairsDrift: !noDriftRepair, renderOptions: renderOptions)
        let agent = Agent(configuration: configuration, logger: logger)
        let task = Task { try await agent.run() }
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                logger.info("signal \(number) received, stopping")
                task.cancel()
            }
            source.resume()
            sources.append(source)
        }
        defer { sources.forEach { $0.cancel() } }
        try await task.value
    }
}

/// `palisade agent status`: what the agent last applied, from its state directory.
///
/// ```
/// $ palisade agent status --state-dir /var/lib/palisade
/// agent pid 4242, control plane http://127.0.0.1:4566 reachable, known revision 42
/// netns web: revision 42 (full, policy) at 2025-01-01T10:00:00Z in 8.1 ms; 9 chains, 25 rules, 4 sets, 6 elements; …
/// ```
struct AgentStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show what the agent last applied (read from its state directory).")

    /// `--state-dir` belongs to `palisade agent`, whose options are parsed wherever they appear.
    @ParentCommand var agent: AgentCommand
    @Flag(help: "Print the status JSON.") var json = false

    func run() async throws {
        guard let stateDir = agent.stateDir else { throw ValidationError("--state-dir DIR is required") }
        let directory = StateDirectory(path: stateDir)
        guard let status = try directory.loadStatus() else {
            throw ValidationError("no status in \(stateDir): has an agent run with --state-dir \(stateDir)?")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
            return
        }
        let reachable = status.controlPlaneReachable ? "reachable" : "unreachable"
        print(
            "agent pid \(status.processId), control plane \(status.endpoint) \(reachable), known revision \(status.knownRevision.map(String.init) ?? "none")"
        )
        if let error = status.lastControlPlaneError { print("  last control plane error: \(error)") }
        for entry in status.namespaces {
            let revision = entry.revision.map { "revision \($0)" } ?? "no policy"
            let last = entry.lastTransaction.map { " (\($0), \(entry.lastReason ?? "?"))" } ?? ""
            let time = entry.appliedAt.map { " at \($0)" } ?? ""
            let duration = entry.lastDurationMilliseconds.map { " in \($0) ms" } ?? ""
            print(
                "\(entry.namespace == "host" ? "host" : "netns \(entry.namespace)") [\(entry.interfaces.joined(separator: ", "))]: \(revision)\(last)\(time)\(duration); \(entry.chains) chains, \(entry.rules) rules, \(entry.sets) sets, \(entry.setElements) elements; \(entry.fullApplies) full, \(entry.elementApplies) delta, \(entry.driftRepairs) drift repairs, \(entry.failures) failures"
            )
            if let error = entry.lastError { print("  last error: \(error)") }
        }
    }
}

/// `palisade agent explain`: the flow engine's verdict for one packet of a snapshot file, as the agent's
/// tests compare it with the kernel's.
///
/// ```
/// $ palisade agent explain --snapshot policy.json --src 10.99.0.2 --dst 10.99.0.3 --protocol tcp --port 3306
/// allowed
/// ```
struct AgentExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Print the flow engine's verdict (allowed/denied) for one packet.",
        shouldDisplay: false)

    @Option(help: "A PolicySnapshot JSON file (GET /palisade/v1/snapshot).") var snapshot: String
    @Option(help: "Source address.") var src: String
    @Option(help: "Destination address.") var dst: String
    @Option(name: .customLong("protocol"), help: "tcp, udp or icmp.") var protocolName = "tcp"
    @Option(help: "Destination port (tcp/udp) or ICMP type (icmp).") var port: Int = 0
    @Flag(help: "Also print the explanation.") var verbose = false

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: snapshot) else {
            throw ValidationError("cannot read \(snapshot)")
        }
        let policy = try JSONDecoder().decode(PolicySnapshot.self, from: data)
        guard let source = IPAddress(src), let destination = IPAddress(dst) else {
            throw ValidationError("--src and --dst must be IP addresses")
        }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0–65535") }
        let packet: Packet
        switch protocolName {
        case "tcp": packet = .tcp(from: source, to: destination, destinationPort: UInt16(port))
        case "udp": packet = .udp(from: source, to: destination, destinationPort: UInt16(port))
        case "icmp": packet = .icmp(from: source, to: destination, type: UInt8(truncatingIfNeeded: port))
        default: throw ValidationError("--protocol must be tcp, udp or icmp")
        }
        let verdict = Evaluator(policy).evaluate(packet)
        print(verdict.isAllowed ? "allowed" : "denied")
        if verbose { print(verdict) }
        if !verdict.isAllowed { throw ExitCode(1) }
    }
}

/// `palisade agent render`: the `nft -f` file the agent would apply for a snapshot file, without applying it.
///
/// ```
/// $ palisade agent render --snapshot policy.json --bind eni-0a1b2c3d=eth0 > palisade.nft && nft -c -f palisade.nft
/// ```
struct AgentRenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Print the nft script for a snapshot file and the --bind options of `agent`.")

    @ParentCommand var agent: AgentCommand
    @Option(help: "A PolicySnapshot JSON file (GET /palisade/v1/snapshot).") var snapshot: String

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: snapshot) else {
            throw ValidationError("cannot read \(snapshot)")
        }
        let policy = try JSONDecoder().decode(PolicySnapshot.self, from: data)
        let bindings = try agent.bindings.map { try AgentBinding(parsing: $0) }
        var machine = try EnforcementStateMachine(
            bindings: bindings, scope: policy.scope,
            options: NFTRenderOptions(connectionTimeouts: !agent.noConnectionTimeouts))
        machine.policyReceived(policy)
        for transaction in machine.nextTransactions() {
            if machine.namespaceNames.count > 1 { print("# \(transaction.namespace)") }
            print(transaction.script, terminator: "")
        }
    }
}
