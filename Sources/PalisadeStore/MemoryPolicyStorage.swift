public import PalisadeCore
import Synchronization

/// Keeps nothing beyond the process: for `--in-memory` servers and tests. Keeps a bounded change log.
public final class MemoryPolicyStorage: PolicyStorage {
    private struct Contents {
        var revision: Int64 = 0
        var log: [CommittedChanges] = []
    }

    private let contents = Mutex(Contents())
    private let logLimit: Int

    public init(logLimit: Int = 10_000) { self.logLimit = logLimit }

    public func load() throws -> StoredImage { StoredImage(records: [], revision: contents.withLock { $0.revision }) }

    public func commit(revision: Int64, time: Timestamp, changes: [PolicyChange]) throws {
        try contents.withLock { contents throws(StorageError) in
            guard revision == contents.revision + 1 else {
                throw .conflict(expected: revision - 1, found: contents.revision)
            }
            contents.revision = revision
            contents.log.append(CommittedChanges(revision: revision, time: time, changes: changes))
            if contents.log.count > logLimit { contents.log.removeFirst(contents.log.count - logLimit) }
        }
    }

    public func changes(since revision: Int64) throws -> [CommittedChanges]? {
        contents.withLock { contents in
            if revision >= contents.revision { return [] }
            guard let first = contents.log.first, first.revision <= revision + 1 else { return nil }
            return contents.log.filter { $0.revision > revision }
        }
    }
}
