import Foundation
import PalisadeCore
import PalisadeStore
@testable import PalisadeStoreSQLite
import Testing

/// The WAL is copied back into the database off the write path, and stays bounded under a stream of writes.
struct WALCheckpointerTests {
    @Test func logStaysBoundedAndEveryWriteSurvives() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { for suffix in ["", "-wal", "-shm", ".key"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let scope = Scope(accountId: "123456789012", region: "us-east-1")
        let backstop: Int32 = 200
        let groupCount = 300
        do {
            // Small thresholds, so that a few hundred writes cross both many times.
            let storage = try SQLitePolicyStorage(
                path: path, durability: .normal, logLimit: 10_000,
                checkpointer: WALCheckpointer(path: path, pagesPerCheckpoint: 40, backstopPages: backstop))
            let store = try PolicyStore(storage: storage, clock: { Timestamp(millisecondsSince1970: 0) })
            var largestLog = 0
            for index in 0..<groupCount {
                _ = try await store.write { state throws(PolicyError) in
                    state.ensureScope(scope)
                    return try state.createSecurityGroup(
                        scope: scope, groupName: "g\(index)", description: String(repeating: "d", count: 200), vpcId: nil,
                        tags: [Tag(key: "Index", value: "\(index)")])
                }
                let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
                largestLog = max(largestLog, log)
            }
            // One frame is a 4 KiB page plus a 24-byte header; a commit adds a few dozen frames at most.
            #expect(largestLog <= (Int(backstop) + 100) * (4096 + 24), "the WAL grew to \(largestLog) bytes")
            let database = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            #expect(database > 100 * 4096, "nothing was copied back into the database file (\(database) bytes)")
        }
        let reopened = try PolicyStore(storage: SQLitePolicyStorage(path: path), clock: { Timestamp(millisecondsSince1970: 0) })
        let names = reopened.read { state in
            state.groupIds(in: scope).compactMap { state.securityGroups[$0]?.groupName }.filter { $0.hasPrefix("g") }
        }
        #expect(names.count == groupCount)
    }
}
