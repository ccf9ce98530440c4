import PalisadeCore
import PalisadeStore

/// A storage that hands everything to a ``MemoryPolicyStorage``; tests subclass it to fail or delay commits.
class ForwardingStorage: PolicyStorage, @unchecked Sendable {
    let inner = MemoryPolicyStorage()

    func load() throws -> StoredImage { try inner.load() }
    func commit(_ batch: [CommittedChanges], events: [AuditEntry]) throws { try inner.commit(batch, events: events) }
    func changes(since revision: Int64) throws -> [CommittedChanges]? { try inner.changes(since: revision) }
    func auditEvents(_ query: AuditQuery) throws -> [StoredAuditEntry] { try inner.auditEvents(query) }
    func dueDeliveries(at time: Timestamp, limit: Int) throws -> [PendingDelivery] {
        try inner.dueDeliveries(at: time, limit: limit)
    }
    func nextDeliveryTime() throws -> Timestamp? { try inner.nextDeliveryTime() }
    func markDelivered(_ id: Int64, at time: Timestamp) throws { try inner.markDelivered(id, at: time) }
    func rescheduleDelivery(_ id: Int64, attempts: Int, next: Timestamp, error: String) throws {
        try inner.rescheduleDelivery(id, attempts: attempts, next: next, error: error)
    }
}
