import Foundation
import GRDB
import PalisadeCore
import PalisadeStore
@testable import PalisadeStoreSQLite
import Testing

/// Commits only append to the change log; records are loaded from the newest snapshot file and the log past it.
struct RecordSnapshotTests {
    static let scope = WALCheckpointerTests.scope

    static func storage(_ path: String, snapshotInterval: Int = 10_000) throws -> SQLitePolicyStorage {
        try SQLitePolicyStorage(
            path: path, durability: .normal, logLimit: 10_000, checkpointer: WALCheckpointer(path: path),
            snapshotInterval: snapshotInterval)
    }

    static func createGroups(_ names: some Sequence<String>, in store: PolicyStore) async throws {
        for name in names {
            _ = try await store.write { state throws(PolicyError) in
                state.ensureScope(scope)
                return try state.createSecurityGroup(
                    scope: scope, groupName: name, description: "d", vpcId: nil, tags: [Tag(key: "Name", value: name)])
            }
        }
    }

    static func groupNames(_ store: PolicyStore) -> Set<String> {
        store.read { state in Set(state.groupIds(in: scope).compactMap { state.securityGroups[$0]?.groupName }) }
    }

    static func meta(_ path: String, _ key: String) throws -> Int64? {
        try DatabaseQueue(path: path).read { db in
            try Int64.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = ?", arguments: [key])
        }
    }

    /// A database as the schema stood before snapshots, filled by `fill`.
    static func makeOlderStore(_ path: String, fill: (Database) throws -> Void) throws {
        let queue = try DatabaseQueue(path: path)
        try SQLitePolicyStorage.migrator.migrate(queue, upTo: "audit")
        try queue.write(fill)
    }

    static func count(_ path: String, _ table: String) throws -> Int? {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") }
    }

