import Foundation
import PalisadeCore
import PalisadeStore
import Synchronization
import Testing

/// `PolicyStore.settle`, which lets a change feed answer a burst of concurrent writes as one batch.
///
/// A gated commit blocks one thread of the cooperative pool (as wide as the machine has cores), so these tests
/// run one at a time and wait for the gate without blocking another.
@Suite(.serialized) struct WriteSettleTests {
    /// A storage whose commits wait until the test opens the gate, so a write stays in flight as long as needed.
    final class GatedStorage: ForwardingStorage, @unchecked Sendable {
        let gate = DispatchSemaphore(value: 0)
        let entered = Atomic<Bool>(false)
        let lock = NSLock()
        var gated = false

        override func commit(_ batch: [CommittedChanges], events: [AuditEntry]) throws {
            lock.lock()
            let wait = gated
            lock.unlock()
            if wait {
                entered.store(true, ordering: .sequentiallyConsistent)
                gate.wait()
            }
            try inner.commit(batch, events: events)
        }
    }

    static let scope = Scope(accountId: "123456789012", region: "us-east-1")

    static func createGroup(_ store: PolicyStore, _ name: String) async throws {
        _ = try await store.write { state throws(PolicyError) in
            state.ensureScope(scope)
            return try state.createSecurityGroup(scope: scope, groupName: name, description: "d", vpcId: nil, tags: [])
        }
    }

    static func untilCommitEntered(_ storage: GatedStorage) async throws {
        while !storage.entered.load(ordering: .sequentiallyConsistent) { try await Task.sleep(for: .milliseconds(1)) }
    }

    @Test func settleWaitsForTheWriteInFlight() async throws {
        let storage = GatedStorage()
        let store = try PolicyStore(storage: storage, clock: { Timestamp(millisecondsSince1970: 0) })
        try await Self.createGroup(store, "first")
        storage.lock.withLock { storage.gated = true }
        let writer = Task { try await Self.createGroup(store, "second") }
        try await Self.untilCommitEntered(storage)
        let settled = Atomic<Bool>(false)
        let settler = Task {
            await store.settle(quiet: .milliseconds(2), limit: .seconds(60))
            settled.store(true, ordering: .sequentiallyConsistent)
        }
        try await Task.sleep(for: .milliseconds(100))
        let settledEarly = settled.load(ordering: .sequentiallyConsistent)
        #expect(!settledEarly, "settled while a write was still in flight")
        storage.lock.withLock { storage.gated = false }
        storage.gate.signal()
        try await writer.value
        await settler.value
        let settledAfter = settled.load(ordering: .sequentiallyConsistent)
        #expect(settledAfter)
    }

    @Test func settleGivesUpAtItsLimit() async throws {
        let storage = GatedStorage()
        let store = try PolicyStore(storage: storage, clock: { Timestamp(millisecondsSince1970: 0) })
        storage.lock.withLock { storage.gated = true }
        let writer = Task { try await Self.createGroup(store, "stuck") }
        try await Self.untilCommitEntered(storage)
        // The write never finishes while settle runs: only the limit ends it.
        await store.settle(quiet: .milliseconds(2), limit: .milliseconds(50))
        #expect(store.revision == 0, "the stuck write became durable before the gate opened")
        storage.lock.withLock { storage.gated = false }
        storage.gate.signal()
        try await writer.value
        #expect(store.revision == 1)
    }

    @Test func settleReturnsWhenNothingIsWritten() async throws {
        let store = try PolicyStore(storage: MemoryPolicyStorage(), clock: { Timestamp(millisecondsSince1970: 0) })
        try await Self.createGroup(store, "alone")
        // Returns once the last write is 2 ms old, long before the 60 s limit.
        await store.settle(quiet: .milliseconds(2), limit: .seconds(60))
        #expect(store.revision == 1)
    }
}
