import Crypto
import Foundation
import GRDB
import PalisadeCore
public import PalisadeStore

/// Accounts and access keys in the tables `accounts` and `access_keys` of the policy database.
///
/// Secrets are sealed with AES-GCM (the access key ID as associated data) under a 256-bit server key kept
/// in `<db>.key` (mode 0600, created on first use) next to the database, so a copy of the database alone
/// reveals no secret. Every change bumps `store_meta.credentials_version` in the same transaction, which a
/// running server polls to see keys created or deleted by `palisade accounts` / `palisade keys`.
///
/// ```swift
/// let credentials = try SQLiteCredentialStore(path: "palisade.sqlite")
/// for key in try credentials.accessKeys() { … }
/// ```
public final class SQLiteCredentialStore: CredentialStore {
    private let database: DatabasePool
    /// The server key's bytes (`SymmetricKey` is not `Sendable`).
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// Opens (creating and migrating if needed) the database at `path` and its key file `<path>.key`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        database = try DatabasePool(path: path, configuration: configuration)
        try SQLitePolicyStorage.migrator.migrate(database)
        keyBytes = try SQLiteCredentialStore.serverKey(at: path + ".key").withUnsafeBytes { Array($0) }
    }

    /// Reads the server key, or creates it (exclusively, so two processes starting at once agree on one key).
    static func serverKey(at path: String) throws -> SymmetricKey {
        if let data = FileManager.default.contents(atPath: path) {
            guard data.count == 32 else { throw CredentialStoreError(.corrupt, path) }
            return SymmetricKey(data: data)
        }
        let fresh = SymmetricKey(size: .bits256)
        let bytes = fresh.withUnsafeBytes { Array($0) }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            if errno == EEXIST {
                // Another process won the race; wait for its write to land.
                for _ in 0..<50 {
                    if let data = FileManager.default.contents(atPath: path), data.count == 32 {
                        return SymmetricKey(data: data)
                    }
                    usleep(20_000)
                }
                throw CredentialStoreError(.corrupt, path)
            }
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return fresh
    }

    public func version() throws -> Int64 {
        try database.read { db in
            try StoreMeta.value("credentials_version", db) ?? 0
        }
    }

    public func accounts() throws -> [StoredAccount] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT account_id, name, created_ms FROM accounts ORDER BY created_ms, account_id")
                .map { row in
                    StoredAccount(
                        accountId: row["account_id"], name: row["name"],
                        created: Timestamp(millisecondsSince1970: row["created_ms"]))
                }
        }
    }

    public func accessKeys() throws -> [StoredAccessKey] {
        let rows = try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT access_key_id, account_id, sealed_secret, created_ms FROM access_keys ORDER BY access_key_id")
        }
        return try rows.map { row in
            let id: String = row["access_key_id"]
            return StoredAccessKey(
                accessKeyId: id, accountId: row["account_id"], secretAccessKey: try unseal(row["sealed_secret"], id: id),
                created: Timestamp(millisecondsSince1970: row["created_ms"]))
        }
    }

    public func createAccount(_ account: StoredAccount) throws {
        try database.write { db in
            let taken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM accounts WHERE account_id = ? OR name = ?)",
                arguments: [account.accountId, account.name]) ?? false
            if taken { throw CredentialStoreError(.duplicateAccount, account.name) }
            try db.execute(
                sql: "INSERT INTO accounts (account_id, name, created_ms) VALUES (?, ?, ?)",
                arguments: [account.accountId, account.name, account.created.millisecondsSince1970])
            try bumpVersion(db)
        }
    }

    public func addAccessKey(_ key: StoredAccessKey) throws {
        let sealed = try seal(key.secretAccessKey, id: key.accessKeyId)
        try database.write { db in
            let account = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM accounts WHERE account_id = ?)", arguments: [key.accountId]) ?? false
            if !account { throw CredentialStoreError(.unknownAccount, key.accountId) }
            let taken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM access_keys WHERE access_key_id = ?)", arguments: [key.accessKeyId])
                ?? false
            if taken { throw CredentialStoreError(.duplicateAccessKey, key.accessKeyId) }
            try db.execute(
                sql: "INSERT INTO access_keys (access_key_id, account_id, sealed_secret, created_ms) VALUES (?, ?, ?, ?)",
                arguments: [key.accessKeyId, key.accountId, sealed, key.created.millisecondsSince1970])
            try bumpVersion(db)
        }
    }

    @discardableResult public func deleteAccessKey(_ accessKeyId: String) throws -> Bool {
        try database.write { db in
            try db.execute(sql: "DELETE FROM access_keys WHERE access_key_id = ?", arguments: [accessKeyId])
            guard db.changesCount > 0 else { return false }
            try bumpVersion(db)
            return true
        }
    }

    private func bumpVersion(_ db: Database) throws {
        try db.execute(sql: "UPDATE store_meta SET value = value + 1 WHERE key = 'credentials_version'")
    }

    private func seal(_ secret: String, id: String) throws -> Data {
        guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key, authenticating: Data(id.utf8)).combined
        else { throw CredentialStoreError(.corrupt, id) }
        return combined
    }

    private func unseal(_ sealed: Data, id: String) throws -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return String(decoding: try AES.GCM.open(box, using: key, authenticating: Data(id.utf8)), as: UTF8.self)
        } catch {
            throw CredentialStoreError(.corrupt, id)
        }
    }
}
