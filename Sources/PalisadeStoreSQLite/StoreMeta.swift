import GRDB

/// `store_meta`: the store's counters and marks, one integer per key (`revision`, `snapshot_revision`,
/// `records_revision`, `resources_indexed_sequence`, `credentials_version`).
enum StoreMeta {
    static func value(_ key: String, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM store_meta WHERE key = ?"), arguments: [key])
    }

    static func set(_ key: String, _ value: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE store_meta SET value = ? WHERE key = ?").execute(arguments: [value, key])
    }

    /// The revision of the image that loading starts from: the newest snapshot's, or, before the first snapshot,
    /// that of the records table of a store made before snapshots (`records_revision`). The change log must
    /// keep every revision after it.
    static func imageRevision(_ db: Database) throws -> Int64 {
        let snapshot = try value("snapshot_revision", db) ?? 0
        if snapshot > 0 { return snapshot }
        return try value("records_revision", db) ?? value("revision", db) ?? 0
    }
}
