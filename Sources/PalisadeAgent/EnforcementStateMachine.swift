public import PalisadeCore
public import PalisadeNFTables

/// Decides what the kernel must be told, per network namespace, given what it holds and the newest policy.
/// No I/O: the owner (``Agent``) feeds it events, runs the transactions it returns and reports the outcome.
///
/// - Policies replace the target; only the newest matters, so whatever arrived while a transaction ran is
///   coalesced into the next one.
/// - A namespace whose kernel state is unknown (start, a failed transaction, drift, a restarted watcher)
///   gets the whole table in one atomic transaction; otherwise the delta against what it holds: set
///   elements when only memberships changed, the whole table when anything else did, nothing when the
///   rendering is unchanged.
/// - Before any policy is known, bound interfaces get a table that drops everything (fail closed).
///
/// ```swift
/// var machine = try EnforcementStateMachine(bindings: bindings, scope: scope)
/// machine.policyReceived(snapshot)
/// for transaction in machine.nextTransactions() {
///     let pid = try run(transaction)                 // nft -f -
///     machine.succeeded(transaction, processId: pid)
/// }
/// ```
public struct EnforcementStateMachine: Sendable {
    struct NamespaceState: Sendable {
        var bindings: InterfaceBindings
        var interfaceIds: [String]
        /// The table the kernel holds, as far as the agent knows.
        var applied: NFTRuleset?
        var appliedRevision: Int64?
        /// The kernel's state is unknown or wrong: replace the whole table.
        var needsFull = true
        var pendingReason: NFTTransaction.Reason = .retry
        /// Recent `nft` processes of the agent in this namespace: their generations are not drift.
        var ownProcessIds: [Int32] = []
        /// The snapshot `applied` was rendered from (`nil` for the fail-closed table).
        var appliedSnapshot: PolicySnapshot?
        /// Names of the group sets of `applied`, for membership deltas; computed once per replacement.
        var groupSetNames: GroupSetNames?
        /// The snapshot of the transaction last handed out, until it succeeds or fails.
        var issued: (revision: Int64?, snapshot: PolicySnapshot?, fast: Bool)?

        var boundIds: Set<String> { Set(interfaceIds) }
    }

    /// What one namespace's table is at.
    public struct NamespaceSummary: Hashable, Sendable {
        public var namespace: NetworkNamespace
        public var interfaceIds: [String]
        public var revision: Int64?
        public var isCurrent: Bool
    }

    /// How soon to try again after a failed transaction.
    public enum Retry: Hashable, Sendable {
        /// An element delta failed (say an element was already gone): replace the table now.
        case immediately
        /// A replacement failed (namespace missing, nft absent): the old table stays; try again later.
        case later
    }

    public let renderer: NFTRenderer
    public let scope: Scope
    /// The newest policy received; `nil` before any.
    public private(set) var target: PolicySnapshot?
    var namespaces: [NetworkNamespace: NamespaceState]
    private var renderedTarget: [NetworkNamespace: NFTRuleset] = [:]
    private static let processIdMemory = 64

    /// - Parameters:
    ///   - bindings: The bound interfaces; one table per namespace they name.
    ///   - scope: The account and region whose policy is enforced.
    ///   - options: Rendering options.
    /// - Throws: ``AgentError/invalidBindings(_:)`` when one namespace's bindings cannot be rendered.
    public init(bindings: [AgentBinding], scope: Scope, options: NFTRenderOptions = NFTRenderOptions())
        throws(AgentError)
    {
        renderer = NFTRenderer(options: options)
        self.scope = scope
        var byNamespace: [NetworkNamespace: [String: String]] = [:]
        for binding in bindings {
            if byNamespace[binding.namespace, default: [:]][binding.networkInterfaceId] != nil {
                throw .invalidBindings("\(binding.networkInterfaceId) is bound twice in \(binding.namespace)")
            }
            byNamespace[binding.namespace, default: [:]][binding.networkInterfaceId] = binding.interfaceName
        }
        var namespaces: [NetworkNamespace: NamespaceState] = [:]
        for (namespace, names) in byNamespace {
            do {
                namespaces[namespace] = NamespaceState(
                    bindings: try InterfaceBindings(names), interfaceIds: names.keys.sorted())
            } catch {
                throw .invalidBindings("\(namespace): \(error)")
            }
        }
        self.namespaces = namespaces
    }

