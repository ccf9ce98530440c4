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
/// larger batches. What waited for a pause yields to writes only: it runs at the normal priority, sharing the
/// cores with reads, until the next commit, which moves it to the idle priority (``upkeep(afterPause:_:)``) and
/// makes it stop at its next step (``UpkeepTurn/shouldYield``), the rest waiting for the next pause.
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

    /// Whether a commit happened after `uptimeNanoseconds` (`DispatchTime`).
    func wroteSince(_ uptimeNanoseconds: UInt64) -> Bool {
        lastWrite.load(ordering: .relaxed) > uptimeNanoseconds
    }

    /// Called after each commit of a write (by the ``CommitJournal``), before it schedules its own copy.
    func noteWrite() {
        lastWrite.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed)
        // One atomic load per commit; the demotion itself happens once per upkeep run.
        if upkeepAtNormalPriority.load(ordering: .relaxed) { demoteUpkeep() }
    }

    /// Whether some upkeep that waited for a pause runs at the normal priority now (no commit since it started).
    private let upkeepAtNormalPriority = Atomic<Bool>(false)
    /// The threads of such upkeep while it runs (several kinds can run at once, each on its queue), each with
    /// whether a commit moved it to the idle policy; under a lock so that a commit cannot demote a thread whose
    /// upkeep has ended (it goes back to other work).
    private let upkeepThreads = Mutex<[Int32: Bool]>([:])

    private func demoteUpkeep() {
        #if os(Linux)
        upkeepThreads.withLock { running in
            for (thread, demoted) in running where !demoted {
                var idle = sched_param()
                running[thread] = sched_setscheduler(thread, schedIdle, &idle) == 0
            }
            upkeepAtNormalPriority.store(false, ordering: .relaxed)
        }
        #endif
    }

    /// Runs `work` on `queue` once no commit has happened for ``duration``.
    func afterQuiet(on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) {
        queue.async { [self] in runWhenQuiet(on: queue, work) }
    }

    /// On `queue`: runs `work` if no commit happened for ``duration``, else looks again when that much has passed
    /// since the last one. Checked on the queue, right before `work` would start: an ask queued behind a run of
    /// the same upkeep started, unchecked, the moment that run stopped because writes resumed.
    private func runWhenQuiet(on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) {
        let quietAt = lastWrite.load(ordering: .relaxed) &+ nanoseconds
        if DispatchTime.now().uptimeNanoseconds >= quietAt {
            work()
        } else {
            queue.asyncAfter(deadline: DispatchTime(uptimeNanoseconds: quietAt)) { [self] in runWhenQuiet(on: queue, work) }
        }
    }

    /// Runs upkeep. Upkeep that waited for writes to pause (`afterPause`) yields to writes, not to reads: it runs
    /// at the normal priority until the next commit, which moves its thread to the idle scheduling policy (Linux
    /// `SCHED_IDLE`) for the rest of the run; the thread gets its policy back after. Writes then take the core at
    /// once and the upkeep goes on only in the time they leave. (Idle from the start, it starved under a read-only
    /// load that kept both cores busy, and the next burst of writes paid for it; a nice value is not enough: a
    /// nice thread that holds a core keeps it for its time slice, a few milliseconds, while a request waits.)
    /// Upkeep forced by a bound always runs at the normal priority, so that it cannot starve.
    func upkeep<T>(afterPause: Bool, _ work: () throws -> T) rethrows -> T {
        #if os(Linux)
        guard afterPause && idlePriority, let thread = currentThreadID() else { return try work() }
        let policy = sched_getscheduler(thread)
        var previous = sched_param()
        guard policy >= 0, sched_getparam(thread, &previous) == 0 else { return try work() }
        upkeepThreads.withLock { running in
            running[thread] = false
            upkeepAtNormalPriority.store(true, ordering: .relaxed)
        }
        defer {
            upkeepThreads.withLock { running in
                if running.removeValue(forKey: thread) == true { _ = sched_setscheduler(thread, policy, &previous) }
                upkeepAtNormalPriority.store(running.values.contains(false), ordering: .relaxed)
            }
        }
        #endif
        return try work()
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

#if os(Linux)
/// The calling thread's ID, read from /proc/thread-self (a link to `<pid>/task/<tid>`; Glibc's module exports
/// neither `gettid` nor `syscall`): a thread's scheduling policy is its own.
private func currentThreadID() -> pid_t? {
    var link = [CChar](repeating: 0, count: 64)
    let length = readlink("/proc/thread-self", &link, link.count - 1)
    guard length > 0 else { return nil }
    return pid_t(String(decoding: link[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        .split(separator: "/").last ?? "")
}
#endif

/// `SCHED_IDLE` (<bits/sched.h>), which Glibc's module leaves out.
private let schedIdle: Int32 = 5

/// One run of a ``ScheduledUpkeep``'s work: whether to stop between steps and leave the rest for later.
struct UpkeepTurn: Sendable {
    /// For a run that waited for writes to pause: the commits it watches for, and when it started.
    private let quiet: QuietPeriod?
    private let started: UInt64

    /// The run waited for writes to pause (one forced by a bound, or asked for by a caller, goes to the end).
    var afterPause: Bool { quiet != nil }

    /// A run that starts now, after a pause of `quiet`'s writes.
    static func afterPause(of quiet: QuietPeriod) -> UpkeepTurn {
        UpkeepTurn(quiet: quiet, started: DispatchTime.now().uptimeNanoseconds)
    }

    /// A run to the end: forced by a bound, or for callers that need the work done now.
    static let toTheEnd = UpkeepTurn(quiet: nil, started: 0)

    /// Writes resumed since a run that waited for a pause started: it should stop at its next step, and the rest
    /// waits for the next pause. (Moved to the idle scheduling policy, it still took a quarter of the CPU of the
    /// burst of writes that followed, filling every gap between requests, and stalled requests for a few
    /// milliseconds at a time; with the work left in steps of a few milliseconds, a burst pays for one step.)
    var shouldYield: Bool { quiet?.wroteSince(started) ?? false }
}

/// One kind of upkeep on its own serial queue, asked for by commit after commit: it runs at once when its bound
/// forces it, or once writes pause (``QuietPeriod/afterQuiet(on:_:)``), and asks made while a run is queued or
/// waiting join that run. A run after a pause stops when writes resume (``UpkeepTurn/shouldYield``) and waits for
/// the next pause. A failure is logged; the next ask tries again.
final class ScheduledUpkeep: Sendable {
    private let quiet: QuietPeriod
    private let queue: DispatchQueue
    private let failure: Logger.Message
    /// A run is queued to start at once / waits for writes to pause.
    private let asked = Mutex<(now: Bool, afterPause: Bool)>((false, false))

    init(quiet: QuietPeriod, queue: DispatchQueue, failure: Logger.Message) {
        self.quiet = quiet
        self.queue = queue
        self.failure = failure
    }

    /// Asks for a run of `work` (the same work at every ask): at once (`now`, a bound was passed), or once writes
    /// pause. `work` returns whether it finished; one that stopped because its turn should yield is asked for again
    /// after the next pause.
    func ask(now: Bool, _ work: @escaping @Sendable (UpkeepTurn) throws -> Bool) {
        let schedule = asked.withLock { asked -> Bool in
            // A run queued at once covers everything asked before it starts; one waiting for a pause may still go.
            if asked.now || (!now && asked.afterPause) { return false }
            if now { asked.now = true } else { asked.afterPause = true }
            return true
        }
        guard schedule else { return }
        if now {
            queue.async { [self] in
                asked.withLock { $0.now = false }
                quiet.upkeepLogged(afterPause: false, failure) { _ = try work(.toTheEnd) }
            }
        } else {
            quiet.afterQuiet(on: queue) { [self] in
                asked.withLock { $0.afterPause = false }
                var finished = true
                quiet.upkeepLogged(afterPause: true, failure) {
                    finished = try work(.afterPause(of: quiet))
                }
                if !finished { ask(now: false, work) }
            }
        }
    }
}
