public import PalisadeCore
import Synchronization

/// The control plane's state: an indexed ``PolicyState`` in memory, made durable by a ``PolicyStorage``.
///
/// Reads run against memory. A write runs an operation on the state under an exclusive lock; if it throws,
/// every change it made is undone, so AWS's all-or-nothing operations stay all-or-nothing. Its changes are
/// then made durable by a ``GroupCommitter`` together with those of concurrent writers, and the write
/// returns only once they are stored. Readers may see a change a moment before it is durable; if storing
/// fails, memory is reloaded from storage and every write not yet durable fails with `InternalError`.
///
/// ```swift
/// let store = try PolicyStore(storage: MemoryPolicyStorage(), clock: { .init(millisecondsSince1970: 0) })
/// let group = try await store.write { state in
///     try state.createSecurityGroup(scope: scope, groupName: "web", description: "web", vpcId: nil, tags: [])
/// }
/// ```
public final class PolicyStore: Sendable {
    private let state: ReadWriteLock<PolicyState>
    private let storage: any PolicyStorage
    private let committer: GroupCommitter
    private let clock: @Sendable () -> Timestamp
    private let watchers = Mutex<[RevisionWaiter]>([])
    private let activity = Mutex(WriteActivity())
    private let quotas: Quotas
    private let ids: IDGenerator

    /// Loads the stored image into memory.
    public init(
        storage: any PolicyStorage, quotas: Quotas = Quotas(), ids: IDGenerator = .random,
        clock: @escaping @Sendable () -> Timestamp
    ) throws {
        let image = try storage.load()
        self.state = ReadWriteLock(PolicyStore.state(from: image, quotas: quotas, ids: ids))
        self.storage = storage
        self.committer = GroupCommitter(storage: storage, durableRevision: image.revision)
        self.clock = clock
        self.quotas = quotas
        self.ids = ids
    }

    private static func state(from image: StoredImage, quotas: Quotas, ids: IDGenerator) -> PolicyState {
        var state = PolicyState(quotas: quotas, ids: ids)
        state.apply(image.records.map(PolicyChange.put), revision: image.revision)
        return state
    }

    /// The revision of the last durable write.
    public var revision: Int64 { committer.durableRevision }

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
    ) async throws(PolicyError) -> T {
        try await write(dryRun: dryRun, body, audit: { _, _ -> AuditDraft? in nil })
    }

    /// Runs one operation as an atomic, durable write, and stores the audit event that `audit` makes of its
    /// outcome in the same transaction as its changes (alone when it changed nothing, failed or was a dry run).
    /// - Parameters:
    ///   - audit: Called under the write lock with the state after the operation (or after its undo) and its
    ///     outcome; returns the event to store, if any: made, or drafted to be made after the lock is released.
    /// - Throws: The operation's ``PolicyError``; `InternalError` when its changes or its event cannot be stored.
    public func write<T: Sendable>(
        dryRun: Bool = false, _ body: (inout PolicyState) throws(PolicyError) -> T,
        audit: (borrowing PolicyState, Result<T, PolicyError>) -> AuditDraft?
    ) async throws(PolicyError) -> T {
        let time = clock()
        activity.withLock { $0.writesInFlight += 1 }
        defer {
            activity.withLock { activity in
                activity.writesInFlight -= 1
                activity.lastFinished = .now
            }
        }
        let (outcome, ticket, revision) = state.write { state -> (Result<T, PolicyError>, Int64?, Int64?) in
            state.beginWrite(at: time)
            let outcome: Result<T, PolicyError>
            do throws(PolicyError) {
                outcome = .success(try body(&state))
            } catch {
                outcome = .failure(error)
            }
            if case .failure = outcome {
                state.rollbackWrite()
            } else if dryRun || state.pendingChanges.isEmpty {
                state.rollbackWrite()
            } else {
                let changes = state.commitWrite()
                let event = audit(state, outcome)
                // Enqueued under the lock, so batches are in revision order.
                let ticket = committer.enqueue(
                    CommittedChanges(revision: state.revision, time: time, changes: changes), events: event.map { [$0] } ?? [])
                return (outcome, ticket, state.revision)
            }
            guard let event = audit(state, outcome) else { return (outcome, nil, nil) }
            return (outcome, committer.enqueue(nil, events: [event]), nil)
        }
        if let ticket, let failure = await committer.awaitDurable(ticket, onFailure: reloadFromStorage) {
            throw PolicyError(.internalError, "An internal error has occurred (storage: \(failure))")
        }
        if let revision { notify(revision) }
        return try outcome.get()
    }

    /// Stores audit events that belong to no write (a request denied before it reached an operation).
    /// - Throws: `InternalError` when they cannot be stored.
    public func record(_ events: [AuditEntry]) async throws(PolicyError) {
        guard !events.isEmpty else { return }
        let ticket = committer.enqueue(nil, events: events.map(AuditDraft.made))
        if let failure = await committer.awaitDurable(ticket, onFailure: reloadFromStorage) {
            throw PolicyError(.internalError, "An internal error has occurred (storage: \(failure))")
        }
    }

    /// The audit log and alert outbox.
    public var audit: any AuditStorage { storage }

    /// Drops from memory every write that is not durable, by reloading what storage holds, and fails every
    /// queued write, under the write lock so that no new write slips in between.
    private func reloadFromStorage(reason: String) {
        state.write { state in
            if let image = try? storage.load() {
                state = PolicyStore.state(from: image, quotas: quotas, ids: ids)
            }
            committer.failQueued(reason: reason)
        }
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

    /// Waits until writing pauses: no write in flight and none finished for `quiet`, or `limit` has passed.
    ///
    /// A change feed answers after this, so that a burst of concurrent writes (a hundred clients changing group
    /// membership at once) reaches a follower as one batch instead of as the first write plus the rest; a lone
    /// write waits only `quiet`, and a stream of writes that never pauses at most `limit`.
    public func settle(quiet: Duration, limit: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while true {
            let now = clock.now
            let (inFlight, lastFinished) = activity.withLock { ($0.writesInFlight, $0.lastFinished) }
            let quietFrom = lastFinished.map { $0 + quiet } ?? now
            if (inFlight == 0 && quietFrom <= now) || now >= deadline { return }
            // While writes are in flight, look again soon: the last of them may finish at any moment.
            let next = inFlight > 0 ? now + .milliseconds(1) : quietFrom
            try? await Task.sleep(until: min(next, deadline), clock: clock)
            if Task.isCancelled { return }
        }
    }

    private func notify(_ revision: Int64) {
        let ready = watchers.withLock { list in list.filter { $0.after < revision } }
        for waiter in ready { waiter.fire() }
    }
}

/// Whether writes are under way, for ``PolicyStore/settle(quiet:limit:)``.
struct WriteActivity {
    var writesInFlight = 0
    var lastFinished: ContinuousClock.Instant?
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