    /// The namespaces, sorted.
    public var namespaceNames: [NetworkNamespace] { namespaces.keys.sorted() }

    /// The qualified name of the table, `inet palisade`.
    public var tableName: String { "inet \(renderer.options.tableName)" }

    /// Where each namespace's table is.
    public var summaries: [NamespaceSummary] {
        namespaceNames.map { namespace in
            let state = namespaces[namespace]!
            return NamespaceSummary(
                namespace: namespace, interfaceIds: state.interfaceIds, revision: state.appliedRevision,
                isCurrent: !state.needsFull && state.appliedRevision == target?.revision && state.applied != nil)
        }
    }

    /// Whether every namespace enforces the target.
    public var isCurrent: Bool { target != nil && summaries.allSatisfy(\.isCurrent) }

    /// A new policy from the control plane (or the state directory). Replaces any policy not yet applied.
    public mutating func policyReceived(_ snapshot: PolicySnapshot) {
        target = snapshot
        renderedTarget = [:]
        for namespace in namespaces.keys where namespaces[namespace]!.needsFull {
            if namespaces[namespace]!.pendingReason == .retry { namespaces[namespace]!.pendingReason = .policy }
        }
    }

    /// A committed nftables generation in `namespace` (see ``NFTablesEventParser``).
    /// - Returns: Whether it is drift (someone else touched the table); the next transactions repair it.
    public mutating func generationObserved(_ generation: NFTablesEventParser.Generation, in namespace: NetworkNamespace)
        -> Bool
    {
        guard var state = namespaces[namespace], generation.touchesTable else { return false }
        if let pid = generation.processId, state.ownProcessIds.contains(pid) { return false }
        // Before the first table there is nothing to repair; the first transaction is a replacement anyway.
        guard state.applied != nil else { return false }
        state.needsFull = true
        state.pendingReason = .drift
        namespaces[namespace] = state
        return true
    }

    /// The watcher of `namespace` (re)started: events may have been missed, so the table is replaced.
    public mutating func watcherRestarted(in namespace: NetworkNamespace) {
        guard namespaces[namespace]?.applied != nil else { return }
        namespaces[namespace]!.needsFull = true
        namespaces[namespace]!.pendingReason = .drift
    }

    /// What to apply now: at most one transaction per namespace, bringing it from what it holds to the target.
    /// Namespaces whose rendering did not change are marked current without a transaction.
    public mutating func nextTransactions() -> [NFTTransaction] {
        var transactions: [NFTTransaction] = []
        for namespace in namespaceNames {
            let state = namespaces[namespace]!
            let revision = target?.revision
            namespaces[namespace]!.issued = (revision, target, true)
            if let transaction = membershipTransaction(for: namespace) {
                if let transaction { transactions.append(transaction) }
                continue
            }
            namespaces[namespace]!.issued = (revision, target, false)
            let desired = rendered(for: namespace)
            let reason: NFTTransaction.Reason = target == nil ? .failClosed : state.pendingReason
            guard let applied = state.applied, !state.needsFull else {
                transactions.append(
                    NFTTransaction(
                        namespace: namespace, kind: .full, reason: reason, script: desired.replacementScript,
                        ruleset: desired, revision: revision))
                continue
            }
            guard state.appliedRevision != revision || applied != desired else { continue }
            switch NFTDelta.between(old: applied, new: desired) {
            case .elements(let changes) where changes.isEmpty:
                namespaces[namespace]!.applied = desired
                namespaces[namespace]!.appliedRevision = revision
                namespaces[namespace]!.appliedSnapshot = target
                namespaces[namespace]!.groupSetNames = nil
            case .elements(let changes):
                transactions.append(
                    NFTTransaction(
                        namespace: namespace, kind: .elements, reason: .policy,
                        script: NFTDelta.elements(changes).script, ruleset: desired, revision: revision,
                        elementCount: changes.reduce(0) { $0 + $1.elements.count }))
            case .full(let script):
                transactions.append(
                    NFTTransaction(
                        namespace: namespace, kind: .full, reason: .policy, script: script, ruleset: desired,
                        revision: revision))
            }
        }
        return transactions
    }

