public import PalisadeCore

/// The answer of `GET /palisade/v1/changes`: the changes of each revision after the one asked about, or the
/// whole snapshot when the server's log no longer reaches back that far.
public struct ChangeFeed: Hashable, Sendable, Decodable {
    /// One committed revision (the server's `CommittedChanges`).
    public struct Batch: Hashable, Sendable, Decodable {
        public var revision: Int64
        public var changes: [PolicyChange]
    }

    public var revision: Int64
    public var changes: [Batch]?
    public var snapshot: PolicySnapshot?

    /// `current` brought up to this feed: the feed's snapshot, or `current` with the newer batches applied.
    /// - Returns: `nil` when the feed holds nothing newer than `current`.
    public func advance(_ current: PolicySnapshot) -> PolicySnapshot? {
        if let snapshot { return snapshot }
        let newer = (changes ?? []).filter { $0.revision > current.revision }
        guard let last = newer.last?.revision ?? (revision > current.revision ? revision : nil) else { return nil }
        return current.applying(newer.flatMap(\.changes), revision: last)
    }
}
