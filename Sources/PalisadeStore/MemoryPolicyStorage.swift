import PalisadeCore
import Synchronization

/// Keeps nothing beyond the process: for `--in-memory` servers and tests. Keeps a bounded change log.
public final class MemoryPolicyStorage: PolicyStorage {
    private struct Contents {
        var revision: Int64 = 0
        var log: [CommittedChanges] = []
        /// The current records, so a store can reload after a failed commit.
        var records: [PolicyRecordKey: PolicyRecord] = [:]
    }

    private let contents = Mutex(Contents())
    private let logLimit: Int

    public init(logLimit: Int = 10_000) { self.logLimit = logLimit }

    public func load() throws -> StoredImage {
        contents.withLock { StoredImage(records: Array($0.records.values), revision: $0.revision) }
    }

    public func commit(_ batch: [CommittedChanges]) throws {
        try contents.withLock { contents throws(StorageError) in
            guard let first = batch.first else { return }
            guard first.revision == contents.revision + 1 else {
                throw .conflict(expected: first.revision - 1, found: contents.revision)
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
