public import PalisadeCore
import Synchronization

/// The control plane's state: an indexed ``PolicyState`` in memory, made durable by a ``PolicyStorage``.
///
/// Reads run against memory. A write runs an operation on the state, persists the changes it journaled,
/// and only then makes them visible; if the operation throws or persisting fails, every change is undone,
/// so AWS's all-or-nothing operations stay all-or-nothing.
///
/// ```swift
/// let store = try PolicyStore(storage: MemoryPolicyStorage())
/// let group = try store.write { state in
///     try state.createSecurityGroup(scope: scope, groupName: "web", description: "web", vpcId: nil, tags: [])
/// }
/// ```
public final class PolicyStore: Sendable {
    private let state: ReadWriteLock<PolicyState>
    private let storage: any PolicyStorage
    private let clock: @Sendable () -> Timestamp
    private let watchers = Mutex<[RevisionWaiter]>([])

    /// Loads the stored image into memory.
    public init(
        storage: any PolicyStorage, quotas: Quotas = Quotas(), ids: IDGenerator = .random,
        clock: @escaping @Sendable () -> Timestamp
    ) throws {
        let image = try storage.load()
        var initial = PolicyState(quotas: quotas, ids: ids)
        initial.apply(image.records.map(PolicyChange.put), revision: image.revision)
        self.state = ReadWriteLock(initial)
        self.storage = storage
        self.clock = clock
    }

    /// The revision of the last committed write.
    public var revision: Int64 { state.read { $0.revision } }

    /// Runs a read-only query against the current state. Copy out what you need; do not render inside.
    public func read<T: Sendable, E: Error>(_ body: (borrowing PolicyState) throws(E) -> T) throws(E) -> T {
        try state.read { state throws(E) -> T in try body(state) }
    }

    /// Runs one operation as an atomic, durable write.
    /// - Parameters:
    ///   - dryRun: Run the operation and its validation, then undo it (EC2's `DryRun`).
    ///   - body: The operation; throwing undoes whatever it changed.
    /// - Returns: What `body` returned, once its changes are durable.
    /// - Throws: The operation's ``PolicyError``, or `InternalError` when storage fails.
    public func write<T: Sendable>(
        dryRun: Bool = false, _ body: (inout PolicyState) throws(PolicyError) -> T
    ) throws(PolicyError) -> T {
        let time = clock()
        let (result, revision) = try state.write { state throws(PolicyError) -> (T, Int64?) in
            state.beginWrite(at: time)
            let result: T
            do throws(PolicyError) {
                result = try body(&state)
            } catch {
                state.rollbackWrite()
                throw error
            }
            let changes = state.pendingChanges
            if dryRun || changes.isEmpty {
                state.rollbackWrite()
                return (result, nil)
            }
            do {
                try storage.commit(revision: state.revision + 1, time: time, changes: changes)
            } catch {
                state.rollbackWrite()
                throw PolicyError(.internalError, "An internal error has occurred (storage: \(error))")
            }
            state.commitWrite()
            return (result, state.revision)
        }
        if let revision { notify(revision) }
        return result
    }

    /// The changes after `revision`, or `nil` when the log no longer reaches back (read the snapshot instead).
    public func changes(since revision: Int64) throws -> [CommittedChanges]? {
        try storage.changes(since: revision)
    }

    /// Waits until the revision passes `revision` or `timeout` elapses; returns the revision then.
    public func waitForRevision(after revision: Int64, timeout: Duration) async -> Int64 {
        if self.revision > revision { return self.revision }
        let waiter = RevisionWaiter(after: revision)
        watchers.withLock { $0.append(waiter) }
        // Re-check after registering, so a commit between the check and the registration is not missed.
        if self.revision > revision { waiter.fire() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await waiter.wait() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                waiter.fire()
            }
            await group.next()
            group.cancelAll()
        }
        watchers.withLock { $0.removeAll { $0 === waiter } }
        return self.revision
    }

    private func notify(_ revision: Int64) {
        let ready = watchers.withLock { list in list.filter { $0.after < revision } }
        for waiter in ready { waiter.fire() }
    }
}

/// One long-poll waiting for a revision.
final class RevisionWaiter: Sendable {
    let after: Int64
    private let state = Mutex<(fired: Bool, continuation: CheckedContinuation<Void, Never>?)>((false, nil))

    init(after: Int64) { self.after = after }

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.fired { return true }
                state.continuation = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func fire() {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.fired { return nil }
            state.fired = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume()
    }
}
