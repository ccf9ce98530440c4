import Dispatch
import Foundation
import GRDB
import Logging
import PalisadeCore
import Synchronization

/// Keeps every record's stored JSON in memory, in step with the change log, and now and then writes all of
/// them to a snapshot file beside the database; loading reads the newest snapshot and replays the log past it.
/// A commit only hands over its record writes: they are folded into the image on the snapshot thread, when
/// a snapshot is next considered (a group's delete spent 4 % of its CPU updating the image's dictionary).
///
/// The change log is what makes a write durable. A table of records, updated by each commit as well, cost
/// two to three pages per record changed (its row and its unique-key entry, at random places of their
/// B-trees): measured, about half of an AuthorizeSecurityGroupIngress's storage time, and no cheaper when
/// applied later in batches, since random pages are not shared. A snapshot is written sequentially, on a
/// thread of its own, once the record writes since the last one number half the image (and at least
/// ``minimumInterval``) and writes pause (``QuietPeriod``), or at once at twice that: it costs at most two
/// records' bytes per record written, and loading replays at most about the image's size from the log.
///
/// A snapshot file is `<database>-snapshot-<revision>`, one record's JSON per line, and counts once
/// `store_meta.snapshot_revision` names it (set in the same transaction that makes it count). Until the first
/// one, the image is the `records` table of stores made before snapshots, at `records_revision`.
final class RecordSnapshots: Sendable {
    /// Every record's JSON at a revision.
    struct Image: Sendable {
        var bodies: [PolicyRecordKey: Data] = [:]
        var revision: Int64 = 0
    }

    private struct State {
        /// The record writes of the revisions committed since the image was last brought up to date, in order:
        /// folding them into the image is the snapshot thread's work, not the committing request's.
        var unfolded: [(revision: Int64, writes: [(PolicyRecordKey, Data?)])] = []
        /// The last revision applied.
        var revision: Int64 = 0
        /// Records in the image when it was last brought up to date (what sizes the interval between snapshots).
        var records = 0
        /// Record writes since the image of the last snapshot taken (or of the image loading started from).
        var writesSinceSnapshot = 0
        /// The revision of the last snapshot this storage wrote.
        var snapshotRevision: Int64 = 0

        /// Counts the last snapshot taken as covering every write folded: those still unfolded count toward
        /// the next one.
        mutating func snapshotTaken() {
            writesSinceSnapshot = unfolded.reduce(0) { $0 + $1.writes.count }
        }

        /// Whether a snapshot is due: `nil` if not, else whether at once (`true`) or once writes pause.
        func due(minimumInterval: Int) -> Bool? {
            let interval = max(minimumInterval, records / 2)
            guard writesSinceSnapshot >= interval else { return nil }
            return writesSinceSnapshot >= 2 * interval
        }
    }

    /// Fewest record writes between two snapshots.
    let minimumInterval: Int
    private let databasePath: String
    private let database: DatabasePool
    private let state = Mutex(State())
    /// Every record's JSON, as of the writes folded in so far: changed on the queue only (and when loading).
    private let image = Mutex(Image())
    private let queue = DispatchQueue(label: "palisade.sqlite.snapshot", qos: .utility)
    private let background: ScheduledUpkeep
    private let tablesRevision: @Sendable (UpkeepTurn) throws -> Int64?
    private let logger = Logger(label: "palisade.sqlite")

    /// - Parameter tablesRevision: The newest revision the tables hold, as a step of a snapshot's turn (which may
    ///   copy more into them first): a snapshot holds no later revision. `nil` if it stopped because writes
    ///   resumed, and the snapshot waits.
    init(
        databasePath: String, database: DatabasePool, quiet: QuietPeriod, minimumInterval: Int = 10_000,
        tablesRevision: @escaping @Sendable (UpkeepTurn) throws -> Int64? = { _ in .max }
    ) {
        self.databasePath = databasePath
        self.database = database
        background = ScheduledUpkeep(quiet: quiet, queue: queue, failure: "writing a snapshot of the records failed")
        self.minimumInterval = minimumInterval
        self.tablesRevision = tablesRevision
    }

