@testable import PalisadeFlow
import PalisadeCore
import Testing

/// The open-addressing table against a Dictionary model, through inserts, lookups and deletions.
struct FlowTableTests {
    @Test func entriesAreCompact() {
        #expect(FlowTable.entryByteCount == 48)
    }

    @Test func behavesLikeADictionary() {
        var rng = SplitMix64(seed: 42)
        var table = FlowTable()
        var model: [FlowKey: Int64] = [:]
        let now = Timestamp(millisecondsSince1970: 0)
        var disagreements = 0
        for step in 0..<20_000 {
            let key = FlowKey(
                protocolNumber: 6, source: .v4(IPv4Address(UInt32.random(in: 0..<64, using: &rng))),
                destination: .v4(IPv4Address(7)), sourcePort: UInt16.random(in: 0..<32, using: &rng), destinationPort: 80)
            let entry = FlowTable.Entry(flow: key, initiatedByEgress: true)
            if Bool.random(using: &rng) {
                if let position = table.find(entry) {
                    if model[key] == nil { disagreements += 1 }
                    table.remove(at: position)
                    model[key] = nil
                } else if model[key] != nil {
                    disagreements += 1
                }
            } else {
                table.track(key, now: now, timeoutMilliseconds: Int64(step))
                model[key] = Int64(step)
            }
            if step % 1000 == 0 {
                #expect(table.count == model.count)
                for key in model.keys where table.find(FlowTable.Entry(flow: key, initiatedByEgress: true)) == nil {
                    disagreements += 1
                }
            }
        }
        #expect(disagreements == 0)
        #expect(table.count == model.count)
        table.removeExpired(now: 10_000)
        #expect(table.count == model.values.filter { $0 > 10_000 }.count)
    }
}
