import Foundation
import GRDB
import PalisadeJSON
public import PalisadeCore
public import PalisadeStore

/// Stores records in SQLite (WAL) through GRDB: a log of each revision's changes, and snapshot files of every record.
///
/// A commit is appended to a journal file (``CommitJournal``) and later copied, with others, to the ends of
/// the change log and the audit trail; the records themselves are written whole now and then to a snapshot
/// file (``RecordSnapshots``), and loading replays the log past the newest snapshot. An acknowledged write is
/// in the journal before the server answers, so it survives `kill -9` of the server; with ``Durability/full``
/// every commit is also fsynced, so it survives power loss. Memory holds every record's JSON besides the model
/// itself (for the next snapshot), and the journaled commits not yet copied.
public final class SQLitePolicyStorage: PolicyStorage {
    /// How hard a commit waits for the disk.
    public enum Durability: String, Sendable, CaseIterable {
        /// Survives a crash of the process (SQLite `synchronous=NORMAL` in WAL mode).
        case normal
        /// Survives a crash of the machine (`synchronous=FULL`).
        case full
    }

    let database: DatabasePool
    private let checkpointer: WALCheckpointer
    private let databasePath: String
    let snapshots: RecordSnapshots
    let resourceIndexer: AuditResourceIndexer
    let journal: CommitJournal
    private let logLimit: Int64
    private let encoder: JSONEncoder
    private let decoder = JSONDecoder()

    /// Opens (creating if needed) the database at `path` and migrates its schema.
    /// - Parameter snapshotInterval: Fewest record writes between two snapshots of the records (more while
    ///   the store holds over twice as many records).
    public convenience init(
        path: String, durability: Durability = .normal, logLimit: Int64 = 10_000, snapshotInterval: Int = 10_000
    ) throws {
        try self.init(
            path: path, durability: durability, logLimit: logLimit, checkpointer: WALCheckpointer(path: path),
            snapshotInterval: snapshotInterval)
    }

