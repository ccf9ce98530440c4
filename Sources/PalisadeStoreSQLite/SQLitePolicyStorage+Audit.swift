import Foundation
import GRDB
public import PalisadeCore
public import PalisadeStore

extension SQLitePolicyStorage {
    /// Appends events and their deliveries (inside the caller's transaction: the ``CommitJournal``'s copy).
    /// Their resources are indexed later, by the ``AuditResourceIndexer``.
    static func insert(_ events: [AuditEntry], _ db: Database) throws {
        for event in events {
            try db.cachedStatement(sql: """
                INSERT INTO audit_events (event_id, time_ms, account_id, region, event_name, event_source,
                    access_key_id, user_name, read_only, error_code, resources, record)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    event.eventId, event.time.millisecondsSince1970, event.accountId, event.region, event.eventName,
                    event.eventSource, event.accessKeyId, event.userName, event.readOnly, event.errorCode,
                    resourcesText(event.resources), event.record,
                ])
            let sequence = db.lastInsertedRowID
            for delivery in event.deliveries {
                try db.cachedStatement(sql: """
                    INSERT INTO alert_deliveries (sequence, rule_name, target, body, next_attempt_ms) VALUES (?, ?, ?, ?, ?)
                    """).execute(arguments: [
                        sequence, delivery.ruleName, delivery.target, delivery.body, event.time.millisecondsSince1970,
                    ])
            }
        }
    }

    /// Resources inline in the event row: `\n<type> <name>` each, so a type is found with `instr`.
    static func resourcesText(_ resources: [AuditResource]) -> String {
        resources.map { "\n\($0.resourceType) \($0.resourceName)" }.joined()
    }

    static func resources(fromText text: String) -> [AuditResource] {
        text.split(separator: "\n").compactMap { (line: Substring) -> AuditResource? in
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return AuditResource(resourceType: String(parts[0]), resourceName: String(parts[1]))
        }
    }

    /// How far a commit may lag its event's time: events are numbered in commit order and stamped when built,
    /// so times are monotonic in sequence order up to this.
    static let commitLagAllowance: Int64 = 60_000

    /// The sequence range that holds every event between `start` and `end`, found by binary search over the
    /// (nearly) time-ordered sequence numbers instead of a time index that every write would have to update.
    static func sequenceBounds(_ db: Database, start: Timestamp?, end: Timestamp?) throws -> (Int64, Int64)? {
        guard start != nil || end != nil else { return nil }
        guard let last = try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM audit_events") else { return (1, 0) }
        let timeAt = try db.cachedStatement(sql: "SELECT time_ms FROM audit_events WHERE sequence = ?")
        /// The first sequence whose time is at least `time` (last + 1 if none).
        func firstAtOrAfter(_ time: Int64) throws -> Int64 {
            var low: Int64 = 1
            var high = last + 1
            while low < high {
                let middle = low + (high - low) / 2
                let value = try Int64.fetchOne(timeAt, arguments: [middle]) ?? Int64.min
                if value >= time { high = middle } else { low = middle + 1 }
            }
            return low
        }
        let lower = try start.map { try firstAtOrAfter($0.millisecondsSince1970 - commitLagAllowance) } ?? 1
        let upper = try end.map { try firstAtOrAfter($0.millisecondsSince1970 + commitLagAllowance + 1) - 1 } ?? last
        return (lower, upper)
    }

    public func auditEvents(_ query: AuditQuery) throws -> [StoredAuditEntry] {
        try journal.flush()
        return try database.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            func condition(_ sql: String, _ value: some DatabaseValueConvertible) {
                conditions.append(sql)
                _ = arguments.append(contentsOf: [value])
            }
            if let accountId = query.accountId { condition("e.account_id = ?", accountId) }
            if let region = query.region { condition("e.region = ?", region) }
            if let (lower, upper) = try SQLitePolicyStorage.sequenceBounds(db, start: query.startTime, end: query.endTime) {
                condition("e.sequence >= ?", lower)
                condition("e.sequence <= ?", upper)
            }
            if let start = query.startTime { condition("e.time_ms >= ?", start.millisecondsSince1970) }
            if let end = query.endTime { condition("e.time_ms <= ?", end.millisecondsSince1970) }
            if let before = query.before { condition("e.sequence < ?", before) }
            if let (key, value) = query.attribute {
                switch key {
                case .eventId: condition("e.event_id = ?", value)
                case .eventName: condition("e.event_name = ?", value)
                case .readOnly: condition("(CASE e.read_only WHEN 1 THEN 'true' ELSE 'false' END) = ?", value)
                case .username: condition("e.user_name = ?", value)
                case .eventSource: condition("e.event_source = ?", value)
                case .accessKeyId: condition("e.access_key_id = ?", value)
                case .resourceType: condition("instr(e.resources, ?) > 0", "\n\(value) ")
                case .resourceName:
                    // Indexed events through the index, the few newer ones by their inline resources.
                    let indexed = try StoreMeta.value("resources_indexed_sequence", db) ?? 0
                    conditions.append("""
                        e.sequence IN (SELECT sequence FROM audit_event_resources WHERE resource_name = ?
                            UNION ALL SELECT sequence FROM audit_events WHERE sequence > ? AND instr(resources || char(10), ?) > 0)
                        """)
                    _ = arguments.append(contentsOf: [value, indexed, " \(value)\n"])
                }
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(
                db, sql: "SELECT e.* FROM audit_events e \(filter) ORDER BY e.sequence DESC LIMIT \(max(0, query.limit))",
                arguments: arguments)
            return rows.map { row in
                StoredAuditEntry(
                    sequence: row["sequence"],
                    entry: AuditEntry(
                        eventId: row["event_id"], time: Timestamp(millisecondsSince1970: row["time_ms"]),
                        accountId: row["account_id"], region: row["region"], eventName: row["event_name"],
                        eventSource: row["event_source"], accessKeyId: row["access_key_id"], userName: row["user_name"],
                        readOnly: row["read_only"], errorCode: row["error_code"],
                        resources: SQLitePolicyStorage.resources(fromText: row["resources"]), record: row["record"]))
            }
        }
    }

    public func dueDeliveries(at time: Timestamp, limit: Int) throws -> [PendingDelivery] {
        // Per target, only its oldest undelivered delivery, and only if due. Targets are found by skipping
        // through the (target, id) index, so a long outbox behind a webhook that is down costs a few index
        // lookups per poll, not a scan. Journaled events are copied first only if one of them holds a delivery.
        if journal.hasPendingDeliveries { try journal.flush() }
        return try database.read { db in
            let targets = try String.fetchAll(
                db, sql: """
                    WITH RECURSIVE pending(target) AS (
                        SELECT MIN(target) FROM alert_deliveries WHERE delivered_ms IS NULL
                        UNION ALL
                        SELECT (SELECT MIN(target) FROM alert_deliveries WHERE delivered_ms IS NULL AND target > pending.target)
                        FROM pending WHERE pending.target IS NOT NULL
                    )
                    SELECT target FROM pending WHERE target IS NOT NULL LIMIT ?
                    """, arguments: [limit])
            var due: [PendingDelivery] = []
            for target in targets {
                guard let row = try Row.fetchOne(
                    db.cachedStatement(sql: """
                        SELECT id, rule_name, target, body, attempts, next_attempt_ms FROM alert_deliveries
                        WHERE target = ? AND delivered_ms IS NULL ORDER BY id LIMIT 1
                        """), arguments: [target]),
                    (row["next_attempt_ms"] as Int64) <= time.millisecondsSince1970
                else { continue }
                due.append(PendingDelivery(
                    id: row["id"], delivery: AlertDelivery(ruleName: row["rule_name"], target: row["target"], body: row["body"]),
                    attempts: row["attempts"]))
            }
            return due.sorted { $0.id < $1.id }
        }
    }

    public func nextDeliveryTime() throws -> Timestamp? {
        if journal.hasPendingDeliveries { try journal.flush() }
        return try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(next_attempt_ms) FROM alert_deliveries WHERE delivered_ms IS NULL")
                .map(Timestamp.init(millisecondsSince1970:))
        }
    }

    public func markDelivered(_ id: Int64, at time: Timestamp) throws {
        try database.write { db in
            try db.execute(
                sql: "UPDATE alert_deliveries SET delivered_ms = ?, attempts = attempts + 1 WHERE id = ?",
                arguments: [time.millisecondsSince1970, id])
        }
    }

    public func rescheduleDelivery(_ id: Int64, attempts: Int, next: Timestamp, error: String) throws {
        try database.write { db in
            try db.execute(
                sql: "UPDATE alert_deliveries SET attempts = ?, next_attempt_ms = ?, last_error = ? WHERE id = ?",
                arguments: [attempts, next.millisecondsSince1970, error, id])
        }
    }
}
