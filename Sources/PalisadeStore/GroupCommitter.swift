import PalisadeCore
import Synchronization

/// Makes writes durable in groups: every write that arrives while one batch is being committed joins
/// the next batch, so concurrent writers share one storage transaction (and one fsync) instead of
/// queueing behind each other.
///
/// Writers apply their change in memory under the store's lock and enqueue it (in revision order),
/// then call ``awaitDurable(_:)``. The first writer to find nobody committing becomes the leader and
/// commits everything queued; the others suspend until their revision is durable. Leadership passes to
/// a waiting writer when more work queued up meanwhile.
final class GroupCommitter: Sendable {
    /// Why a waiting writer was resumed.
    enum Wakeup: Sendable {
        /// Look again (its revision may be durable or failed, or nobody leads any more).
        case retry
        /// It now leads: commit whatever is queued.
        case lead
    }

    private struct Waiter {
        var revision: Int64
        var continuation: CheckedContinuation<Wakeup, Never>
    }

    private struct State {
        var queue: [CommittedChanges] = []
        var leading = false
        var durableRevision: Int64
        /// Revisions up to here failed to persist (they were dropped from memory).
        var failedThrough: Int64 = -1
        var failure = ""
        var waiters: [Waiter] = []
    }

    private let state: Mutex<State>
    private let storage: any PolicyStorage

    init(storage: any PolicyStorage, durableRevision: Int64) {
        self.storage = storage
        state = Mutex(State(durableRevision: durableRevision))
    }

    var durableRevision: Int64 { state.withLock { $0.durableRevision } }

    /// Queues one committed-in-memory revision. Called under the store's write lock, so order is revision order.
    func enqueue(_ changes: CommittedChanges) {
        state.withLock { $0.queue.append(changes) }
    }

    /// Waits until `revision` is durable, committing batches itself whenever it leads.
    /// - Parameter onFailure: Runs when a batch cannot be stored, to drop from memory everything beyond the
    ///   durable revision; returns the last revision memory held, which fails too.
    /// - Returns: `nil` once durable, or why it could not be stored.
    func awaitDurable(_ revision: Int64, onFailure: () -> Int64) async -> String? {
        enum Step {
            case done(String?)
            case commit([CommittedChanges])
            case wait
        }
        var handedLeadership = false
        while true {
            let leads = handedLeadership
            let step = state.withLock { state -> Step in
                if !leads {
                    if state.durableRevision >= revision { return .done(nil) }
                    if revision <= state.failedThrough { return .done(state.failure) }
                    if state.leading { return .wait }
                }
                state.leading = true
                let batch = state.queue
                state.queue.removeAll()
                if batch.isEmpty {
                    state.leading = false
                    return .done(state.durableRevision >= revision ? nil : state.failure)
                }
                return .commit(batch)
            }
            handedLeadership = false
            switch step {
            case .done(let failure):
                return failure
            case .commit(let batch):
                do {
                    try storage.commit(batch)
                    finish(durableThrough: batch[batch.count - 1].revision)
                } catch {
                    fail(through: onFailure(), reason: "\(error)")
                }
            case .wait:
                let wakeup = await withCheckedContinuation { continuation in
                    let immediate = state.withLock { state -> Wakeup? in
                        if state.durableRevision >= revision || revision <= state.failedThrough || !state.leading {
                            return .retry
                        }
                        state.waiters.append(Waiter(revision: revision, continuation: continuation))
                        return nil
                    }
                    if let immediate { continuation.resume(returning: immediate) }
                }
                if case .lead = wakeup { handedLeadership = true }
            }
        }
    }

    /// After a batch is stored: wake its writers, and hand leadership to a waiter if more work queued up.
    private func finish(durableThrough revision: Int64) {
        let wake = state.withLock { state -> [(CheckedContinuation<Wakeup, Never>, Wakeup)] in
            state.durableRevision = revision
            var wake: [(CheckedContinuation<Wakeup, Never>, Wakeup)] = []
            state.waiters.removeAll { waiter in
                guard waiter.revision <= revision else { return false }
                wake.append((waiter.continuation, .retry))
                return true
            }
            if !state.queue.isEmpty, !state.waiters.isEmpty {
                // Stay leading on behalf of the next leader, so nobody else starts a batch meanwhile.
                wake.append((state.waiters.removeFirst().continuation, .lead))
            } else {
                state.leading = false
            }
            return wake
        }
        for (continuation, wakeup) in wake { continuation.resume(returning: wakeup) }
    }

    /// After a batch could not be stored: everything not yet durable fails.
    private func fail(through revision: Int64, reason: String) {
        let wake = state.withLock { state -> [CheckedContinuation<Wakeup, Never>] in
            state.failedThrough = max(state.failedThrough, revision)
            state.failure = reason
            state.queue.removeAll()
            state.leading = false
            let wake = state.waiters.map(\.continuation)
            state.waiters.removeAll()
            return wake
        }
        for continuation in wake { continuation.resume(returning: .retry) }
    }
}
