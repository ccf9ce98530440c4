import Dispatch
import Foundation
import Logging
import Synchronization

/// Lets background upkeep (copying the WAL back, snapshots of the records, the audit trail's resource index)
/// wait until writes pause, so that it does not take the CPU from a burst of requests.
///
/// On two cores the three together cost about 15 % of an AuthorizeSecurityGroupIngress's CPU when they ran as
/// soon as their thresholds were reached (measured with `perf`: 65 µs of 440). None of them is needed for
/// correctness or durability, only to bound something (the WAL's size, the log a restart replays, the events a
/// lookup by resource reads unindexed), so each waits for ``duration`` without a commit, and runs at once only
/// when its backlog passes a bound of its own: under a steady stream of writes the work is done anyway, in
/// larger batches; what waited for a pause runs at the idle priority (``upkeep(afterPause:_:)``). Under a load
/// that keeps both cores busy (requests, or other processes), that upkeep may wait until a bound forces it.
final class QuietPeriod: Sendable {
    /// How long after the last commit upkeep may start.
    let duration: DispatchTimeInterval
    private let nanoseconds: UInt64
    /// `DispatchTime.uptimeNanoseconds` of the last commit.
    private let lastWrite = Atomic<UInt64>(0)
    /// Whether upkeep that waited for a pause runs under the idle scheduling policy.
    let idlePriority: Bool
    private let logger = Logger(label: "palisade.sqlite")

    /// - Parameter idlePriority: Off for tests that wait for upkeep while other tests keep the cores busy.
    init(milliseconds: Int = 100, idlePriority: Bool = true) {
        duration = .milliseconds(milliseconds)
        nanoseconds = UInt64(milliseconds) * 1_000_000
        self.idlePriority = idlePriority
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

    /// Runs upkeep; upkeep that waited for writes to pause (`afterPause`) under the idle scheduling policy.
    func upkeep<T>(afterPause: Bool, _ work: () throws -> T) rethrows -> T {
        try runUpkeep(idle: afterPause && idlePriority, work)
    }

    /// ``upkeep(afterPause:_:)`` with no caller to report a failure to: it is logged as `failure`, and the work is
    /// tried again at its next turn (what upkeep keeps up is never needed for correctness).
    func upkeepLogged(
        afterPause: Bool, _ failure: Logger.Message, metadata: Logger.Metadata = [:], _ work: () throws -> Void
    ) {
        do {
            try upkeep(afterPause: afterPause, work)
        } catch {
            logger.error(failure, metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }
}

/// Runs upkeep; with `idle`, under the idle scheduling policy (Linux `SCHED_IDLE`, for the calling thread,
/// restored after): should requests arrive meanwhile, their threads take the CPU at once and
/// the upkeep goes on only in the time they leave. (A nice value is not enough: a nice thread that holds a core
/// keeps it for its time slice, a few milliseconds, while a request waits.) Upkeep forced by a bound runs at the
/// normal priority, so that it cannot starve.
private func runUpkeep<T>(idle: Bool, _ work: () throws -> T) rethrows -> T {
    #if os(Linux)
    guard idle else { return try work() }
    // A thread's policy is its own: `sched_setscheduler` with the thread's ID, read from /proc/thread-self (a link
    // to `<pid>/task/<tid>`; Glibc's module exports neither `gettid` nor `syscall`).
    var link = [CChar](repeating: 0, count: 64)
    let length = readlink("/proc/thread-self", &link, link.count - 1)
    if length > 0,
        let thread = pid_t(String(decoding: link[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .split(separator: "/").last ?? "")
    {
        let policy = sched_getscheduler(thread)
        var previous = sched_param()
        var idle = sched_param()
        if policy >= 0, sched_getparam(thread, &previous) == 0, sched_setscheduler(thread, schedIdle, &idle) == 0 {
            defer { _ = sched_setscheduler(thread, policy, &previous) }
            return try work()
        }
    }
    #endif
    return try work()
}

/// `SCHED_IDLE` (<bits/sched.h>), which Glibc's module leaves out.
private let schedIdle: Int32 = 5
