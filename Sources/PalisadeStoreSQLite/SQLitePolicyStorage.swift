import Foundation
import GRDB
import PalisadeJSON
public import PalisadeCore
public import PalisadeStore

/// Stores records in SQLite (WAL) through GRDB: one row per record, and a bounded log of each revision's changes.
///
/// An acknowledged write is in the WAL before the server answers, so it survives `kill -9` of the server;
/// with ``Durability/full`` every commit is also fsynced, so it survives power loss.
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
    private let logLimit: Int64
    private let encoder: JSONEncoder
    private let decoder = JSONDecoder()

    /// Opens (creating if needed) the database at `path` and migrates its schema.
    public convenience init(path: String, durability: Durability = .normal, logLimit: Int64 = 10_000) throws {
        try self.init(path: path, durability: durability, logLimit: logLimit, checkpointer: WALCheckpointer(path: path))
    }

    init(path: String, durability: Durability, logLimit: Int64, checkpointer: WALCheckpointer) throws {
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
        self.checkpointer = checkpointer
        self.logLimit = logLimit
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try SQLitePolicyStorage.migrator.migrate(database)
    }

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
        return migrator
    }

    /// The JSON Codable synthesises for `case delete(PolicyRecordKey, Scope)`, written directly: deleting a
    /// group deletes each of its rules, and JSONEncoder's per-call setup dominated that path.
    public static func deletionJSON(_ key: PolicyRecordKey, _ scope: Scope) -> String {
        func quoted(_ text: String) -> String {
            var out = ""
            JSONValue.writeString(text, to: &out)
            return out
        }
        return "{\"delete\":{\"_0\":{\"id\":\(quoted(key.id)),\"kind\":\(quoted(key.kind.rawValue))},"
            + "\"_1\":{\"accountId\":\(quoted(scope.accountId)),\"region\":\(quoted(scope.region))}}}"
    }

    private static func uniqueKey(_ record: PolicyRecord) -> String? {
        switch record {
        case .securityGroup(let group): "\(group.vpcId)|\(group.groupName.lowercased())"
        case .securityGroupRule(let rule): "\(rule.groupId)|\(rule.key.text)"
        default: nil
        }
    }

    public func load() throws -> StoredImage {
        try database.read { db in
            let revision = try Int64.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = 'revision'") ?? 0
            var records: [PolicyRecord] = []
            for row in try Row.fetchAll(db, sql: "SELECT kind, id, body FROM records") {
                let body: Data = row["body"]
                do {
                    records.append(try decoder.decode(PolicyRecord.self, from: body))
                } catch {
                    throw StorageError.corrupt("record \(row["kind"] as String):\(row["id"] as String): \(error)")
                }
            }
            return StoredImage(records: records, revision: revision)
        }
    }

    public func commit(_ batch: [CommittedChanges], events: [AuditEntry]) throws {
        guard let first = batch.first else {
            if !events.isEmpty {
                try database.write { db in try SQLitePolicyStorage.insert(events, db) }
            }
            return
        }
        // Each record is encoded once and used twice: as its row and inside the revision's change log.
        var rows: [(revision: Int64, time: Timestamp, changes: [(PolicyChange, Data?)], log: Data)] = []
        for committed in batch {
            var changes: [(PolicyChange, Data?)] = []
            var log = Data("[".utf8)
            for (index, change) in committed.changes.enumerated() {
                if index > 0 { log.append(contentsOf: Array(",".utf8)) }
                switch change {
                case .put(let record):
                    let body = try RecordJSON.encode(record) ?? encoder.encode(record)
                    changes.append((change, body))
                    // The shape Codable synthesises for `case put(PolicyRecord)`.
                    log.append(contentsOf: Array("{\"put\":{\"_0\":".utf8))
                    log.append(body)
                    log.append(contentsOf: Array("}}".utf8))
                case .delete(let key, let scope):
                    changes.append((change, nil))
                    log.append(contentsOf: Array(SQLitePolicyStorage.deletionJSON(key, scope).utf8))
                }
            }
            log.append(contentsOf: Array("]".utf8))
            rows.append((committed.revision, committed.time, changes, log))
        }
        try database.write { db in
            let current = try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM store_meta WHERE key = 'revision'")) ?? 0
            guard current == first.revision - 1 else {
                throw StorageError.conflict(expected: first.revision - 1, found: current)
            }
            for row in rows {
                for (change, body) in row.changes {
                    switch change {
                    case .put(let record):
                        let scope = record.scope
                        // Cached statements: parsing the SQL again for every record costs more than executing it.
                        try db.cachedStatement(sql: """
                            INSERT INTO records (kind, id, account_id, region, unique_key, body) VALUES (?, ?, ?, ?, ?, ?)
                            ON CONFLICT (kind, id) DO UPDATE SET
                                account_id = excluded.account_id, region = excluded.region,
                                unique_key = excluded.unique_key, body = excluded.body
                            """).execute(arguments: [
                                record.key.kind.rawValue, record.key.id, scope.accountId, scope.region,
                                SQLitePolicyStorage.uniqueKey(record), body,
                            ])
                    case .delete(let key, _):
                        try db.cachedStatement(sql: "DELETE FROM records WHERE kind = ? AND id = ?")
                            .execute(arguments: [key.kind.rawValue, key.id])
                    }
                }
                try db.cachedStatement(sql: "INSERT INTO changes (revision, time_ms, body) VALUES (?, ?, ?)")
                    .execute(arguments: [row.revision, row.time.millisecondsSince1970, row.log])
            }
            try SQLitePolicyStorage.insert(events, db)
            let last = rows[rows.count - 1].revision
            try db.cachedStatement(sql: "UPDATE store_meta SET value = ? WHERE key = 'revision'").execute(arguments: [last])
            if last / 1000 != (first.revision - 1) / 1000 {
                try db.execute(sql: "DELETE FROM changes WHERE revision <= ?", arguments: [last - logLimit])
            }
        }
    }

    public func changes(since revision: Int64) throws -> [CommittedChanges]? {
        try database.read { db in
            let current = try Int64.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = 'revision'") ?? 0
            if revision >= current { return [] }
            let oldest = try Int64.fetchOne(db, sql: "SELECT MIN(revision) FROM changes")
            guard let oldest, oldest <= revision + 1 else { return nil }
            return try Row.fetchAll(
                db, sql: "SELECT revision, time_ms, body FROM changes WHERE revision > ? ORDER BY revision",
                arguments: [revision]
            ).map { row in
                CommittedChanges(
                    revision: row["revision"], time: Timestamp(millisecondsSince1970: row["time_ms"]),
                    changes: try decoder.decode([PolicyChange].self, from: row["body"] as Data))
            }
        }
    }
}
