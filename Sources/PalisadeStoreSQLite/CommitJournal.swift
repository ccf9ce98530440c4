import Dispatch
import Foundation
import GRDB
import Logging
import PalisadeCore
import PalisadeStore
import Synchronization

/// Makes commits durable by appending them to a journal file beside the database, and copies them into the
/// database's tables (the change log, the audit trail and its alert outbox) later, many per transaction,
/// rendering then the CloudTrail records of drafted calls (``AuditDraft``).
///
/// A SQLite transaction per commit, however small, rewrites the last page of every table and index it touches
/// (the change log, the audit trail, its two indexes, `store_meta`): measured with the native load client, it was
/// 40 % of a CreateSecurityGroup's server CPU and 20 % of a 5-rule AuthorizeSecurityGroupIngress's. Here a commit
/// is one `write` of one frame (``JournalFormat``), plus `fdatasync` with ``SQLitePolicyStorage/Durability/full``;
/// once writes pause (``QuietPeriod``), or ``busyEntries`` commits or ``busyBytes`` wait, the waiting commits go
/// into the tables in transactions of up to ``entriesPerTransaction``, which also store the last entry's sequence
/// number (`store_meta.journal_sequence`), and the file is emptied once nothing waits. A copy that waited for a
/// pause yields to writes (``QuietPeriod/upkeep(afterPause:_:)``); should twice the bound wait, or the file reach
/// four times ``busyBytes``, the appending writer copies before it returns, which bounds memory and the file.
///
/// Whatever reads those tables first copies every waiting commit (``flush()``): loading, the change feed, audit
/// lookups, and the alert outbox when a waiting event has deliveries. Opening the database copies what an earlier
/// process left in the file (entries past `journal_sequence`; a frame cut off by a crash was never acknowledged
/// and is dropped). One storage appends: the first to lock the file; any other one on the same database (another
/// process, or a test reopening it) only reads the file and copies from it, and its commits fail.
final class CommitJournal: Sendable {
    private struct State {
        /// Journaled, not yet in the tables; the oldest first.
        var pending: [JournalEntry] = []
        var pendingBytes = 0
        var pendingDeliveries = 0
        var nextSequence: Int64 = 1
        /// The newest revision journaled (or stored).
        var lastRevision: Int64 = 0
        var fileSize = 0
        /// Why appending is impossible from now on (a failed append could not be undone).
        var broken: String?
    }

    /// Waiting commits that start copying at once, though writes go on.
    let busyEntries: Int
    let busyBytes: Int
    let entriesPerTransaction: Int
    /// Commits per transaction of a copy after a pause, which stops between transactions once writes resume.
    let entriesPerPausedTransaction: Int
    let path: String
    /// Whether this storage holds the file's lock, and so appends and empties it.
    let owner: Bool