    static func fileName(databasePath: String, revision: Int64) -> String {
        "\(databasePath)-snapshot-\(revision)"
    }

    /// Replaces the image (after loading), with the record writes loading replayed from the log.
    func reset(_ image: Image, replayedWrites: Int) {
        queue.sync {
            self.image.withLock { $0 = image }
        }
        let due = state.withLock { state in
            state.unfolded = []
            state.revision = image.revision
            state.records = image.bodies.count
            state.writesSinceSnapshot = replayedWrites
            return state.due(minimumInterval: minimumInterval)
        }
        // As upkeep after a pause: loading is not a burst of requests (no write has happened, so it starts at once).
        if due != nil { background.ask(now: false) { [self] turn in snapshotIfDue(turn) } }
    }

    /// Takes in committed revisions (in order), to fold into the image later; starts a snapshot when one is due.
    func apply(_ revisions: [(revision: Int64, writes: [(PolicyRecordKey, Data?)])]) {
        let due = state.withLock { state in
            for (revision, writes) in revisions {
                state.unfolded.append((revision, writes))
                state.revision = revision
                state.writesSinceSnapshot += writes.count
            }
            return state.due(minimumInterval: minimumInterval)
        }
        if let now = due { background.ask(now: now) { [self] turn in snapshotIfDue(turn) } }
    }

    /// Writes a snapshot now if one is due, on the caller's thread, of what the tables hold (a clean stop, after
    /// copying the journal).
    func snapshotIfDueNow() {
        queue.sync { _ = snapshotIfDue(.toTheEnd) }
    }

    /// Writes a snapshot of the current image now, on the caller's thread (tests).
    func snapshotNow() throws {
        try queue.sync {
            // On the queue, after any snapshot already started; counted as the last one taken.
            guard let through = try tablesRevision(.toTheEnd) else { return }
            _ = try store(foldedImage(through: through), .toTheEnd)
            state.withLock { $0.snapshotTaken() }
        }
    }

    /// On the queue: writes a snapshot if one is still due (one written since the ask may have covered it), of the
    /// revisions the tables hold; returns false if it stopped because writes resumed (the writes stay counted, and
    /// it is asked for again).
    private func snapshotIfDue(_ turn: UpkeepTurn) -> Bool {
        guard state.withLock({ $0.due(minimumInterval: minimumInterval) }) != nil else { return true }
        do {
            guard let through = try tablesRevision(turn) else { return false }
            let image = foldedImage(through: through)
            let (lagging, taken) = state.withLock { (image.revision < $0.revision, $0.snapshotRevision) }
            // Forced while the tables lag, the snapshot holds less than was committed: the rest once writes pause
            // (when it copies the journal first).
            if !turn.afterPause, lagging {
                background.ask(now: false) { [self] turn in snapshotIfDue(turn) }
            }
            // It may have nothing new to hold: asked again by the next commits, it then costs a look at the lock,
            // not at the database.
            guard image.revision > taken else { return true }
            guard try store(image, turn) else { return false }
            state.withLock { $0.snapshotRevision = image.revision }
        } catch {
            // Nothing is lost (the log holds every revision since the last snapshot), but the log keeps growing
            // and a restart replays more of it. The next due commit tries again.
            logger.error("writing a snapshot of the records failed", metadata: ["error": "\(error)"])
        }
        // Counted as taken; writes committed meanwhile, or not yet in the tables, count toward the next one.
        state.withLock { $0.snapshotTaken() }
        return true
    }