    static func snapshotFiles(_ path: String) throws -> [String] {
        let url = URL(fileURLWithPath: path)
        return try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(url.lastPathComponent + "-snapshot-") }.sorted()
    }

    /// Snapshots start on their own once enough was written; a reopened store loads the newest and replays the
    /// log after it; only the newest two files are kept.
    @Test func snapshotsAreTakenAndLoadedWithTheLogAfterThem() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let storage = try Self.storage(path, snapshotInterval: 40)
        let store = try PolicyStore(storage: storage, clock: { Timestamp(millisecondsSince1970: 0) })
        try await Self.createGroups((0..<150).map { "g\($0)" }, in: store)
        // Wait for the background snapshots (two records per group: 300 writes, one snapshot per 40 or more).
        for _ in 0..<200 where try Self.meta(path, "snapshot_revision") ?? 0 == 0 {
            try await Task.sleep(for: .milliseconds(25))
        }
        let automatic = try #require(try Self.meta(path, "snapshot_revision"))
        #expect(automatic > 0)
        // Deletions, folded into the image with the rest by the next snapshot.
        for name in (0..<5).map({ "g\($0)" }) {
            _ = try await store.write { state throws(PolicyError) in
                try state.deleteSecurityGroup(scope: Self.scope, groupId: nil, groupName: name)
            }
        }
        // An explicit snapshot now, then writes the snapshot does not hold.
        try storage.catchUp()
        #expect(try Self.meta(path, "snapshot_revision") == store.revision)
        // Again with nothing new: the snapshot stays as it is.
        try storage.catchUp()
        #expect(try Self.meta(path, "snapshot_revision") == store.revision)
        #expect(FileManager.default.fileExists(atPath: RecordSnapshots.fileName(databasePath: path, revision: store.revision)))
        try await Self.createGroups((150..<160).map { "g\($0)" }, in: store)
        let files = try Self.snapshotFiles(path)
        let newest = "-snapshot-\(try Self.meta(path, "snapshot_revision") ?? 0)"
        #expect(files.count <= 2, "\(files)")
        #expect(files.contains { $0.hasSuffix(newest) })

        let reopened = try PolicyStore(storage: Self.storage(path), clock: { Timestamp(millisecondsSince1970: 0) })
        #expect(reopened.revision == store.revision)
        #expect(Self.groupNames(reopened) == Self.groupNames(store))
        #expect(Self.groupNames(reopened).count == 156)  // 160 - 5, and the default group
        // The snapshot holds what the store held at its revision, record for record.
        let snapshot = try #require(try Self.meta(path, "snapshot_revision"))
        let lines = try RecordSnapshots.read(RecordSnapshots.fileName(databasePath: path, revision: snapshot))
        let records = try lines.map { try JSONDecoder().decode(PolicyRecord.self, from: $0) }
        #expect(records.filter { if case .securityGroup = $0 { true } else { false } }.count == 146)
        #expect(!records.contains { if case .securityGroup(let group) = $0 { group.groupName == "g0" } else { false } })
    }

    /// A snapshot forced by its bound while writes go on holds only what the tables hold: it does not copy the
    /// journal (which waits for a pause or its own bound); once the tables catch up, the next one goes that far,
    /// and a clean stop takes the one still due.
    @Test func aForcedSnapshotTakesWhatTheTablesHold() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        // No pause within the test: only bounds start upkeep.
        let storage = try SQLitePolicyStorage(
            path: path, durability: .normal, logLimit: 10_000,
            checkpointer: WALCheckpointer(path: path, quiet: QuietPeriod(milliseconds: 3_600_000)), snapshotInterval: 40)
        let store = try PolicyStore(storage: storage, clock: { Timestamp(millisecondsSince1970: 0) })
        try await Self.createGroups((0..<100).map { "g\($0)" }, in: store)
        try await Task.sleep(for: .milliseconds(200))
        #expect(try Self.meta(path, "revision") ?? 0 == 0)  // nothing copied into the tables yet
        #expect(try Self.meta(path, "snapshot_revision") ?? 0 == 0)
        try storage.flushJournal()
        let copied = try #require(try Self.meta(path, "revision"))
        #expect(copied == store.revision)
        try await Self.createGroups((100..<160).map { "g\($0)" }, in: store)
        for _ in 0..<200 where try Self.meta(path, "snapshot_revision") ?? 0 == 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try Self.meta(path, "snapshot_revision") == copied)
        #expect(try Self.meta(path, "revision") == copied)  // the snapshot copied nothing more
        // A clean stop copies the journal and takes the snapshot still due.
        try storage.stop()
        #expect(try Self.meta(path, "snapshot_revision") == store.revision)
        let reopened = try PolicyStore(storage: Self.storage(path), clock: { Timestamp(millisecondsSince1970: 0) })
        #expect(Self.groupNames(reopened) == Self.groupNames(store))
        #expect(reopened.revision == store.revision)
    }

    /// A store made before snapshots keeps its records in the `records` table: it loads from there and the log
    /// after it, and the first snapshot supersedes the table.
    @Test func recordsTableOfAnOlderStoreIsLoadedThenSuperseded() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let group = SecurityGroup(groupId: "sg-0123456789abcdef0", scope: Self.scope, vpcId: "vpc-0123456789abcdef0",
                                  groupName: "old", description: "from before")
        try Self.makeOlderStore(path) { db in
            try db.execute(
                sql: "INSERT INTO records (kind, id, account_id, region, unique_key, body) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [PolicyRecordKey.Kind.securityGroup.rawValue, group.groupId, Self.scope.accountId, Self.scope.region,
                            "\(group.vpcId)|old", try JSONEncoder().encode(PolicyRecord.securityGroup(group))])
            try db.execute(sql: "UPDATE store_meta SET value = 7 WHERE key = 'revision'")
        }
        let storage = try Self.storage(path)
        let store = try PolicyStore(storage: storage, clock: { Timestamp(millisecondsSince1970: 0) })
        #expect(store.revision == 7)
        #expect(Self.groupNames(store) == ["old"])
        #expect(try Self.meta(path, "records_revision") == 7)
        try await Self.createGroups(["new"], in: store)
        let names = Self.groupNames(store)
        #expect(names.isSuperset(of: ["old", "new"]))
        // Before any snapshot: the table, then the log after revision 7.
        #expect(Self.groupNames(try PolicyStore(storage: Self.storage(path), clock: { Timestamp(millisecondsSince1970: 0) })) == names)
        try storage.catchUp()
        #expect(try Self.count(path, "records") == 0)
        #expect(Self.groupNames(try PolicyStore(storage: Self.storage(path), clock: { Timestamp(millisecondsSince1970: 0) })) == names)
    }

    /// A snapshot file that is named by the store but unreadable is reported, not taken for an empty store.
    @Test func missingSnapshotIsAnError() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let storage = try Self.storage(path)
        let store = try PolicyStore(storage: storage, clock: { Timestamp(millisecondsSince1970: 0) })
        try await Self.createGroups(["a"], in: store)
        try storage.catchUp()
        let snapshot = try #require(try Self.meta(path, "snapshot_revision"))
        try FileManager.default.removeItem(atPath: RecordSnapshots.fileName(databasePath: path, revision: snapshot))
        #expect(throws: StorageFileError.self) { try Self.storage(path).load() }
    }

    /// A snapshot that cannot be written loses nothing: the store goes on from the log, and a restart loads it.
    @Test func failedSnapshotLeavesTheLogInCharge() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let storage = try Self.storage(path)
        let store = try PolicyStore(storage: storage, clock: { Timestamp(millisecondsSince1970: 0) })
        try await Self.createGroups(["a", "b"], in: store)
        // A directory where the snapshot's temporary file would go.
        let blocked = RecordSnapshots.fileName(databasePath: path, revision: store.revision) + ".tmp"
        try FileManager.default.createDirectory(atPath: blocked, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: blocked) }
        #expect(throws: StorageFileError.self) { try storage.catchUp() }
        #expect(try Self.meta(path, "snapshot_revision") == 0)
        try await Self.createGroups(["c"], in: store)
        let reopened = try PolicyStore(storage: Self.storage(path), clock: { Timestamp(millisecondsSince1970: 0) })
        #expect(Self.groupNames(reopened).isSuperset(of: ["a", "b", "c"]))
        #expect(reopened.revision == store.revision)
    }

    /// Lookups by resource name find events whether or not the background index has reached them yet.
    @Test func resourceLookupsSeeEventsBeforeAndAfterIndexing() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let storage = try Self.storage(path)
        let events = (1...3).map { index in
            AuditEntry(
                eventId: "event-\(index)", time: Timestamp(millisecondsSince1970: 1_700_000_000_000 + Int64(index)),
                accountId: Self.scope.accountId, region: Self.scope.region, eventName: "CreateSecurityGroup",
                eventSource: "ec2.amazonaws.com", accessKeyId: nil, userName: nil, readOnly: false, errorCode: nil,
                resources: [AuditResource(resourceType: "AWS::EC2::SecurityGroup", resourceName: index == 2 ? "sg-1234" : "sg-123")],
                record: "{}")
        }
        try storage.commit([], events: Array(events.prefix(2)))
        try storage.catchUp()
        try storage.commit([], events: [events[2]])
        #expect(try Self.meta(path, "resources_indexed_sequence") == 2)
        func lookup(_ name: String) throws -> [String] {
            try storage.auditEvents(AuditQuery(accountId: nil, attribute: (.resourceName, name), limit: 50)).map(\.entry.eventId)
        }
        // One indexed, one not yet; a name that is a prefix of another does not match it.
        #expect(try lookup("sg-123") == ["event-3", "event-1"])
        #expect(try lookup("sg-1234") == ["event-2"])
        try storage.catchUp()
        #expect(try Self.meta(path, "resources_indexed_sequence") == 3)
        #expect(try lookup("sg-123") == ["event-3", "event-1"])
    }
}
