public import PalisadeCore

/// Where a ``PolicyStore`` keeps its records durably. Implementations: ``MemoryPolicyStorage``,
/// `SQLitePolicyStorage` (PalisadeStoreSQLite). It keeps the audit log too, so a change and its event are
/// stored in one transaction.
public protocol PolicyStorage: AuditStorage {
    /// Every stored record and the revision they represent.
    func load() throws -> StoredImage
    /// Durably stores consecutive revisions and audit events in one transaction (all or none). The first
    /// revision must follow the stored revision; throws ``StorageError/conflict`` when another writer committed
    /// it first. Either list may be empty.
    func commit(_ batch: [CommittedChanges], events: [AuditEntry]) throws
    /// ``commit(_:events:)`` with events as drafts: a storage may store a drafted call as it is and render it
    /// later. By default each is rendered now.
    func commit(_ batch: [CommittedChanges], drafts: [AuditDraft]) throws
    /// The changes of each revision after `revision`, oldest first; `nil` when the log no longer reaches back.
    func changes(since revision: Int64) throws -> [CommittedChanges]?
}

extension PolicyStorage {
    public func commit(_ batch: [CommittedChanges], drafts: [AuditDraft]) throws {
        try commit(batch, events: drafts.map { $0.make() })
    }
}

/// A full image of stored records.
public struct StoredImage: Sendable {
    public var records: [PolicyRecord]
    public var revision: Int64
    public init(records: [PolicyRecord], revision: Int64) {
        self.records = records
        self.revision = revision
    }
}

/// The changes of one committed revision.
public struct CommittedChanges: Sendable, Codable, Hashable {
    public var revision: Int64
    public var time: Timestamp
    public var changes: [PolicyChange]
    public init(revision: Int64, time: Timestamp, changes: [PolicyChange]) {
        self.revision = revision
        self.time = time
        self.changes = changes
    }
}

/// Failures of a storage backend.
public enum StorageError: Error, CustomStringConvertible {
    case conflict(expected: Int64, found: Int64)
    case corrupt(String)
    case backend(any Error)

    public var description: String {
        switch self {
        case .conflict(let expected, let found): "revision conflict: expected \(expected), store is at \(found)"
        case .corrupt(let detail): "stored data is corrupt: \(detail)"
        case .backend(let error): "storage failed: \(error)"
        }
    }
}
