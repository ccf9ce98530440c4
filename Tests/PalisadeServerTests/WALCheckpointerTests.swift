import Foundation
import GRDB
import PalisadeCore
import PalisadeStore
@testable import PalisadeStoreSQLite
import Testing

/// The WAL is copied back into the database off the write path, and stays bounded under a stream of writes.
struct WALCheckpointerTests {
    static let scope = Scope(accountId: "123456789012", region: "us-east-1")

    static func size(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    /// Writes `count` groups through a store on `path` whose checkpoints follow `checkpointer`; returns the
    /// largest size the WAL reached after a write, and the store (closing it would checkpoint the log).
    static func writeGroups(_ count: Int, path: String, checkpointer: WALCheckpointer) async throws -> (Int, PolicyStore) {
        let storage = try SQLitePolicyStorage(path: path, durability: .normal, logLimit: 10_000, checkpointer: checkpointer)
        let store = try PolicyStore(storage: storage, clock: { Timestamp(millisecondsSince1970: 0) })
        var largestLog = 0
        for index in 0..<count {
            _ = try await store.write { state throws(PolicyError) in
                state.ensureScope(scope)
                return try state.createSecurityGroup(
                    scope: scope, groupName: "g\(index)", description: String(repeating: "d", count: 200), vpcId: nil,
                    tags: [Tag(key: "Index", value: "\(index)")])
            }
            largestLog = max(largestLog, size(path + "-wal"))
        }
        return (largestLog, store)
    }

    static func groupNames(_ path: String) throws -> Int {
        let reopened = try PolicyStore(storage: SQLitePolicyStorage(path: path), clock: { Timestamp(millisecondsSince1970: 0) })
        return reopened.read { state in
            state.groupIds(in: scope).compactMap { state.securityGroups[$0]?.groupName }.filter { $0.hasPrefix("g") }.count
        }
    }

    /// With the background copy out of the way (its threshold never reached), the backstop alone bounds the log.
    @Test func backstopBoundsTheLog() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let backstop: Int32 = 200
        let (largestLog, _) = try await Self.writeGroups(
            300, path: path, checkpointer: WALCheckpointer(path: path, pagesPerCheckpoint: 1_000_000, backstopPages: backstop))
        // One frame is a 4 KiB page plus a 24-byte header; one commit adds a few dozen frames at most.
        #expect(largestLog <= (Int(backstop) + 100) * (4096 + 24), "the WAL grew to \(largestLog) bytes")
        #expect(try Self.groupNames(path) == 300)
    }

    /// The background copy runs without any write waiting for it: the database file comes to hold every page
    /// while the log never reaches the (unreachable) backstop.
    @Test func backgroundCheckpointCopiesTheLog() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        // At the normal priority: under the idle policy the copy would wait for the other tests to leave a core.
        let checkpointer = WALCheckpointer(
            path: path, pagesPerCheckpoint: 10, backstopPages: 1_000_000, quiet: QuietPeriod(idlePriority: false))
        // The store stays open: closing its last connection would checkpoint the log by itself.
        let (_, store) = try await Self.writeGroups(300, path: path, checkpointer: checkpointer)
        // The journal's commits reach the tables (and the log) once writes pause; this reads them now.
        _ = try store.audit.auditEvents(AuditQuery(accountId: Self.scope.accountId))
        let pages = try await DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        // Migrations alone make a dozen pages; 300 groups' change log well over twice that.
        #expect(pages > 25)
        // The copy runs on its own queue; give it time on a busy machine.
        var waited = 0
        while Self.size(path) < pages * 4096 && waited < 10_000 {
            try await Task.sleep(for: .milliseconds(20))
            waited += 20
        }
        #expect(Self.size(path) >= pages * 4096, "the database file holds \(Self.size(path)) of \(pages * 4096) bytes")
        #expect(store.revision > 0)
        #expect(try Self.groupNames(path) == 300)
    }
}