    /// The membership fast path (``MembershipDelta``): when the kernel holds the rendering of a snapshot that
    /// differs from the target only in interfaces not bound in `namespace`, the group-set element changes,
    /// computed without rendering.
    /// - Returns: `nil` when the fast path does not apply; `.some(nil)` when nothing needs to be sent.
    private mutating func membershipTransaction(for namespace: NetworkNamespace) -> NFTTransaction?? {
        guard let target, var state = namespaces[namespace], let applied = state.applied, !state.needsFull,
            let appliedSnapshot = state.appliedSnapshot,
            let changed = MembershipDelta.changedInterfaces(from: appliedSnapshot, to: target)
        else { return nil }
        let boundIds = state.boundIds
        if state.groupSetNames == nil {
            state.groupSetNames = GroupSetNames(snapshot: appliedSnapshot, boundIds: boundIds, ruleset: applied)
        }
        guard let names = state.groupSetNames,
            let patch = MembershipDelta.patch(
                applied: applied, names: names, new: target, boundIds: boundIds, changed: changed)
        else {
            namespaces[namespace] = state
            return nil
        }
        guard !patch.changes.isEmpty else {
            state.applied = patch.ruleset
            state.appliedRevision = target.revision
            state.appliedSnapshot = target
            namespaces[namespace] = state
            return .some(nil)
        }
        namespaces[namespace] = state
        return NFTTransaction(
            namespace: namespace, kind: .elements, reason: .policy, script: NFTDelta.elements(patch.changes).script,
            ruleset: patch.ruleset, revision: target.revision, elementCount: patch.elementCount)
    }

    /// `transaction` committed; `processId` is the `nft` process that ran it.
    public mutating func succeeded(_ transaction: NFTTransaction, processId: Int32?) {
        guard var state = namespaces[transaction.namespace] else { return }
        remember(processId, in: &state)
        if transaction.kind == .removal {
            state.applied = nil
            state.appliedRevision = nil
            state.appliedSnapshot = nil
            state.groupSetNames = nil
            state.needsFull = true
        } else {
            state.applied = transaction.ruleset
            state.appliedRevision = transaction.revision
            state.needsFull = false
            state.pendingReason = .retry
            if let issued = state.issued, issued.revision == transaction.revision {
                state.appliedSnapshot = issued.snapshot
            } else {
                state.appliedSnapshot = nil
            }
            if state.issued?.fast != true { state.groupSetNames = nil }
        }
        state.issued = nil
        namespaces[transaction.namespace] = state
    }

    /// `transaction` failed: nft rejected it or could not run. Transactions are atomic, so the kernel holds
    /// what it held before; the next attempt replaces the whole table.
    public mutating func failed(_ transaction: NFTTransaction, processId: Int32?) -> Retry {
        guard var state = namespaces[transaction.namespace] else { return .later }
        remember(processId, in: &state)
        state.needsFull = true
        state.issued = nil
        if state.pendingReason != .drift { state.pendingReason = .retry }
        namespaces[transaction.namespace] = state
        return transaction.kind == .elements ? .immediately : .later
    }

    /// Transactions deleting the table in every namespace.
    public func removalTransactions() -> [NFTTransaction] {
        namespaceNames.map { namespace in
            NFTTransaction(
                namespace: namespace, kind: .removal, reason: .removal,
                script: "table \(tableName) {}\ndelete table \(tableName)\n", ruleset: nil, revision: nil)
        }
    }

    /// The target rendered for `namespace`; before any policy, a table whose bound interfaces drop everything.
    private mutating func rendered(for namespace: NetworkNamespace) -> NFTRuleset {
        if let cached = renderedTarget[namespace] { return cached }
        let snapshot = target ?? PolicySnapshot(revision: 0, scope: scope)
        var ruleset = renderer.render(snapshot, bindings: namespaces[namespace]!.bindings)
        if target == nil { ruleset.revision = nil }
        renderedTarget[namespace] = ruleset
        return ruleset
    }

    private func remember(_ processId: Int32?, in state: inout NamespaceState) {
        guard let processId else { return }
        state.ownProcessIds.append(processId)
        if state.ownProcessIds.count > Self.processIdMemory {
            state.ownProcessIds.removeFirst(state.ownProcessIds.count - Self.processIdMemory)
        }
    }
}
