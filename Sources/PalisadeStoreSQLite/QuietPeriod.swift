import Dispatch
import Synchronization

/// Lets background upkeep (copying the WAL back, snapshots of the records, the audit trail's resource index)
/// wait until writes pause, so that it does not take the CPU from a burst of requests.
///
/// On two cores the three together cost about 15 % of an AuthorizeSecurityGroupIngress's CPU when they ran as
/// soon as their thresholds were reached (measured with `perf`: 65 µs of 440). None of them is needed for
/// correctness or durability, only to bound something (the WAL's size, the log a restart replays, the events a
/// lookup by resource reads unindexed), so each waits for ``duration`` without a commit, and runs at once only
/// when its backlog passes a bound of its own: under a steady stream of writes the work is done anyway, in
/// larger batches.
final class QuietPeriod: Sendable {
    /// How long after the last commit upkeep may start.
    let duration: DispatchTimeInterval
    private let nanoseconds: UInt64
    /// `DispatchTime.uptimeNanoseconds` of the last commit.
    private let lastWrite = Atomic<UInt64>(0)

    init(milliseconds: Int = 100) {
        duration = .milliseconds(milliseconds)
        nanoseconds = UInt64(milliseconds) * 1_000_000
    }

    /// Called after each commit of a write (by the ``CommitJournal``), before it schedules its own copy.
    func noteWrite() {
        lastWrite.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed)
    }

    /// Runs `work` on `queue` once no commit has happened for ``duration``.
    func afterQuiet(on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) {
        let quietAt = lastWrite.load(ordering: .relaxed) &+ nanoseconds
        if DispatchTime.now().uptimeNanoseconds >= quietAt {
            queue.async(execute: work)
        } else {
            queue.asyncAfter(deadline: DispatchTime(uptimeNanoseconds: quietAt)) { [self] in afterQuiet(on: queue, work) }
        }
    }
}
