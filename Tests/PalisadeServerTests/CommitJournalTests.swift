import Foundation
import GRDB
import Logging
import PalisadeAudit
import PalisadeCore
@testable import PalisadeServer
import PalisadeStore
@testable import PalisadeStoreSQLite
import Synchronization
import Testing

/// Commits are appended to the journal and copied into the tables later; nothing acknowledged is lost on the way,
/// and nothing is copied twice.
struct CommitJournalTests {
    static let scope = WALCheckpointerTests.scope

    /// A storage whose upkeep waits for an hour without writes: copies happen only when something asks for them.
    static func storage(_ path: String) throws -> SQLitePolicyStorage {
        try SQLitePolicyStorage(
            path: path, durability: .normal, logLimit: 10_000,
            checkpointer: WALCheckpointer(path: path, quiet: QuietPeriod(milliseconds: 3_600_000)))
    }

    static func store(_ storage: SQLitePolicyStorage) throws -> PolicyStore {
        try PolicyStore(storage: storage, clock: { Timestamp(millisecondsSince1970: 0) })
    }

    static func count(_ path: String, _ table: String) throws -> Int {
        try RecordSnapshotTests.count(path, table) ?? -1
    }

    static func journalBytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: SQLitePolicyStorage.journalPath(databasePath: path))))
    }

    /// The database's files named by `suffixes`, copied: what a crash at this moment would leave.
    static func copyFiles(of path: String, to copy: String, _ suffixes: [String]) throws {
        for suffix in suffixes { try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix) }
    }

    static func event(_ name: String) -> AuditEntry {
        AuditEntry(
            eventId: UUID().uuidString.lowercased(), time: Timestamp(millisecondsSince1970: 1_000), accountId: scope.accountId,
            region: scope.region, eventName: name, eventSource: "ec2.amazonaws.com", accessKeyId: "AKIAEXAMPLE",
            userName: nil, readOnly: false, errorCode: "Client.InvalidGroup.NotFound",
            resources: [AuditResource(resourceType: "AWS::EC2::SecurityGroup", resourceName: "sg-0123456789abcdef0")],
            record: #"{"eventName":"\#(name)","note":"caf\#u{e9} \n"}"#,
            deliveries: [AlertDelivery(ruleName: "rule", target: "http://127.0.0.1:9/", body: "{}")])
    }

    /// A commit lands in the journal file, not the tables; a reader that needs the tables (here LookupEvents)
    /// copies it, after which the file is empty and `journal_sequence` names the last entry copied.
    @Test func commitsAreJournaledAndCopiedWhenRead() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let storage = try Self.storage(path)
        let store = try Self.store(storage)
        try await RecordSnapshotTests.createGroups(["a", "b", "c"], in: store)
        #expect(try Self.count(path, "changes") == 0)
        #expect(try RecordSnapshotTests.meta(path, "revision") == 0)
        #expect(try !Self.journalBytes(path).isEmpty)

        _ = try storage.auditEvents(AuditQuery(accountId: Self.scope.accountId))
        #expect(try Self.count(path, "changes") == Int(store.revision))
        #expect(try RecordSnapshotTests.meta(path, "revision") == store.revision)
        #expect(try RecordSnapshotTests.meta(path, "journal_sequence") ?? 0 > 0)
        #expect(try Self.journalBytes(path).isEmpty)
    }

    /// A change feed that asks only for revisions still waiting in the journal reads them from memory (an agent
    /// following each write would otherwise force a copy per write): nothing is copied, and it returns what the
    /// tables give once they hold the revisions.
    @Test func theChangeFeedReadsWaitingCommitsWithoutCopying() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let storage = try Self.storage(path)
        let store = try Self.store(storage)
        try await RecordSnapshotTests.createGroups(["a", "b"], in: store)
        let fromMemory = try #require(try storage.changes(since: 0))
        #expect(fromMemory.map(\.revision) == Array(1...store.revision))
        #expect(try Self.count(path, "changes") == 0)
        #expect(try storage.changes(since: store.revision) == [])
        try storage.flushJournal()
        #expect(try storage.changes(since: 0) == fromMemory)
        // Part in the tables, part waiting: read after a copy.
        try await RecordSnapshotTests.createGroups(["c"], in: store)
        #expect(try storage.changes(since: 0)?.map(\.revision) == Array(1...store.revision))
        #expect(try Self.count(path, "changes") == Int(store.revision))
    }

    /// Audit events (with their alert deliveries) journaled alone, as a refused call's are, are copied when the
    /// audit trail or the outbox is read: nothing is missing from either, field for field.
    @Test func eventsAreCopiedForLookupsAndTheOutbox() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let storage = try Self.storage(path)
        let events = [Self.event("First"), Self.event("Second")]
        try storage.commit([], events: events)
        #expect(try Self.count(path, "audit_events") == 0)
        #expect(storage.journal.hasPendingDeliveries)
        let due = try storage.dueDeliveries(at: Timestamp(millisecondsSince1970: 2_000), limit: 10)
        #expect(due.map(\.delivery) == [events[0].deliveries[0]])
        #expect(!storage.journal.hasPendingDeliveries)
        let stored = try storage.auditEvents(AuditQuery(accountId: Self.scope.accountId))
        #expect(Set(stored.map(\.entry.eventId)) == Set(events.map(\.eventId)))
        for entry in stored.map(\.entry) {
            let original = try #require(events.first { $0.eventId == entry.eventId })
            var expected = original
            expected.deliveries = entry.deliveries
            #expect(entry == expected)
        }
    }

    /// What a crashed server left in the journal is copied when the database is opened again, up to the last
    /// whole entry: a frame cut off by the crash (never acknowledged) and anything after it are dropped, the file
    /// is emptied, and the store goes on from the last whole entry's revision.
    @Test func openingCopiesWhatACrashLeftAndDropsATornFrame() async throws {
        let path = DispatcherTests.temporaryPath()
        let copy = DispatcherTests.temporaryPath()
        defer { [path, copy].forEach(DispatcherTests.removeDatabase) }
        let storage = try Self.storage(path)
        let store = try Self.store(storage)
        try await RecordSnapshotTests.createGroups(["a", "b"], in: store)
        let whole = try Self.journalBytes(path)
        try await RecordSnapshotTests.createGroups(["torn"], in: store)
        let torn = Array(try Self.journalBytes(path).dropFirst(whole.count).dropLast(7))
        #expect(!torn.isEmpty)
        // The state a crash at that moment leaves: the tables as they are (nothing copied yet), and the journal
        // with its last frame cut short.
        try Self.copyFiles(of: path, to: copy, ["", "-wal"])
        try Data(whole + torn).write(to: URL(fileURLWithPath: SQLitePolicyStorage.journalPath(databasePath: copy)))

        let reopenedStorage = try Self.storage(copy)
        #expect(try Self.journalBytes(copy).isEmpty)
        let reopened = try Self.store(reopenedStorage)
        #expect(RecordSnapshotTests.groupNames(reopened) == ["default", "a", "b"])
        #expect(try Self.count(copy, "changes") == Int(reopened.revision))
        try await RecordSnapshotTests.createGroups(["after"], in: reopened)
        #expect(RecordSnapshotTests.groupNames(try Self.store(try Self.storage(copy))) == ["default", "a", "b", "after"])
    }

    /// A crash after entries were copied but before the file was emptied leaves entries the tables hold: opening
    /// skips them by their sequence numbers instead of storing them twice (or failing on their revisions).
    @Test func entriesCopiedBeforeACrashAreNotCopiedAgain() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let journalPath = SQLitePolicyStorage.journalPath(databasePath: path)
        do {
            let storage = try Self.storage(path)
            let store = try Self.store(storage)
            try await RecordSnapshotTests.createGroups(["a", "b"], in: store)
            let bytes = try Self.journalBytes(path)
            try storage.journal.flush()
            #expect(try Self.journalBytes(path).isEmpty)
            // As if the file had not been emptied.
            try Data(bytes).write(to: URL(fileURLWithPath: journalPath))
        }
        let revision = try #require(try RecordSnapshotTests.meta(path, "revision"))
        let events = try Self.count(path, "audit_events")
        let reopened = try Self.store(try Self.storage(path))
        #expect(reopened.revision == revision)
        #expect(try Self.count(path, "changes") == Int(revision))
        #expect(try Self.count(path, "audit_events") == events)
        #expect(RecordSnapshotTests.groupNames(reopened) == ["default", "a", "b"])
    }

    /// A second storage on the same database (another process, here another storage in this one) cannot append;
    /// it reads what the owner journaled, so it sees every acknowledged commit.
    @Test func aSecondStorageReadsTheJournalAndCannotAppend() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let owner = try Self.storage(path)
        let store = try Self.store(owner)
        try await RecordSnapshotTests.createGroups(["a"], in: store)
        let other = try Self.storage(path)
        #expect(owner.journal.owner)
        #expect(!other.journal.owner)
        let otherStore = try Self.store(other)
        #expect(RecordSnapshotTests.groupNames(otherStore) == ["default", "a"])
        await #expect(throws: PolicyError.self) {
            try await RecordSnapshotTests.createGroups(["refused"], in: otherStore)
        }
        // The owner goes on; what the other storage copied is not copied again.
        try await RecordSnapshotTests.createGroups(["b"], in: store)
        try owner.flushJournal()
        let changes = try #require(try owner.changes(since: 0))
        #expect(changes.map(\.revision) == Array(1...store.revision))
        #expect(try Self.count(path, "changes") == Int(store.revision))
    }

    static let call = AuditCall(
        eventId: "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b", time: Timestamp(millisecondsSince1970: 1_800_000_000_000),
        eventName: "AuthorizeSecurityGroupIngress", eventSource: "ec2.amazonaws.com", region: scope.region,
        accountId: scope.accountId, accessKeyId: nil, sourceIPAddress: "192.0.2.1", userAgent: "tests",
        parameters: [
            "Action": "AuthorizeSecurityGroupIngress", "GroupId": "sg-0123456789abcdef0",
            "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "22", "IpPermissions.1.ToPort": "22",
            "IpPermissions.1.IpRanges.1.CidrIp": "10.0.0.0/8", "IpPermissions.1.IpRanges.1.Description": "caf\u{e9} \"q\"",
        ],
        response: Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<AuthorizeSecurityGroupIngressResponse "
            + "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-1</requestId><return>true</return>"
            + "</AuthorizeSecurityGroupIngressResponse>").utf8),
        errorCode: nil, errorMessage: nil, requestId: "r-1", readOnly: false)

    /// A call journaled as a draft is rendered when it is copied, by the storage that journaled it or by one that
    /// opens the database after a crash: either way the stored entry is the call's rendering.
    @Test func draftedCallsAreRenderedWhenCopied() async throws {
        let path = DispatcherTests.temporaryPath()
        let copy = DispatcherTests.temporaryPath()
        defer { [path, copy].forEach(DispatcherTests.removeDatabase) }
        let storage = try Self.storage(path)
        try storage.commit([], drafts: [AuditDraft(call: Self.call, render: AuditEvent.entry(of:))])
        try Self.copyFiles(of: path, to: copy, ["", "-wal", "-commits"])
        let expected = AuditEvent.entry(of: Self.call)
        #expect(expected.resources.map(\.resourceName) == ["sg-0123456789abcdef0"])
        #expect(expected.record.contains(#""cidrIp":"10.0.0.0/8""#))
        let query = AuditQuery(accountId: Self.scope.accountId)
        #expect(try storage.auditEvents(query).map(\.entry) == [expected])
        #expect(try Self.storage(copy).auditEvents(query).map(\.entry) == [expected])
    }

    /// Without alert rules a write's event is drafted, and the draft renders the entry the recorder makes at once.
    @Test func aDraftRendersTheEntryTheRecorderMakes() throws {
        let recorder = AuditRecorder(clock: { Timestamp(millisecondsSince1970: 1_800_000_000_000) })
        let call = AuditRecorder.Call(
            eventName: Self.call.eventName, scope: Self.scope, accessKeyId: "AKIAEXAMPLE",
            origin: RequestOrigin(sourceIPAddress: "192.0.2.1", userAgent: "tests"), parameters: Self.call.parameters,
            requestId: "r-1", readOnly: false)
        let state = PolicyState()
        let error = PolicyError(.invalidGroupNotFound, "The security group 'sg-1' does not exist")
        for (response, error) in [(Self.call.response, nil), (nil, error)] as [([UInt8]?, PolicyError?)] {
            let draft = recorder.draft(call, state: state, response: response, error: error, tagsBefore: [:])
            guard case .call = draft.content else {
                Issue.record("no alert rules, yet the event was made under the lock")
                continue
            }
            var drafted = draft.make()
            var made = recorder.entry(call, state: state, response: response, error: error, tagsBefore: [:])
            // Event IDs are drawn at random.
            drafted.record = drafted.record.replacingOccurrences(of: drafted.eventId, with: "ID")
            made.record = made.record.replacingOccurrences(of: made.eventId, with: "ID")
            drafted.eventId = "ID"
            made.eventId = "ID"
            #expect(drafted == made)
        }
    }

    /// While writes never pause, the journal is copied anyway: in the background from ``CommitJournal/busyEntries``
    /// waiting commits, and by the appending writer itself from twice that, which bounds what waits in memory.
    @Test func aJournalThatKeepsGrowingIsCopiedWithoutAPause() throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let database = try DatabasePool(path: path)
        try SQLitePolicyStorage.migrator.migrate(database)
        let journal = try CommitJournal(
            path: SQLitePolicyStorage.journalPath(databasePath: path), database: database, syncEachAppend: false,
            logLimit: 10_000, quiet: QuietPeriod(milliseconds: 3_600_000), busyEntries: 50, copied: { _ in })
        // The background copy may or may not have run meanwhile; the writer's own copy at 100 waiting (or fewer,
        // if the background took some) leaves at most 2 × 50 waiting at any time.
        var most = 0
        for revision in Int64(1)...260 {
            try journal.append(
                [JournalEntry.Revision(revision: revision, timeMilliseconds: 0, log: Data("[]".utf8))], events: [])
            let stored = try RecordSnapshotTests.meta(path, "revision") ?? 0
            most = max(most, Int(revision - stored))
        }
        #expect(most <= 100, "\(most) commits waited")
        #expect(try RecordSnapshotTests.meta(path, "revision") ?? 0 >= 200)
        try journal.flush()
        #expect(try RecordSnapshotTests.meta(path, "revision") == 260)
        #expect(try Self.count(path, "changes") == 260)
    }

    /// A copy after a pause renders the audit records of one commit at a time and stops once writes resume: the
    /// commits rendered so far are stored, and the rest after the next pause.
    @Test func aCopyAfterAPauseStopsWhenWritesResume() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let database = try DatabasePool(path: path)
        try SQLitePolicyStorage.migrator.migrate(database)
        // Long enough that no pause falls between the appends below, even on a busy machine.
        let quiet = QuietPeriod(milliseconds: 150, idlePriority: false)
        let batches = Mutex<[Int]>([])
        let journal = try CommitJournal(
            path: SQLitePolicyStorage.journalPath(databasePath: path), database: database, syncEachAppend: false,
            logLimit: 10_000, quiet: quiet, copied: { events in batches.withLock { $0.append(events) } })
        let renders = Atomic<Int>(0)
        let call = AuditCall(
            eventId: "e", time: Timestamp(millisecondsSince1970: 0), eventName: "CreateSecurityGroup",
            eventSource: "ec2.amazonaws.com", region: Self.scope.region, accountId: Self.scope.accountId, accessKeyId: nil,
            sourceIPAddress: "127.0.0.1", userAgent: "test", parameters: [:], response: nil, errorCode: nil,
            errorMessage: nil, requestId: "r", readOnly: false)
        // A commit arrives while the fifth commit's record is rendered.
        let draft = AuditDraft(call: call) { call in
            if renders.add(1, ordering: .relaxed).newValue == 5 { quiet.noteWrite() }
            return Self.event(call.eventName)
        }
        // Appended within the quiet period of each other, so that one copy after the pause takes them all.
        for revision in Int64(1)...40 {
            try journal.append([JournalEntry.Revision(revision: revision, timeMilliseconds: 0, log: Data("[]".utf8))], events: [draft])
        }
        for _ in 0..<300 where batches.withLock({ $0.reduce(0, +) }) < 40 { try await Task.sleep(for: .milliseconds(10)) }
        // 5 before the commit, then the rest after the next pause, 32 commits per transaction after a pause.
        #expect(batches.withLock { $0 } == [5, 32, 3])
        #expect(renders.load(ordering: .relaxed) == 40)
        #expect(try RecordSnapshotTests.meta(path, "revision") == 40)
    }

    /// The file is emptied only when nothing waits; under a steady stream of commits the writer empties it once it
    /// reaches four times the bound in bytes.
    @Test func theJournalFileStaysBounded() throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let database = try DatabasePool(path: path)
        try SQLitePolicyStorage.migrator.migrate(database)
        let busyBytes = 8_192
        let journal = try CommitJournal(
            path: SQLitePolicyStorage.journalPath(databasePath: path), database: database, syncEachAppend: false,
            logLimit: 10_000, quiet: QuietPeriod(milliseconds: 3_600_000), busyEntries: 1_000_000, busyBytes: busyBytes,
            copied: { _ in })
        let log = Data(("[" + String(repeating: " ", count: 1_000) + "]").utf8)
        var largest = 0
        for revision in Int64(1)...200 {
            try journal.append([JournalEntry.Revision(revision: revision, timeMilliseconds: 0, log: log)], events: [])
            largest = max(largest, try Self.journalBytes(path).count)
        }
        #expect(largest < 4 * busyBytes + 1_100, "the journal reached \(largest) bytes")
        try journal.flush()
        #expect(try Self.count(path, "changes") == 200)
    }

    /// Asks for upkeep join the run already queued or waiting: many asks while writes go on make one run after the
    /// pause, several asks at once while one is queued make one run, and an ask at once does not wait for a pause.
    @Test func scheduledUpkeepMergesAsks() {
        let quiet = QuietPeriod(milliseconds: 60_000, idlePriority: false)
        let queue = DispatchQueue(label: "upkeep")
        let upkeep = ScheduledUpkeep(quiet: quiet, queue: queue, failure: "test upkeep failed")
        let runs = Atomic<Int>(0)
        @Sendable func work(_ turn: UpkeepTurn) -> Bool {
            runs.add(1, ordering: .relaxed)
            return true
        }
        quiet.noteWrite()
        for _ in 0..<10 { upkeep.ask(now: false, work) }
        queue.sync {}
        #expect(runs.load(ordering: .relaxed) == 0)  // waiting for a pause a minute away
        queue.suspend()
        for _ in 0..<3 { upkeep.ask(now: true, work) }
        queue.resume()
        queue.sync {}
        #expect(runs.load(ordering: .relaxed) == 1)
        upkeep.ask(now: true, work)
        queue.sync {}
        #expect(runs.load(ordering: .relaxed) == 2)
    }

    /// A run after a pause stops at its next step once a commit happens, and the rest runs after the next pause; a
    /// run forced by a bound, or asked for by a caller (`toTheEnd`), goes to the end.
    @Test func pausedUpkeepStopsWhenWritesResume() async throws {
        let quiet = QuietPeriod(milliseconds: 30, idlePriority: false)
        let queue = DispatchQueue(label: "upkeep")
        let upkeep = ScheduledUpkeep(quiet: quiet, queue: queue, failure: "test upkeep failed")
        // Ten steps; a commit is noted during the third step of the first run.
        let steps = Mutex<(done: Int, runs: Int, yielded: Int)>((0, 0, 0))
        @Sendable func work(_ turn: UpkeepTurn) -> Bool {
            steps.withLock { $0.runs += 1 }
            while true {
                if turn.shouldYield {
                    steps.withLock { $0.yielded += 1 }
                    return false
                }
                let done = steps.withLock { steps -> Int in
                    steps.done += 1
                    return steps.done
                }
                if done == 3 { quiet.noteWrite() }
                if done == 10 { return true }
            }
        }
        upkeep.ask(now: false, work)
        for _ in 0..<200 where steps.withLock({ $0.done }) < 10 { try await Task.sleep(for: .milliseconds(10)) }
        queue.sync {}
        let (done, runs, yielded) = steps.withLock { ($0.done, $0.runs, $0.yielded) }
        #expect(done == 10 && runs == 2 && yielded == 1)
        // Forced and to-the-end turns never yield, whatever the commits.
        let forced = Mutex(false)
        upkeep.ask(now: true) { turn in
            quiet.noteWrite()
            forced.withLock { $0 = !turn.shouldYield && !turn.afterPause }
            return true
        }
        queue.sync {}
        #expect(forced.withLock { $0 })
        #expect(!UpkeepTurn.toTheEnd.shouldYield)
    }

    /// Upkeep that waited for a pause runs at the normal priority (it shares the cores with reads) until a
    /// commit moves it to the idle scheduling policy; its thread gets its policy back after. Upkeep forced by a
    /// bound, and any upkeep with the idle priority off, stays at the normal priority.
    @Test func pausedUpkeepYieldsToWrites() {
        #if os(Linux)
        let quiet = QuietPeriod()
        let before = sched_getscheduler(0)
        /// A commit, noted from another thread as a request's would be.
        func commitElsewhere(_ quiet: QuietPeriod) {
            let done = DispatchSemaphore(value: 0)
            DispatchQueue(label: "commit").async {
                quiet.noteWrite()
                done.signal()
            }
            done.wait()
        }
        let (beforeCommit, afterCommit) = quiet.upkeep(afterPause: true) { () -> (Int32, Int32) in
            let policy = sched_getscheduler(0)
            commitElsewhere(quiet)
            return (policy, sched_getscheduler(0))
        }
        #expect(beforeCommit == before)
        #expect(afterCommit == 5)  // SCHED_IDLE
        #expect(sched_getscheduler(0) == before)
        // A commit after the upkeep ended leaves the thread alone.
        commitElsewhere(quiet)
        #expect(sched_getscheduler(0) == before)
        #expect(quiet.upkeep(afterPause: false) { commitElsewhere(quiet); return sched_getscheduler(0) } == before)
        let plain = QuietPeriod(idlePriority: false)
        #expect(plain.upkeep(afterPause: true) { commitElsewhere(plain); return sched_getscheduler(0) } == before)
        #endif
    }
}