    init(
        path: String, durability: Durability, logLimit: Int64, checkpointer: WALCheckpointer,
        snapshotInterval: Int = 10_000
    ) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            // Pages stay in each connection's cache (32 MB) instead of being read back from the OS. The WAL is
            // copied back into the database by `WALCheckpointer` in the background, every few thousand pages
            // rather than SQLite's 1,000: hot pages (the ends of the change log and the audit trail, which every
            // write touches) are then written out once per checkpoint instead of many times.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            checkpointer.install(on: db)
        }
        configuration.busyMode = .timeout(10)
        database = try DatabasePool(path: path, configuration: configuration)
        try SQLitePolicyStorage.migrator.migrate(database)
        self.checkpointer = checkpointer
        databasePath = path
        let quiet = checkpointer.quiet
        let resourceIndexer = AuditResourceIndexer(database: database, quiet: quiet)
        self.resourceIndexer = resourceIndexer
        let journal = try CommitJournal(
            path: SQLitePolicyStorage.journalPath(databasePath: path), database: database,
            syncEachAppend: durability == .full, logLimit: logLimit, quiet: quiet
        ) { events in resourceIndexer.append(events: events) }
        self.journal = journal
        // A snapshot counts once `store_meta` names it, and the tables must by then hold its revision: a crash
        // of the machine may lose the journal's last writes, never a transaction before one that survives. After
        // a pause, a snapshot copies the journal first (and stops with it if writes resume); one forced by its
        // bound while writes go on takes what the tables hold (copying the whole journal with it, rendering every
        // waiting audit record, took 60 ms of CPU and more from the burst of writes it ran in).
        snapshots = RecordSnapshots(
            databasePath: path, database: database, quiet: quiet, minimumInterval: snapshotInterval,
            tablesRevision: { turn in
                if turn.afterPause, try !journal.flush(turn) { return nil }
                return journal.storedRevision
            })
        self.logLimit = logLimit
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
    }

    /// The commit journal of the database at `databasePath` (not `-journal`, which is SQLite's own name).
    public static func journalPath(databasePath: String) -> String { databasePath + "-commits" }

    /// Append-only schema history. Never edit a shipped migration; add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE store_meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value INTEGER NOT NULL
                );
                INSERT INTO store_meta (key, value) VALUES ('revision', 0);
                -- One row per record. unique_key carries the invariants AWS enforces by name:
                -- one group name per VPC (case-insensitive), one rule per (group, direction, protocol, ports, peer).
                CREATE TABLE records (
                    kind TEXT NOT NULL,
                    id TEXT NOT NULL,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    unique_key TEXT,
                    body BLOB NOT NULL,
                    PRIMARY KEY (kind, id)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX records_unique_key ON records (kind, unique_key) WHERE unique_key IS NOT NULL;
                CREATE TABLE changes (
                    revision INTEGER PRIMARY KEY NOT NULL,
                    time_ms INTEGER NOT NULL,
                    body BLOB NOT NULL
                );
                """)
        }
        // Accounts and access keys (`SQLiteCredentialStore`). Secrets are AES-GCM sealed under `<db>.key`.
        migrator.registerMigration("credentials") { db in
            try db.execute(sql: """
                CREATE TABLE accounts (
                    account_id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL UNIQUE,
                    created_ms INTEGER NOT NULL
                );
                CREATE TABLE access_keys (
                    access_key_id TEXT PRIMARY KEY NOT NULL,
                    account_id TEXT NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
                    sealed_secret BLOB NOT NULL,
                    created_ms INTEGER NOT NULL
                );
                CREATE INDEX access_keys_account ON access_keys (account_id);
                INSERT INTO store_meta (key, value) VALUES ('credentials_version', 0);
                """)
        }
        // The audit log (CloudTrail records) and the alert outbox. Events are append-only: triggers refuse
        // to change or delete them, whatever the caller. Every write adds an event, so the schema keeps the pages
        // a commit touches few: no AUTOINCREMENT (its bookkeeping row), time-ordered event IDs (the ID index
        // grows at its end), resources inline in the event and indexed by name in one WITHOUT ROWID tree, and
        // no time index (time bounds become sequence bounds, see `sequenceBounds`).
        migrator.registerMigration("audit") { db in
            try db.execute(sql: """
                CREATE TABLE audit_events (
                    sequence INTEGER PRIMARY KEY,
                    event_id TEXT NOT NULL,
                    time_ms INTEGER NOT NULL,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    event_name TEXT NOT NULL,
                    event_source TEXT NOT NULL,
                    access_key_id TEXT,
                    user_name TEXT,
                    read_only INTEGER NOT NULL,
                    error_code TEXT,
                    resources TEXT NOT NULL,
                    record TEXT NOT NULL
                );
                CREATE UNIQUE INDEX audit_events_event_id ON audit_events (event_id);
                CREATE INDEX audit_events_account ON audit_events (account_id, sequence);
                CREATE TABLE audit_event_resources (
                    resource_name TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    PRIMARY KEY (resource_name, sequence)
                ) WITHOUT ROWID;
                CREATE TRIGGER audit_events_append_only_update BEFORE UPDATE ON audit_events
                    BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END;
                CREATE TRIGGER audit_events_append_only_delete BEFORE DELETE ON audit_events
                    BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END;
                CREATE TRIGGER audit_event_resources_append_only_update BEFORE UPDATE ON audit_event_resources
                    BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END;
                CREATE TRIGGER audit_event_resources_append_only_delete BEFORE DELETE ON audit_event_resources
                    BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END;
                CREATE TABLE alert_deliveries (
                    id INTEGER PRIMARY KEY,
                    sequence INTEGER NOT NULL,
                    rule_name TEXT NOT NULL,
                    target TEXT NOT NULL,
                    body TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_ms INTEGER NOT NULL,
                    delivered_ms INTEGER,
                    last_error TEXT
                );
                CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_ms) WHERE delivered_ms IS NULL;
                CREATE INDEX alert_deliveries_queue ON alert_deliveries (target, id) WHERE delivered_ms IS NULL;
                """)
        }
        // Commits only append. Records are loaded from the newest snapshot file (`RecordSnapshots`) and the log
        // past it; until the first snapshot, from the records table, complete at `records_revision`. The audit
        // trail's resource index follows in the background (`AuditResourceIndexer`), through
        // `resources_indexed_sequence`; it is complete in a store from before.
        migrator.registerMigration("snapshots") { db in
            try db.execute(sql: """
                INSERT INTO store_meta (key, value) SELECT 'records_revision', value FROM store_meta WHERE key = 'revision';
                INSERT INTO store_meta (key, value) VALUES ('snapshot_revision', 0);
                INSERT INTO store_meta (key, value) SELECT 'resources_indexed_sequence', COALESCE(MAX(sequence), 0) FROM audit_events;
                """)
        }
        // Commits are journaled first and copied into the tables later (`CommitJournal`); `journal_sequence` is
        // the last journal entry the tables hold.
        migrator.registerMigration("journal") { db in
            try db.execute(sql: "INSERT INTO store_meta (key, value) VALUES ('journal_sequence', 0)")
        }
        return migrator
    }

    /// The JSON Codable synthesises for `case delete(PolicyRecordKey, Scope)`, written directly: deleting a
    /// group deletes each of its rules, and JSONEncoder's per-call setup dominated that path.
    public static func deletionJSON(_ key: PolicyRecordKey, _ scope: Scope) -> String {
        var bytes: [UInt8] = []
        appendDeletionJSON(key, scope, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendDeletionJSON(_ key: PolicyRecordKey, _ scope: Scope, to bytes: inout [UInt8]) {
        bytes += #"{"delete":{"_0":{"id":"#.utf8
        JSONValue.writeString(key.id, to: &bytes)
        bytes += #","kind":"#.utf8
        JSONValue.writeString(key.kind.rawValue, to: &bytes)
        bytes += #"},"_1":{"accountId":"#.utf8
        JSONValue.writeString(scope.accountId, to: &bytes)
        bytes += #","region":"#.utf8
        JSONValue.writeString(scope.region, to: &bytes)
        bytes += "}}}".utf8
    }

    /// The newest snapshot (or the records table of a store from before), with the revisions after it
    /// replayed from the log.
    public func load() throws -> StoredImage {
        try journal.flush()
        let (image, bodies, replayed) = try database.read { db -> (StoredImage, [PolicyRecordKey: Data], Int) in
            let revision = try StoreMeta.value("revision", db) ?? 0
            let snapshot = try StoreMeta.value("snapshot_revision", db) ?? 0
            let base = try StoreMeta.imageRevision(db)
            var records: [PolicyRecordKey: PolicyRecord] = [:]
            var bodies: [PolicyRecordKey: Data] = [:]
            var replayed = 0
            func add(_ body: Data, _ source: @autoclosure () -> String) throws {
                do {
                    let record = try decoder.decode(PolicyRecord.self, from: body)
                    records[record.key] = record
                    bodies[record.key] = body
                } catch {
                    throw StorageError.corrupt("\(source()): \(error)")
                }
            }
            if snapshot > 0 {
                let path = RecordSnapshots.fileName(databasePath: databasePath, revision: snapshot)
                for (line, body) in try RecordSnapshots.read(path).enumerated() { try add(body, "\(path):\(line + 1)") }
            } else {
                for row in try Row.fetchAll(db, sql: "SELECT kind, id, body FROM records") {
                    try add(row["body"], "record \(row["kind"] as String):\(row["id"] as String)")
                }
            }
            if base < revision {
                let log = try changes(since: base, db)
                guard log.map(\.revision) == Array(base + 1...revision) else {
                    throw StorageError.corrupt("the change log lacks revisions between \(base) and \(revision)")
                }
                for committed in log {
                    replayed += committed.changes.count
                    for change in committed.changes {
                        switch change {
                        case .put(let record):
                            records[record.key] = record
                            bodies[record.key] = try recordJSON(record)
                        case .delete(let key, _):
                            records[key] = nil
                            bodies[key] = nil
                        }
                    }
                }
            }
            return (StoredImage(records: Array(records.values), revision: revision), bodies, replayed)
        }
        snapshots.reset(RecordSnapshots.Image(bodies: bodies, revision: image.revision), replayedWrites: replayed)
        resourceIndexer.resume()
        return image
    }

    /// A record as stored: in the change log and in snapshots.
    private func recordJSON(_ record: PolicyRecord) throws -> Data {
        try RecordJSON.encode(record) ?? encoder.encode(record)
    }

    public func commit(_ batch: [CommittedChanges], events: [AuditEntry]) throws {
        try commit(batch, drafts: events.map(AuditDraft.made))
    }

    /// Journals drafted calls as they are: their records are rendered when the journal is copied.
    public func commit(_ batch: [CommittedChanges], drafts events: [AuditDraft]) throws {
        // Each record is encoded once and used twice: inside the revision's change log, and in the snapshot image.
        var logs: [JournalEntry.Revision] = []
        var revisions: [(revision: Int64, writes: [(PolicyRecordKey, Data?)])] = []
        for committed in batch {
            var writes: [(PolicyRecordKey, Data?)] = []
            var log: [UInt8] = [UInt8(ascii: "[")]
            for (index, change) in committed.changes.enumerated() {
                if index > 0 { log.append(UInt8(ascii: ",")) }
                switch change {
                case .put(let record):
                    let body = try recordJSON(record)
                    writes.append((record.key, body))
                    // The shape Codable synthesises for `case put(PolicyRecord)`.
                    log += #"{"put":{"_0":"#.utf8
                    log += body
                    log += "}}".utf8
                case .delete(let key, let scope):
                    writes.append((key, nil))
                    SQLitePolicyStorage.appendDeletionJSON(key, scope, to: &log)
                }
            }
            log.append(UInt8(ascii: "]"))
            logs.append(.init(revision: committed.revision, timeMilliseconds: committed.time.millisecondsSince1970, log: Data(log)))
            revisions.append((committed.revision, writes))
        }
        guard !logs.isEmpty || !events.isEmpty else { return }
        try journal.append(logs, events: events)
        snapshots.apply(revisions)
    }

    /// Whether this storage holds the commit journal's lock, and so may commit (another storage on the same
    /// database, in this process or another, only reads).
    public var ownsJournal: Bool { journal.owner }

    /// Copies the journaled commits into the tables now, instead of once writes pause.
    public func flushJournal() throws {
        try journal.flush()
    }

    /// A clean stop: copies the journaled commits into the tables, and writes a snapshot of the records if one
    /// is due (so that the next start replays less).
    public func stop() throws {
        try journal.flush()
        snapshots.snapshotIfDueNow()
    }

    /// Copies the journaled commits into the tables, writes a snapshot of the records and brings the audit
    /// trail's resource index up to date now, instead of in the background.
    public func catchUp() throws {
        try journal.flush()
        try snapshots.snapshotNow()
        try resourceIndexer.catchUp()
    }

    public func changes(since revision: Int64) throws -> [CommittedChanges]? {
        if let waiting = journal.waitingLogs(after: revision) {
            return try waiting.map { try committedChanges($0.revision, $0.timeMilliseconds, $0.log) }
        }
        try journal.flush()
        return try database.read { db in
            let current = try StoreMeta.value("revision", db) ?? 0
            if revision >= current { return [] }
            let oldest = try Int64.fetchOne(db, sql: "SELECT MIN(revision) FROM changes")
            guard let oldest, oldest <= revision + 1 else { return nil }
            return try changes(since: revision, db)
        }
    }

    private func changes(since revision: Int64, _ db: Database) throws -> [CommittedChanges] {
        try Row.fetchAll(
            db, sql: "SELECT revision, time_ms, body FROM changes WHERE revision > ? ORDER BY revision", arguments: [revision]
        ).map { row in try committedChanges(row["revision"], row["time_ms"], row["body"]) }
    }

    /// A revision as the change log stores it (its changes a JSON array), read back.
    private func committedChanges(_ revision: Int64, _ timeMilliseconds: Int64, _ log: Data) throws -> CommittedChanges {
        CommittedChanges(
            revision: revision, time: Timestamp(millisecondsSince1970: timeMilliseconds),
            changes: try decoder.decode([PolicyChange].self, from: log))
    }
}
