import Dispatch
import GRDB
import GRDBSQLite
import Logging
import Synchronization

/// Copies the write-ahead log back into the database file on a connection and thread of its own.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, and every write queued
/// behind that commit waits for it (30–40 ms at 8,000 pages). This replaces it through the WAL hook, which
/// SQLite calls after each commit with the number of frames in the log: once ``pagesPerCheckpoint`` frames
/// were added since the last checkpoint, a passive checkpoint starts on another connection, which needs no
/// writer lock, so writes go on while it copies.
///
/// The log restarts from its beginning only when a write finds every frame copied. At a light load the
/// background copy finishes between two writes and the log restarts at its usual size; under a steady stream of
/// writes it is always a little behind, and the log would grow without end, so at ``backstopPages`` the
/// committing connection copies the remainder itself (little, since the background copy keeps up), after which
/// the next write restarts the log. (A restarting checkpoint after each passive one bounds the log too, but holds
/// writers back for about 20 ms while it syncs: measured, and dropped.) The background copy waits for writes to
/// pause (``quiet``) until three times ``pagesPerCheckpoint`` frames are waiting.
///
/// The storage shares ``quiet`` with its other background upkeep.
final class WALCheckpointer: Sendable {
    /// Frames added since the last checkpoint that start the next one. Large, so that hot pages (the ends of
    /// the change log and the audit trail, which every write touches) are copied once per checkpoint instead
    /// of many times.
    let pagesPerCheckpoint: Int32
    let backstopPages: Int32
    /// When writes pause; the storage notes its commits here.
    let quiet: QuietPeriod

    private let path: String
    private let connection = Mutex<DatabaseQueue?>(nil)
    /// Frames of the current log already copied into the database.
    private let copied = Atomic<Int32>(0)
    private let background: ScheduledUpkeep

    init(path: String, pagesPerCheckpoint: Int32 = 8_000, backstopPages: Int32 = 40_000, quiet: QuietPeriod = QuietPeriod()) {
        self.path = path
        self.quiet = quiet
        self.pagesPerCheckpoint = pagesPerCheckpoint
        self.backstopPages = backstopPages
        background = ScheduledUpkeep(
            quiet: quiet, queue: DispatchQueue(label: "palisade.sqlite.checkpoint", qos: .utility),
            failure: "copying the WAL into the database failed")
    }

    /// Installs the hook on a connection (on every connection of the pool; only the writer commits).
    func install(on db: Database) {
        let hook: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 = {
            context, connection, name, frames in
            guard let context else { return SQLITE_OK }
            Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue()
                .committed(frames: frames, connection: connection, name: name)
            return SQLITE_OK
        }
        // Unretained: the storage owns both this and the pool, and nothing commits once it is gone.
        sqlite3_wal_hook(db.sqliteConnection, hook, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Called on the writer after each commit, with the frames now in the log.
    private func committed(frames: Int32, connection: OpaquePointer?, name: UnsafePointer<CChar>?) {
        var copiedFrames = copied.load(ordering: .acquiring)
        if frames < copiedFrames {
            // The log restarted from its beginning.
            copiedFrames = 0
            copied.store(0, ordering: .releasing)
        }
        if frames >= backstopPages {
            var log: Int32 = 0
            var checkpointed: Int32 = 0
            if sqlite3_wal_checkpoint_v2(connection, name, SQLITE_CHECKPOINT_PASSIVE, &log, &checkpointed) == SQLITE_OK {
                copied.store(checkpointed, ordering: .releasing)
            }
        } else if frames - copiedFrames >= 3 * pagesPerCheckpoint {
            start(now: true)
        } else if frames - copiedFrames >= pagesPerCheckpoint {
            start(now: false)
        }
    }

    /// Copies now, or once writes pause (a copy started meanwhile by a larger backlog makes it cheap).
    private func start(now: Bool) {
        background.ask(now: now) { [self] _ in
            checkpoint()
            return true
        }
    }

    private func checkpoint() {
        // Passive: copies what no reader still needs and never blocks the writer; a failure (busy) leaves the
        // frames for the next round.
        let result = try? connection.withLock { connection in
            if connection == nil {
                var configuration = Configuration()
                configuration.busyMode = .timeout(10)
                configuration.label = "checkpointer"
                connection = try DatabaseQueue(path: path, configuration: configuration)
            }
            return try connection?.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
        if let result, result.checkpointedFrameCount >= 0 {
            copied.store(Int32(clamping: result.checkpointedFrameCount), ordering: .releasing)
        }
    }
}