    private let descriptor: Int32
    private let syncEachAppend: Bool
    private let database: DatabasePool
    private let logLimit: Int64
    private let quiet: QuietPeriod
    private let copied: @Sendable (_ events: Int) -> Void
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "palisade.sqlite.journal", qos: .utility)
    private let background: ScheduledUpkeep
    private let logger = Logger(label: "palisade.sqlite")

    /// Opens (creating) the journal at `path` and copies into `database` whatever an earlier process left in it.
    /// - Parameter copied: Called after each transaction that stored audit events, with their number.
    init(
        path: String, database: DatabasePool, syncEachAppend: Bool, logLimit: Int64, quiet: QuietPeriod,
        busyEntries: Int = 2_048, busyBytes: Int = 16 << 20, entriesPerTransaction: Int = 512,
        copied: @escaping @Sendable (Int) -> Void
    ) throws {
        self.path = path
        self.database = database
        self.syncEachAppend = syncEachAppend
        self.logLimit = logLimit
        self.quiet = quiet
        self.busyEntries = busyEntries
        self.busyBytes = busyBytes
        self.entriesPerTransaction = entriesPerTransaction
        entriesPerPausedTransaction = min(32, entriesPerTransaction)
        self.copied = copied
        background = ScheduledUpkeep(quiet: quiet, queue: queue, failure: Self.copyFailed)
        descriptor = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StorageFileError(path: path, errno: errno) }
        owner = flock(descriptor, LOCK_EX | LOCK_NB) == 0
        do {
            try copyFromFile()
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit { close(descriptor) }

    /// The change logs of the revisions after `revision` when every one of them still waits here, so that a
    /// change feed (an agent following each write) reads them from memory instead of forcing a copy per write;
    /// `nil` when some are in the tables already (or this storage does not own the journal).
    func waitingLogs(after revision: Int64) -> [JournalEntry.Revision]? {
        guard owner else { return nil }
        return state.withLock { state in
            if revision >= state.lastRevision { return [] }
            let logs = state.pending.flatMap(\.revisions).drop { $0.revision <= revision }
            guard logs.first?.revision == revision + 1 else { return nil }
            return Array(logs)
        }
    }

    /// The newest revision the tables hold: the one before the first waiting here, or the last journaled.
    var storedRevision: Int64 {
        state.withLock { state in
            state.pending.lazy.compactMap { $0.revisions.first?.revision }.first.map { $0 - 1 } ?? state.lastRevision
        }
    }

    /// Whether a waiting commit holds alert deliveries (which the outbox's readers must see).
    var hasPendingDeliveries: Bool { state.withLock { $0.pendingDeliveries > 0 } }

    /// Appends one commit (revisions that must follow the last one journaled, and audit events); durable on return.
    func append(_ revisions: [JournalEntry.Revision], events: [AuditDraft]) throws {
        let copy = try state.withLock { state throws -> Copy in
            guard owner else {
                throw StorageError.backend(JournalLocked(path: path))
            }
            if let broken = state.broken { throw StorageError.corrupt(broken) }
            if let first = revisions.first, first.revision != state.lastRevision + 1 {
                throw StorageError.conflict(expected: first.revision - 1, found: state.lastRevision)
            }
            var entry = JournalEntry(sequence: state.nextSequence, revisions: revisions, events: events)
            let frame = JournalFormat.frame(entry)
            entry.frameBytes = frame.count
            if let failure = write(frame) {
                // Nothing was acknowledged: take back whatever part of the frame reached the file.
                if ftruncate(descriptor, off_t(state.fileSize)) != 0 {
                    state.broken = "\(path) could not be restored after a failed write (\(failure)); restart the server"
                }
                throw StorageError.backend(failure)
            }
            quiet.noteWrite()
            state.fileSize += frame.count
            state.nextSequence += 1
            if let last = revisions.last { state.lastRevision = last.revision }
            state.pending.append(entry)
            state.pendingBytes += frame.count
            state.pendingDeliveries += entry.deliveries
            // The file is emptied only once nothing waits, which a copy racing a steady stream of commits may
            // not see for long: past four times the bound in bytes, the writer copies (no other commit is
            // appended meanwhile: one writer commits at a time), and the file is emptied.
            if state.pending.count >= 2 * busyEntries || state.pendingBytes >= 2 * busyBytes
                || state.fileSize >= 4 * busyBytes
            {
                return .here
            }
            return .inBackground(now: state.pending.count >= busyEntries || state.pendingBytes >= busyBytes)
        }
        switch copy {
        case .here:
            // The background copy is falling behind: this writer copies (its commit is
            // durable already; a failure is the background's to retry).
            quiet.upkeepLogged(afterPause: false, Self.copyFailed) { try flush() }
        case .inBackground(let now):
            // A failed copy leaves the commits journaled and waiting: the next copy (or a restart) tries again;
            // readers that flush see the error.
            background.ask(now: now) { [self] turn in try copyPending(turn) }
        }
    }

    private enum Copy {
        /// On the journal's queue: at once, or once writes pause.
        case inBackground(now: Bool)
        /// By the appending writer, before it returns.
        case here
    }

    private func write(_ frame: [UInt8]) -> StorageFileError? {
        let failure: Int32? = frame.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure { return StorageFileError(path: path, errno: failure) }
        if syncEachAppend, fdatasync(descriptor) != 0 { return StorageFileError(path: path, errno: errno) }
        return nil
    }

    /// Copies every waiting commit into the tables now (on the caller's thread, after any copy under way). A storage
    /// that does not own the file reads it again first, for what the owner appended since.
    func flush() throws {
        _ = try flush(.toTheEnd)
    }

    /// ``flush()`` as a step of another upkeep's `turn`: returns false if it stopped because writes resumed.
    func flush(_ turn: UpkeepTurn) throws -> Bool {
        try queue.sync {
            guard owner else {
                try copyFromFile()
                return true
            }
            return try copyPending(turn)
        }
    }

    private static let copyFailed: Logger.Message = "copying journaled commits into the database failed"

    /// Copies the waiting commits, ``entriesPerTransaction`` at a time, and empties the file once none waits;
    /// returns whether it did. After a pause, it copies ``entriesPerPausedTransaction`` at a time and stops when
    /// writes resume (rendering the audit records, a transaction of 512 commits took about 100 ms, one of 64 up to
    /// 25 ms once writes had moved it to the idle priority).
    private func copyPending(_ turn: UpkeepTurn) throws -> Bool {
        let limit = turn.afterPause ? entriesPerPausedTransaction : entriesPerTransaction
        while true {
            if turn.shouldYield { return false }
            var batch = state.withLock { Array($0.pending.prefix(limit)) }
            guard !batch.isEmpty else { return true }
            batch.removeLast(batch.count - (try copy(batch, turn)))
            state.withLock { state in
                state.pending.removeFirst(batch.count)
                state.pendingBytes -= batch.reduce(0) { $0 + $1.frameBytes }
                state.pendingDeliveries -= batch.reduce(0) { $0 + $1.deliveries }
                if state.pending.isEmpty {
                    // Under the lock, so no append lands between the copy and this. Should it fail, the file keeps
                    // entries the tables already hold, which copying skips by their sequence numbers.
                    if ftruncate(descriptor, 0) == 0 { state.fileSize = 0 }
                }
            }
        }
    }

    /// Reads the file and copies its entries that the tables lack; the owner then empties it (dropping a torn
    /// last frame with the rest).
    private func copyFromFile() throws {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var offset: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw StorageFileError(path: path, errno: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
            offset += off_t(count)
        }
        let (entries, validBytes) = JournalFormat.entries(in: bytes)
        // Only the owner's view is final: another storage may read a frame the owner is writing.
        if owner, validBytes < bytes.count {
            logger.warning(
                "the commit journal ends with bytes that are not a whole entry (a write cut off by a crash, never acknowledged); ignored",
                metadata: ["path": "\(path)", "bytes": "\(bytes.count - validBytes)"])
        }
        var start = 0
        while start < entries.count {
            let batch = Array(entries[start..<min(entries.count, start + entriesPerTransaction)])
            start += try copy(batch, .toTheEnd)
        }
        let (revision, sequence) = try database.read { db in
            (try StoreMeta.value("revision", db) ?? 0, try StoreMeta.value("journal_sequence", db) ?? 0)
        }
        try state.withLock { state in
            state.lastRevision = revision
            state.nextSequence = max(sequence, entries.last?.sequence ?? 0) + 1
            if owner {
                guard ftruncate(descriptor, 0) == 0 else { throw StorageFileError(path: path, errno: errno) }
                state.fileSize = 0
            }
        }
    }

    /// Stores journaled commits in one transaction, skipping those stored before (by sequence number), and reports
    /// the events stored to `copied`. Returns how many it stored: the first ones, fewer than all when `turn` should
    /// yield while their audit records are rendered (before the transaction, one commit at a time: rendering is
    /// most of a copy's time, and a turn after a pause stops within one commit's worth once writes resume).
    private func copy(_ entries: [JournalEntry], _ turn: UpkeepTurn) throws -> Int {
        var rendering: [[AuditEntry]] = []
        for entry in entries {
            if !rendering.isEmpty && turn.shouldYield { break }
            rendering.append(entry.events.map { $0.make() })
        }
        let rendered = rendering
        let entries = entries.prefix(rendered.count)
        guard let last = entries.last else { return 0 }
        let events = try database.write { db -> Int in
            let stored = try StoreMeta.value("journal_sequence", db) ?? 0
            guard last.sequence > stored else { return 0 }
            var events = 0
            var revision = try StoreMeta.value("revision", db) ?? 0
            let first = revision
            for (index, entry) in entries.enumerated() where entry.sequence > stored {
                for committed in entry.revisions {
                    guard committed.revision == revision + 1 else {
                        throw StorageError.conflict(expected: committed.revision - 1, found: revision)
                    }
                    // Cached statements: parsing the SQL again for every row costs more than executing it.
                    try db.cachedStatement(sql: "INSERT INTO changes (revision, time_ms, body) VALUES (?, ?, ?)")
                        .execute(arguments: [committed.revision, committed.timeMilliseconds, committed.log])
                    revision = committed.revision
                }
                // Drafted calls were rendered above, off the requests' path.
                try SQLitePolicyStorage.insert(rendered[index], db)
                events += entry.events.count
            }
            try StoreMeta.set("journal_sequence", last.sequence, db)
            if revision != first {
                try StoreMeta.set("revision", revision, db)
                if revision / 1000 != first / 1000 {
                    // The log keeps `logLimit` revisions for change feeds, and every revision after the image
                    // loading starts from.
                    try db.execute(
                        sql: "DELETE FROM changes WHERE revision <= ?",
                        arguments: [min(revision - logLimit, StoreMeta.imageRevision(db))])
                }
            }
            return events
        }
        if events > 0 { copied(events) }
        return entries.count
    }
}

/// Another storage on the same database holds the journal's lock.
struct JournalLocked: Error, CustomStringConvertible {
    var path: String
    var description: String {
        "\(path) is locked by another storage on the same database (another palisade process?): this one only reads"
    }
}
