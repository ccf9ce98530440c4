import PalisadeCore
import Synchronization

/// Makes writes durable in groups: every write that arrives while one batch is being committed joins
/// the next batch, so concurrent writers share one storage transaction (and one fsync) instead of
/// queueing behind each other.
///
/// A write is a revision's changes, its audit event, or both (a failed call stores only its event). Each gets
/// a ticket in enqueue order. Writers enqueue (changes under the store's lock, so in revision order), then
/// call ``awaitDurable(_:onFailure:)``. The first writer to find nobody committing becomes the leader and
/// commits everything queued; the others suspend until their ticket is durable. Leadership passes to a
/// waiting writer when more work queued up meanwhile.
final class GroupCommitter: Sendable {
    /// Why a waiting writer was resumed.
    enum Wakeup: Sendable {
        /// Look again (its ticket may be durable or failed, or nobody leads any more).
        case retry
        /// It now leads: commit whatever is queued.
        case lead
    }

    /// One queued write.
    struct Pending: Sendable {
        var changes: CommittedChanges?
        var events: [AuditDraft]
    }

    private struct Waiter {
        var ticket: Int64
        var continuation: CheckedContinuation<Wakeup, Never>
    }

    private struct State {
        var queue: [Pending] = []
        var lastTicket: Int64 = 0
        var leading = false
        var durableTicket: Int64 = 0
        var durableRevision: Int64
        /// Tickets that failed to persist (their changes were dropped from memory), and why.
        var failed: [(tickets: ClosedRange<Int64>, reason: String)] = []

        func failure(of ticket: Int64) -> String? {
            failed.last { $0.tickets.contains(ticket) }?.reason
        }
        var waiters: [Waiter] = []
    }

    private let state: Mutex<State>
    private let storage: any PolicyStorage

    init(storage: any PolicyStorage, durableRevision: Int64) {
        self.storage = storage
        state = Mutex(State(durableRevision: durableRevision))
    }

    var durableRevision: Int64 { state.withLock { $0.durableRevision } }

    /// Queues one write and returns its ticket. Changes are enqueued under the store's write lock, so their
    /// order is revision order.
    func enqueue(_ changes: CommittedChanges?, events: [AuditDraft]) -> Int64 {
        state.withLock { state in
            state.lastTicket += 1
            state.queue.append(Pending(changes: changes, events: events))
            return state.lastTicket
        }
    }

    /// Fails every queued write. Called by the store under its write lock after reloading memory from storage,
    /// so no write can slip in between the reload and this.
    func failQueued(reason: String) {
        let wake = state.withLock { state -> [CheckedContinuation<Wakeup, Never>] in
            if state.lastTicket > state.durableTicket {
                state.failed.append((state.durableTicket + 1...state.lastTicket, reason))
            }
            state.queue.removeAll()
            // The leader that failed is not leading any more; anyone waiting retries (and fails, or leads).
            state.leading = false
            let wake = state.waiters.map(\.continuation)
            state.waiters.removeAll()
            return wake
        }
        for continuation in wake { continuation.resume(returning: .retry) }
    }

    /// Waits until `ticket` is durable, committing batches itself whenever it leads.
    /// - Parameter onFailure: Runs when a batch cannot be stored, with the reason; it must drop from memory
    ///   everything beyond what storage holds and call ``failQueued(reason:)`` under the same lock.
    /// - Returns: `nil` once durable, or why it could not be stored.
    func awaitDurable(_ ticket: Int64, onFailure: (String) -> Void) async -> String? {
        enum Step {
            case done(String?)
            case commit([Pending], lastTicket: Int64)
            case wait
        }
        var handedLeadership = false
        while true {
            let leads = handedLeadership
            let step = state.withLock { state -> Step in
                if !leads {
                    if let failure = state.failure(of: ticket) { return .done(failure) }
                    if state.durableTicket >= ticket { return .done(nil) }
                    if state.leading { return .wait }
                }
                state.leading = true
                let batch = state.queue
                state.queue.removeAll()
                if batch.isEmpty {
                    state.leading = false
                    return .done(state.failure(of: ticket) ?? (state.durableTicket >= ticket ? nil : "not stored"))
                }
                return .commit(batch, lastTicket: state.lastTicket)
            }
            handedLeadership = false
            switch step {
            case .done(let failure):
                return failure
            case .commit(let batch, let lastTicket):
                do {
                    // Outside the store's write lock: drafted events are rendered by the storage (see `AuditDraft`).
                    try storage.commit(batch.compactMap(\.changes), drafts: batch.flatMap(\.events))
                    finish(durableThrough: lastTicket, revision: batch.last { $0.changes != nil }?.changes?.revision)
                } catch {
                    onFailure("\(error)")
                }
            case .wait:
                let wakeup = await withCheckedContinuation { continuation in
                    let immediate = state.withLock { state -> Wakeup? in
                        if state.durableTicket >= ticket || state.failure(of: ticket) != nil || !state.leading {
                            return .retry
                        }
                        state.waiters.append(Waiter(ticket: ticket, continuation: continuation))
                        return nil
                    }
                    if let immediate { continuation.resume(returning: immediate) }
                }
                if case .lead = wakeup { handedLeadership = true }
            }
        }
    }

    /// After a batch is stored: wake its writers, and hand leadership to a waiter if more work queued up.
    /// The batch held every ticket up to `ticket` (the queue is taken whole).
    private func finish(durableThrough ticket: Int64, revision: Int64?) {
        let wake = state.withLock { state -> [(CheckedContinuation<Wakeup, Never>, Wakeup)] in
            state.durableTicket = ticket
            if let revision { state.durableRevision = revision }
            var wake: [(CheckedContinuation<Wakeup, Never>, Wakeup)] = []
            state.waiters.removeAll { waiter in
                guard waiter.ticket <= ticket else { return false }
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
}
