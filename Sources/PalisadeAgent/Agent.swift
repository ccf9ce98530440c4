import Foundation
public import Logging
import PalisadeAuth
import PalisadeCore
import PalisadeNFTables
import Synchronization

/// The enforcement service: keeps one nftables table per network namespace in step with the control plane.
///
/// Three producers feed one consumer. The change-feed poller posts the newest policy; one ``TableWatcher`` per
/// namespace posts the nftables generations that touched the table; a timer posts retries. Each posts into an inbox
/// and wakes the consumer, which hands everything pending to ``EnforcementStateMachine`` and runs the
/// transactions it asks for, one per namespace: whatever arrived meanwhile is coalesced into that one.
///
/// ```swift
/// let agent = try Agent(configuration: configuration, logger: logger)
/// try await agent.run()          // until the task is cancelled (SIGTERM)
/// ```
public final class Agent: Sendable {
    struct Inbox: Sendable {
        var policy: PolicySnapshot?
        /// When the oldest policy not yet handed to the state machine arrived (for the latency log).
        var policyArrivedAt: ContinuousClock.Instant?
        var generations: [(NetworkNamespace, NFTablesEventParser.Generation)] = []
        var endedWatchers: [(NetworkNamespace, String)] = []
        var retry = false
        var controlPlane: (reachable: Bool, error: String?, revision: Int64?)?
    }

    public let configuration: AgentConfiguration
    let logger: Logger
    let applier: any RulesetApplier
    let client: ControlPlaneClient
    let stateDirectory: StateDirectory?
    private let policyWriter: PolicyWriter?
    private let inbox = Mutex(Inbox())
    private let wake: AsyncStream<Void>
    private let wakeContinuation: AsyncStream<Void>.Continuation