    /// On the queue: folds the writes taken in of revisions up to `through` into the image and returns it (a copy:
    /// the dictionary's storage is shared until the next fold changes it, which on this same queue comes after the
    /// copy is gone).
    private func foldedImage(through: Int64) -> Image {
        let (writes, revision) = state.withLock { state in
            let count = state.unfolded.prefix { $0.revision <= through }.count
            defer { state.unfolded.removeFirst(count) }
            // Every revision since the image's is in `unfolded` (those without writes too), so the image is then
            // at `through`, or at the last revision applied if that is older.
            return (state.unfolded.prefix(count), min(through, state.revision))
        }
        let folded = image.withLock { image in
            for (_, revisionWrites) in writes {
                for (key, body) in revisionWrites { image.bodies[key] = body }
            }
            image.revision = max(image.revision, revision)
            return image
        }
        state.withLock { $0.records = folded.bodies.count }
        return folded
    }

    /// Writes the file, makes it count, and removes snapshots older than the one it replaces (that one stays
    /// for a storage on the same file that may be reading it right now). Returns false, having written nothing,
    /// if `turn` should yield before the file is written.
    private func store(_ image: Image, _ turn: UpkeepTurn) throws -> Bool {
        let stored = try database.read { db in
            try StoreMeta.value("snapshot_revision", db) ?? 0
        }
        // Nothing new since the last snapshot (its file has this very name).
        guard image.revision > stored else { return true }
        let path = RecordSnapshots.fileName(databasePath: databasePath, revision: image.revision)
        var data = Data()
        data.reserveCapacity(image.bodies.values.reduce(0) { $0 + $1.count + 1 })
        for (index, body) in image.bodies.values.enumerated() {
            if index % 1_024 == 0, turn.shouldYield { return false }
            data.append(body)
            data.append(0x0A)
        }
        if turn.shouldYield { return false }
        try RecordSnapshots.writeDurably(data, to: path)
        let replaced = try database.write { db -> Int64? in
            let current = try StoreMeta.value("snapshot_revision", db) ?? 0
            // Another storage on the same file may have gone as far or further meanwhile.
            guard image.revision > current else { return nil }
            try StoreMeta.set("snapshot_revision", image.revision, db)
            // The records table of an older store is superseded by the first snapshot.
            if current == 0 { try db.execute(sql: "DELETE FROM records") }
            return current
        }
        guard let replaced else {
            // Unless the other storage stored this same revision (and so this same file name), the file is unused.
            let current = try database.read { db in
                try StoreMeta.value("snapshot_revision", db) ?? 0
            }
            if current != image.revision { try? FileManager.default.removeItem(atPath: path) }
            return true
        }
        removeSnapshots(before: replaced)
        return true
    }

    private func removeSnapshots(before revision: Int64) {
        let url = URL(fileURLWithPath: databasePath)
        let directory = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + "-snapshot-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(prefix) {
            let suffix = name.dropFirst(prefix.count)
            if let old = Int64(suffix.hasSuffix(".tmp") ? suffix.dropLast(4) : suffix), old < revision {
                try? FileManager.default.removeItem(atPath: directory + "/" + name)
            }
        }
    }

    /// Writes `data` to a temporary file, syncs it and renames it into place, so that a snapshot file is whole.
    static func writeDurably(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StorageFileError(path: temporary, errno: errno) }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        guard failure == 0 else {
            unlink(temporary)
            throw StorageFileError(path: temporary, errno: failure)
        }
        guard rename(temporary, path) == 0 else {
            let error = errno
            unlink(temporary)
            throw StorageFileError(path: path, errno: error)
        }
    }

    /// Reads a snapshot file: each line one record's JSON.
    static func read(_ path: String) throws -> [Data] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StorageFileError(path: path, errno: ENOENT)
        }
        return data.split(separator: 0x0A, omittingEmptySubsequences: true).map { Data($0) }
    }
}

/// A snapshot file that could not be written or read.
struct StorageFileError: Error, CustomStringConvertible {
    var path: String
    var errno: Int32
    var description: String { "\(path): \(String(cString: strerror(errno)))" }
}
