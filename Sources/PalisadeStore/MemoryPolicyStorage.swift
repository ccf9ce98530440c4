public import PalisadeCore
import Synchronization

/// Keeps nothing beyond the process: for `--in-memory` servers and tests. Keeps a bounded change log and the
/// most recent `auditLimit` audit events (a throwaway server must not grow without bound; SQLite keeps them all).
public final class MemoryPolicyStorage: PolicyStorage {
    private struct Contents {
        var revision: Int64 = 0
        var log: [CommittedChanges] = []
        /// The current records, so a store can reload after a failed commit.
        var records: [PolicyRecordKey: PolicyRecord] = [:]
        var events: [StoredAuditEntry] = []
        var outbox: [Int64: (pending: PendingDelivery, due: Timestamp)] = [:]
        var nextDeliveryId: Int64 = 1
    }

    private let contents = Mutex(Contents())
    private let logLimit: Int
    private let auditLimit: Int

    public init(logLimit: Int = 10_000, auditLimit: Int = 100_000) {
        self.logLimit = logLimit
        self.auditLimit = auditLimit
    }

    public func load() throws -> StoredImage {
        contents.withLock { StoredImage(records: Array($0.records.values), revision: $0.revision) }
    }

    public func commit(_ batch: [CommittedChanges], events: [AuditEntry]) throws {
        try contents.withLock { contents throws(StorageError) in
            if let first = batch.first, first.revision != contents.revision + 1 {
                throw .conflict(expected: first.revision - 1, found: contents.revision)
            }
            for event in events {
                let sequence = (contents.events.last?.sequence ?? 0) + 1
                contents.events.append(StoredAuditEntry(sequence: sequence, entry: event))
                for delivery in event.deliveries {
                    let id = contents.nextDeliveryId
                    contents.nextDeliveryId += 1
                    contents.outbox[id] = (PendingDelivery(id: id, delivery: delivery, attempts: 0), event.time)
                }
            }
            for committed in batch {
                for change in committed.changes {
                    switch change {
                    case .put(let record): contents.records[record.key] = record
                    case .delete(let key, _): contents.records[key] = nil
                    }
                }
                contents.revision = committed.revision
                contents.log.append(committed)
            }
            if contents.log.count > logLimit { contents.log.removeFirst(contents.log.count - logLimit) }
            if contents.events.count > auditLimit + auditLimit / 10 {
                contents.events.removeFirst(contents.events.count - auditLimit)
            }
        }
    }

    public func changes(since revision: Int64) throws -> [CommittedChanges]? {
        contents.withLock { contents in
            if revision >= contents.revision { return [] }
            guard let first = contents.log.first, first.revision <= revision + 1 else { return nil }
            return contents.log.filter { $0.revision > revision }
        }
    }

    public func auditEvents(_ query: AuditQuery) throws -> [StoredAuditEntry] {
        contents.withLock { contents in
            var found: [StoredAuditEntry] = []
            for stored in contents.events.reversed() where found.count < query.limit {
                if let before = query.before, stored.sequence >= before { continue }
                if query.matches(stored.entry) { found.append(stored) }
            }
            return found
        }
    }

    public func dueDeliveries(at time: Timestamp, limit: Int) throws -> [PendingDelivery] {
        contents.withLock { contents in
            // Only the oldest undelivered delivery of each target: a target gets its events in order.
            var heads: [String: (pending: PendingDelivery, due: Timestamp)] = [:]
            for entry in contents.outbox.values {
                let target = entry.pending.delivery.target
                if let head = heads[target], head.pending.id < entry.pending.id { continue }
                heads[target] = entry
            }
            return Array(heads.values.filter { $0.due <= time }.map(\.pending).sorted { $0.id < $1.id }.prefix(limit))
        }
    }

    public func nextDeliveryTime() throws -> Timestamp? {
        contents.withLock { $0.outbox.values.map(\.due).min() }
    }

    public func markDelivered(_ id: Int64, at time: Timestamp) throws {
        contents.withLock { _ = $0.outbox.removeValue(forKey: id) }
    }

    public func rescheduleDelivery(_ id: Int64, attempts: Int, next: Timestamp, error: String) throws {
        contents.withLock { contents in
            contents.outbox[id]?.pending.attempts = attempts
            contents.outbox[id]?.due = next
        }
    }
}
