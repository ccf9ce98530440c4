import Dispatch
import GRDB
import Logging
import PalisadeStore
import Synchronization

/// Indexes the audit trail's events by resource name in the background, many events at a time.
///
/// A commit appends its events at the end of `audit_events`; their entries in `audit_event_resources` would sit
/// at random places of that B-tree (the key starts with the resource ID), a page or more written per resource
/// inside the commit, in the writer's critical path. Written here, off that path, once writes pause
/// (``QuietPeriod``) or the backlog reaches ``busyBacklog``, 64 events per transaction (small enough that a
/// commit queued behind one waits a millisecond or two: 250 put 3 ms on the p99 of authorizes). Nothing depends
/// on the index being current: a lookup by resource name reads the events past `resources_indexed_sequence`
/// directly, which at ``busyBacklog`` events takes a few milliseconds.
final class AuditResourceIndexer: Sendable {
    /// The most events one transaction indexes, so that writers queued behind it wait a few milliseconds at most.
    let eventsPerFlush: Int
    /// Events in the backlog that start indexing at once, though writes go on.
    let busyBacklog: Int

    private let database: DatabasePool
    /// Events appended since the index last caught up (an estimate: only a trigger).
    private let backlog = Mutex(0)
    private let queue = DispatchQueue(label: "palisade.sqlite.audit-index", qos: .utility)
    private let upkeep: ScheduledUpkeep

    init(database: DatabasePool, quiet: QuietPeriod, eventsPerFlush: Int = 64, busyBacklog: Int = 4_096) {
        self.database = database
        self.eventsPerFlush = eventsPerFlush
        self.busyBacklog = busyBacklog
        // Lookups stay right without the index (they read unindexed events directly), only slower: a failure is
        // reported and the rest left for the next events.
        upkeep = ScheduledUpkeep(quiet: quiet, queue: queue, failure: "indexing audit events by resource failed")
    }

    /// Counts newly committed events.
    func append(events: Int) {
        guard events > 0 else { return }
        let backlog = backlog.withLock { backlog in
            backlog += events
            return backlog
        }
        upkeep.ask(now: backlog >= busyBacklog) { [self] turn in try flush(turn) }
    }

    /// Looks for unindexed events soon whatever the count: after loading, an earlier run may have left some.
    func resume() {
        upkeep.ask(now: false) { [self] turn in try flush(turn) }
    }

    /// Indexes every event now, on the caller's thread.
    func catchUp() throws {
        _ = try queue.sync { try flush(.toTheEnd) }
    }

    /// Indexes every unindexed event, `eventsPerFlush` per transaction, and returns whether it did (a turn after a
    /// pause stops once writes resume). On failure the rest waits for the next try.
    private func flush(_ turn: UpkeepTurn) throws -> Bool {
        while true {
            if turn.shouldYield { return false }
            let indexed = try database.write { db in try AuditResourceIndexer.index(limit: eventsPerFlush, db) }
            let more = backlog.withLock { backlog -> Bool in
                backlog = indexed < eventsPerFlush ? 0 : max(0, backlog - indexed)
                return indexed == eventsPerFlush
            }
            if !more { return true }
        }
    }

    /// Indexes the resources of up to `limit` events past `resources_indexed_sequence`; returns how many.
    static func index(limit: Int, _ db: Database) throws -> Int {
        let indexed = try StoreMeta.value("resources_indexed_sequence", db) ?? 0
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT sequence, resources FROM audit_events WHERE sequence > ? ORDER BY sequence LIMIT ?"),
            arguments: [indexed, limit])
        guard let last = rows.last?["sequence"] as Int64? else { return 0 }
        for row in rows {
            let sequence: Int64 = row["sequence"]
            for resource in SQLitePolicyStorage.resources(fromText: row["resources"]) {
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO audit_event_resources (resource_name, sequence) VALUES (?, ?)")
                    .execute(arguments: [resource.resourceName, sequence])
            }
        }
        try StoreMeta.set("resources_indexed_sequence", last, db)
        return rows.count
    }
}
