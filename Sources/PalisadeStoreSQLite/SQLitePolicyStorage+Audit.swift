import Foundation
import GRDB
public import PalisadeCore
public import PalisadeStore

extension SQLitePolicyStorage {
    /// Appends events, their resources and their deliveries (inside the caller's transaction).
    static func insert(_ events: [AuditEntry], _ db: Database) throws {
        for event in events {
            try db.cachedStatement(sql: """
                INSERT INTO audit_events (event_id, time_ms, account_id, region, event_name, event_source,
                    access_key_id, user_name, read_only, error_code, record)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    event.eventId, event.time.millisecondsSince1970, event.accountId, event.region, event.eventName,
                    event.eventSource, event.accessKeyId, event.userName, event.readOnly, event.errorCode, event.record,
                ])
            let sequence = db.lastInsertedRowID
            for resource in event.resources {
                try db.cachedStatement(
                    sql: "INSERT INTO audit_event_resources (sequence, resource_type, resource_name) VALUES (?, ?, ?)"
                ).execute(arguments: [sequence, resource.resourceType, resource.resourceName])
            }
            for delivery in event.deliveries {
                try db.cachedStatement(sql: """
                    INSERT INTO alert_deliveries (sequence, rule_name, target, body, next_attempt_ms) VALUES (?, ?, ?, ?, ?)
                    """).execute(arguments: [
                        sequence, delivery.ruleName, delivery.target, delivery.body, event.time.millisecondsSince1970,
                    ])
            }
        }
    }

    public func auditEvents(_ query: AuditQuery) throws -> [StoredAuditEntry] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let accountId = query.accountId {
            conditions.append("e.account_id = ?")
            _ = arguments.append(contentsOf: [accountId])
        }
        if let region = query.region {
            conditions.append("e.region = ?")
            _ = arguments.append(contentsOf: [region])
        }
        if let start = query.startTime {
            conditions.append("e.time_ms >= ?")
            _ = arguments.append(contentsOf: [start.millisecondsSince1970])
        }
        if let end = query.endTime {
            conditions.append("e.time_ms <= ?")
            _ = arguments.append(contentsOf: [end.millisecondsSince1970])
        }
        if let before = query.before {
            conditions.append("e.sequence < ?")
            _ = arguments.append(contentsOf: [before])
        }
        if let (key, value) = query.attribute {
            switch key {
            case .eventId: conditions.append("e.event_id = ?")
            case .eventName: conditions.append("e.event_name = ?")
            case .readOnly: conditions.append("(CASE e.read_only WHEN 1 THEN 'true' ELSE 'false' END) = ?")
            case .username: conditions.append("e.user_name = ?")
            case .eventSource: conditions.append("e.event_source = ?")
            case .accessKeyId: conditions.append("e.access_key_id = ?")
            case .resourceType:
                conditions.append(
                    "EXISTS (SELECT 1 FROM audit_event_resources r WHERE r.sequence = e.sequence AND r.resource_type = ?)")
            case .resourceName:
                conditions.append(
                    "EXISTS (SELECT 1 FROM audit_event_resources r WHERE r.sequence = e.sequence AND r.resource_name = ?)")
            }
            _ = arguments.append(contentsOf: [value])
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try database.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT e.* FROM audit_events e \(filter) ORDER BY e.sequence DESC LIMIT \(max(0, query.limit))",
                arguments: arguments)
            return try rows.map { row in
                let sequence: Int64 = row["sequence"]
                let resources = try Row.fetchAll(
                    db.cachedStatement(
                        sql: "SELECT resource_type, resource_name FROM audit_event_resources WHERE sequence = ? ORDER BY rowid"),
                    arguments: [sequence]
                ).map { AuditResource(resourceType: $0["resource_type"], resourceName: $0["resource_name"]) }
                return StoredAuditEntry(
                    sequence: sequence,
                    entry: AuditEntry(
                        eventId: row["event_id"], time: Timestamp(millisecondsSince1970: row["time_ms"]),
                        accountId: row["account_id"], region: row["region"], eventName: row["event_name"],
                        eventSource: row["event_source"], accessKeyId: row["access_key_id"], userName: row["user_name"],
                        readOnly: row["read_only"], errorCode: row["error_code"], resources: resources,
                        record: row["record"]))
            }
        }
    }

    public func dueDeliveries(at time: Timestamp, limit: Int) throws -> [PendingDelivery] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT id, rule_name, target, body, attempts FROM alert_deliveries d
                    WHERE delivered_ms IS NULL AND next_attempt_ms <= ?
                      AND id = (SELECT MIN(id) FROM alert_deliveries o WHERE o.target = d.target AND o.delivered_ms IS NULL)
                    ORDER BY id LIMIT ?
                    """, arguments: [time.millisecondsSince1970, limit]
            ).map { row in
                PendingDelivery(
                    id: row["id"], delivery: AlertDelivery(ruleName: row["rule_name"], target: row["target"], body: row["body"]),
                    attempts: row["attempts"])
            }
        }
    }

    public func nextDeliveryTime() throws -> Timestamp? {
        try database.read { db in
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