    /// - Parameters:
    ///   - configuration: What to enforce where.
    ///   - logger: Where applied revisions, failures and repairs are reported.
    ///   - applier: How scripts reach the kernel; `nft` by default.
    public init(configuration: AgentConfiguration, logger: Logger, applier: (any RulesetApplier)? = nil) {
        self.configuration = configuration
        self.logger = logger
        let stateDirectory = configuration.stateDirectory.map(StateDirectory.init(path:))
        self.stateDirectory = stateDirectory
        policyWriter = stateDirectory.map { directory in
            PolicyWriter(stateDirectory: directory) { [logger] error in
                logger.error("cannot save the applied policy in \(directory.path): \(error)")
            }
        }
        self.applier = applier ?? NFTCommandApplier(scratchDirectory: configuration.stateDirectory)
        self.client = ControlPlaneClient(
            endpoint: configuration.endpoint, account: configuration.account, region: configuration.region,
            signer: Agent.signerFromEnvironment(region: configuration.region ?? "us-east-1"))
        (wake, wakeContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Enforces until the calling task is cancelled; then leaves the tables in place, or deletes them when
    /// ``AgentConfiguration/removeOnExit`` is set.
    public func run() async throws {
        var machine = try EnforcementStateMachine(
            bindings: configuration.bindings, scope: configuration.scope, options: configuration.renderOptions)
        var status = AgentStatus(
            processId: ProcessInfo.processInfo.processIdentifier, endpoint: configuration.endpoint.absoluteString,
            startedAt: Date().ISO8601Format(),
            namespaces: machine.summaries.map {
                AgentStatus.Namespace(namespace: $0.namespace.name ?? "host", interfaces: $0.interfaceIds)
            })
        var persistedRevision: Int64?
        if let stateDirectory {
            try stateDirectory.create()
            do {
                if let saved = try stateDirectory.loadPolicy() {
                    logger.info(
                        "re-applying revision \(saved.revision) from \(stateDirectory.policyPath) before contacting the control plane")
                    machine.policyReceived(saved)
                    persistedRevision = saved.revision
                }
            } catch {
                logger.error("\(error); starting fail-closed")
            }
        }
        if machine.target == nil {
            logger.info("no policy yet: bound interfaces drop everything until the control plane answers")
        }

        var watchers: [NetworkNamespace: TableWatcher] = [:]
        if configuration.repairsDrift {
            for namespace in machine.namespaceNames { watchers[namespace] = startWatcher(namespace) }
        }
        await applyPending(&machine, &status, persistedRevision: &persistedRevision, arrivedAt: nil)

        let poller = Task { await poll() }
        defer {
            poller.cancel()
            for watcher in watchers.values { watcher.stop() }
        }
        for await _ in wake {
            let pending = inbox.withLock { inbox in
                defer { inbox = Inbox() }
                return inbox
            }
            if let controlPlane = pending.controlPlane {
                status.controlPlaneReachable = controlPlane.reachable
                status.lastControlPlaneError = controlPlane.error
                if let revision = controlPlane.revision { status.knownRevision = revision }
            }
            if let policy = pending.policy { machine.policyReceived(policy) }
            for (namespace, generation) in pending.generations where machine.generationObserved(generation, in: namespace) {
                logger.warning(
                    "drift in \(namespace): generation \(generation.number) by process \(generation.processId.map(String.init) ?? "?") changed table \(machine.tableName); restoring it")
                status.update(namespace) { $0.driftRepairs += 1 }
            }
            for (namespace, reason) in pending.endedWatchers where !Task.isCancelled {
                logger.warning("\(reason) in \(namespace); restarting it and replacing the table")
                try? await Task.sleep(for: configuration.retryInterval)
                watchers[namespace] = startWatcher(namespace)
                machine.watcherRestarted(in: namespace)
            }
            guard !Task.isCancelled else { break }
            await applyPending(
                &machine, &status, persistedRevision: &persistedRevision, arrivedAt: pending.policyArrivedAt)
        }
        await policyWriter?.flush()

        if configuration.removeOnExit {
            for watcher in watchers.values { watcher.stop() }
            for transaction in machine.removalTransactions() {
                let run = await applier.apply(transaction.script, in: transaction.namespace)
                if run.succeeded {
                    logger.info("removed table \(machine.tableName) from \(transaction.namespace)")
                } else {
                    logger.error("could not remove the table from \(transaction.namespace): \(run.output)")
                }
            }
        } else {
            logger.info("stopping; the tables stay in place and keep enforcing")
        }
    }

    /// Runs what the state machine asks for until nothing is left or only later retries are.
    private func applyPending(
        _ machine: inout EnforcementStateMachine, _ status: inout AgentStatus, persistedRevision: inout Int64?,
        arrivedAt: ContinuousClock.Instant?
    ) async {
        let clock = ContinuousClock()
        var again = true
        var retryLater = false
        while again {
            again = false
            let planStart = clock.now
            let transactions = machine.nextTransactions()
            let planned = clock.now
            for transaction in transactions {
                let start = clock.now
                let run = await applier.apply(transaction.script, in: transaction.namespace)
                let milliseconds = (clock.now - start).milliseconds
                if run.succeeded {
                    machine.succeeded(transaction, processId: run.processId)
                    log(
                        transaction, milliseconds: milliseconds, planning: (planned - planStart).milliseconds,
                        sinceArrival: arrivedAt.map { (clock.now - $0).milliseconds })
                    status.record(transaction, milliseconds: milliseconds)
                } else {
                    let error = AgentError.nft(
                        namespace: transaction.namespace, status: run.status, output: run.output)
                    logger.error("\(transaction.kind) transaction failed, the previous table stays: \(error)")
                    status.update(transaction.namespace) {
                        $0.failures += 1
                        $0.lastError = error.description
                    }
                    switch machine.failed(transaction, processId: run.processId) {
                    case .immediately: again = true
                    case .later: retryLater = true
                    }
                }
            }
        }
        for summary in machine.summaries {
            status.update(summary.namespace) { $0.revision = summary.revision }
        }
        if retryLater { scheduleRetry() }
        if let stateDirectory {
            if machine.isCurrent, let target = machine.target, target.revision != persistedRevision {
                // Encoding a large snapshot takes longer than a membership change: written in the background.
                policyWriter?.save(target)
                persistedRevision = target.revision
            }
            do {
                try stateDirectory.saveStatus(status)
            } catch {
                logger.error("cannot write \(stateDirectory.statusPath): \(error)")
            }
        }
    }

    private func log(_ transaction: NFTTransaction, milliseconds: Double, planning: Double, sinceArrival: Double?) {
        let revision = transaction.revision.map { "revision \($0)" } ?? "no policy (drop all)"
        // nft time; planning = render/diff or membership delta; total = from the change feed's answer to commit.
        var duration = String(format: "%.1f ms (planning %.1f ms", milliseconds, planning)
        if let sinceArrival { duration += String(format: ", %.1f ms after the change feed answered", sinceArrival) }
        duration += ")"

        if transaction.kind == .elements {
            logger.info(
                "applied \(transaction.elementCount) set element changes in \(transaction.namespace): \(revision), in \(duration)")
        } else if let ruleset = transaction.ruleset {
            let counts = RulesetCounts(ruleset)
            logger.info(
                "applied table in \(transaction.namespace) (\(transaction.reason.rawValue)): \(revision), \(counts.chains) chains, \(counts.rules) rules, \(counts.sets) sets, \(counts.elements) set elements, in \(duration)")
        }
    }

    // MARK: Producers

    private func post(_ change: (inout Inbox) -> Void) {
        inbox.withLock { change(&$0) }
        wakeContinuation.yield()
    }

    private func scheduleRetry() {
        let interval = configuration.retryInterval
        Task { [weak self] in
            try? await Task.sleep(for: interval)
            self?.post { $0.retry = true }
        }
    }

    private func startWatcher(_ namespace: NetworkNamespace) -> TableWatcher {
        TableWatcher(namespace: namespace, family: 1, table: configuration.renderOptions.tableName) {
            [weak self] event in
            switch event {
            case .generation(let generation):
                guard generation.touchesTable else { return }
                self?.post { $0.generations.append((namespace, generation)) }
            case .ended(let reason):
                self?.post { $0.endedWatchers.append((namespace, reason)) }
            }
        }
    }

    /// Fetches the snapshot once, then follows the change feed. Failures keep the last policy (fail closed).
    private func poll() async {
        var current: PolicySnapshot?
        var backoff = 0.2
        var reachable: Bool?
        while !Task.isCancelled {
            do {
                let next: PolicySnapshot?
                if let current {
                    next = try await client.changes(since: current.revision, wait: configuration.pollWait).advance(current)
                } else {
                    next = try await client.snapshot()
                }
                if reachable != true {
                    logger.info("control plane \(configuration.endpoint.absoluteString) reachable")
                    reachable = true
                }
                if let next {
                    current = next
                    let arrived = ContinuousClock.now
                    post {
                        if $0.policyArrivedAt == nil { $0.policyArrivedAt = arrived }
                        $0.policy = next
                        $0.controlPlane = (true, nil, next.revision)
                    }
                } else if backoff != 0.2 {
                    post { $0.controlPlane = (true, nil, current?.revision) }
                }
                backoff = 0.2
            } catch {
                guard !Task.isCancelled else { return }
                if reachable != false {
                    logger.warning("control plane unavailable, keeping the last applied policy: \(error)")
                    reachable = false
                }
                let message = "\(error)"
                post { $0.controlPlane = (false, message, nil) }
                try? await Task.sleep(for: .milliseconds(Int(backoff * 1000)))
                backoff = min(backoff * 2, 5)
            }
        }
    }
}

/// Counts of a rendered table, for the log and the status.
struct RulesetCounts {
    var chains: Int
    var rules: Int
    var sets: Int
    var elements: Int

    init(_ ruleset: NFTRuleset) {
        chains = ruleset.chains.count
        rules = ruleset.chains.reduce(0) { $0 + $1.rules.count }
        sets = ruleset.sets.count
        elements = ruleset.sets.reduce(0) { $0 + $1.elements.count }
    }
}

extension AgentStatus {
    mutating func update(_ namespace: NetworkNamespace, _ change: (inout Namespace) -> Void) {
        guard let index = namespaces.firstIndex(where: { $0.namespace == (namespace.name ?? "host") }) else { return }
        change(&namespaces[index])
    }

    mutating func record(_ transaction: NFTTransaction, milliseconds: Double) {
        update(transaction.namespace) { entry in
            entry.revision = transaction.revision
            entry.lastTransaction = transaction.kind.rawValue
            entry.lastReason = transaction.reason.rawValue
            entry.appliedAt = Date().ISO8601Format()
            entry.lastDurationMilliseconds = (milliseconds * 10).rounded() / 10
            if transaction.kind == .elements {
                entry.elementApplies += 1
            } else {
                entry.fullApplies += 1
            }
            entry.lastError = nil
            if let ruleset = transaction.ruleset {
                let counts = RulesetCounts(ruleset)
                entry.chains = counts.chains
                entry.rules = counts.rules
                entry.sets = counts.sets
                entry.setElements = counts.elements
            }
        }
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

extension Agent {
    /// A signer for the credentials in `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`),
    /// as the AWS CLI reads them; `nil` without credentials (for servers started with `--no-auth`).
    static func signerFromEnvironment(region: String) -> SigV4Signer? {
        let environment = ProcessInfo.processInfo.environment
        guard let keyId = environment["AWS_ACCESS_KEY_ID"], !keyId.isEmpty,
            let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else { return nil }
        return SigV4Signer(
            accessKeyId: keyId, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"], region: region)
    }
}
