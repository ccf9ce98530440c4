@testable import PalisadeFlow
import PalisadeCore
import Testing

/// `decide(batch:)` hashes and prefetches a whole window before deciding it; these tests check that it
/// still decides exactly as `decide` one packet at a time when deciding changes the tables under the
/// window: tables growing (new positions for every key), idle flows removed (entries shifted back),
/// the allowance running out, and tracker copies (copy-on-write of the tables).
struct BatchDecisionTests {
    /// Traffic between many outside clients (so that tables grow well past their initial size) and the
    /// interfaces of ``FlowDecisionTests/snapshot()``, mixed with the east-west traffic of its random packets.
    static func packet(_ rng: inout SplitMix64, clients: Int) -> Packet {
        if Int.random(in: 0..<4, using: &rng) == 0 { return FlowDecisionTests.randomPacket(&rng) }
        let client = IPAddress.v4(IPv4Address(0xC633_6400 &+ UInt32.random(in: 0..<UInt32(clients), using: &rng)))
        let server = [ip("10.0.1.1"), ip("10.0.3.1")].randomElement(using: &rng)!
        let clientPort = UInt16.random(in: 40_000..<40_008, using: &rng)
        let flags: [TCPFlags] = [.syn, .ack, .ack, .ack, [.syn, .ack], .fin, .rst]
        let packet = Packet.tcp(
            from: client, sourcePort: clientPort, to: server, destinationPort: [443, 80, 22].randomElement(using: &rng)!,
            flags: flags.randomElement(using: &rng)!)
        return Bool.random(using: &rng) ? packet : packet.reversed
    }

    @Test(arguments: [(allowance: 100_000, clients: 2_000), (allowance: 50, clients: 500)])
    func batchesDecideAsOneByOne(allowance: Int, clients: Int) {
        var rng = SplitMix64(seed: UInt64(allowance))
        let policy = CompiledPolicy(FlowDecisionTests.snapshot())
        var single = ConnectionTracker(allowance: allowance)
        var batched = ConnectionTracker(allowance: allowance)
        var clock = TestClock()
        var decisions: [FlowDecision] = []
        var mismatches = 0
        for round in 0..<400 {
            // Batch sizes below, at and across the prefetch window.
            let size = [1, 3, ConnectionTracker.batchWindow, ConnectionTracker.batchWindow + 1, 40][round % 5]
            let batch = (0..<size).map { _ in Self.packet(&rng, clients: clients) }
            let expected = batch.map { single.decide($0, now: clock.now, policy: policy) }
            batched.decide(batch: batch, now: clock.now, policy: policy, into: &decisions)
            if decisions != expected { mismatches += 1 }
            // Now and then let flows idle out (TCP transitory and UDP timeouts are shorter than 400 s).
            if round % 37 == 36 { clock.advance(seconds: Int.random(in: 0..<400, using: &rng)) }
        }
        #expect(mismatches == 0)
        for id in ["eni-web", "eni-db", "eni-open"] {
            #expect(single.metrics(for: id) == batched.metrics(for: id))
            #expect(
                Set(single.trackedFlows(for: id, now: clock.now)) == Set(batched.trackedFlows(for: id, now: clock.now)))
        }
        #expect(single.trackedFlowCount == batched.trackedFlowCount)
        if allowance == 50 { #expect(batched.metrics(for: "eni-web").allowanceExceeded > 0) }
    }

    /// A copy of a tracker is independent: batches decided on the copy leave the original's flows alone.
    @Test func copiesAreIndependent() {
        var rng = SplitMix64(seed: 7)
        let policy = CompiledPolicy(FlowDecisionTests.snapshot())
        var original = ConnectionTracker()
        let clock = TestClock()
        var decisions: [FlowDecision] = []
        let opening = (0..<64).map { _ in Self.packet(&rng, clients: 1_000) }
        original.decide(batch: opening, now: clock.now, policy: policy, into: &decisions)
        let before = original.trackedFlows(for: "eni-web", now: clock.now)
        var copy = original
        copy.decide(batch: (0..<2_000).map { _ in Self.packet(&rng, clients: 1_000) }, now: clock.now, policy: policy, into: &decisions)
        #expect(Set(original.trackedFlows(for: "eni-web", now: clock.now)) == Set(before))
        #expect(copy.trackedFlowCount > original.trackedFlowCount)
    }

    /// A table large enough to be offered huge pages starts empty and works like any other.
    @Test func largeTablesStartEmpty() {
        var table = FlowTable(minimumCapacity: 200_000)
        #expect(table.byteCount >= FlowTable.hugePageThreshold)
        #expect(table.count == 0)
        let now = Timestamp(millisecondsSince1970: 0)
        let flow = FlowKey(protocolNumber: 6, source: ip("10.0.0.1"), destination: ip("10.0.0.2"), sourcePort: 1, destinationPort: 2)
        let foundBefore = table.touch(flow, now: now, timeoutMilliseconds: 1_000)
        table.track(flow, now: now, timeoutMilliseconds: 1_000)
        let foundAfter = table.touch(flow, now: now, timeoutMilliseconds: 1_000)
        #expect(!foundBefore && foundAfter)
        #expect(table.count == 1)
    }
}
