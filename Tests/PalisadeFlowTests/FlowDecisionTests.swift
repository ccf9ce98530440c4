@testable import PalisadeFlow
import PalisadeCore
import Testing

/// The lean data path (`decide`, `decide(batch:)`) decides exactly as the explaining path (`process`) and
/// leaves the same connection state behind.
struct FlowDecisionTests {
    static func snapshot() -> PolicySnapshot {
        var builder = PolicyBuilder()
        builder.group("sg-web")
        builder.group("sg-db")
        builder.group("sg-open")
        builder.rule("sg-web", .tcp, 443, nil, .cidrIpv4(.anywhere))
        builder.rule("sg-web", egress: true, .tcp, 5432, nil, .group("sg-db"))
        builder.rule("sg-db", .tcp, 5432, nil, .group("sg-web"))
        builder.rule("sg-db", .udp, 53, nil, .cidr("10.0.0.0/8"))
        // Untracked: all traffic out, TCP 80 in from anywhere.
        builder.rule("sg-open", .tcp, 80, nil, .cidrIpv4(.anywhere))
        builder.rule("sg-open", egress: true, .all, nil, nil, .cidr("0.0.0.0/0"))
        builder.interface("eni-web", groups: ["sg-web"], v4: ["10.0.1.1"])
        builder.interface("eni-db", groups: ["sg-db"], v4: ["10.0.2.1"])
        builder.interface("eni-open", groups: ["sg-open", "sg-web"], v4: ["10.0.3.1"])
        return builder.snapshot
    }

    static let addresses = ["10.0.1.1", "10.0.2.1", "10.0.3.1", "198.51.100.7", "10.9.9.9"].map(ip)

    static func randomPacket(_ rng: inout SplitMix64) -> Packet {
        let source = addresses.randomElement(using: &rng)!
        let destination = addresses.randomElement(using: &rng)!
        let ports: [UInt16] = [443, 5432, 53, 80, 22, 40_000, 40_001]
        let sourcePort = ports.randomElement(using: &rng)!
        let destinationPort = ports.randomElement(using: &rng)!
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<6:
            let flags: [TCPFlags] = [.syn, .ack, [.syn, .ack], .fin, .rst]
            return .tcp(
                from: source, sourcePort: sourcePort, to: destination, destinationPort: destinationPort,
                flags: flags.randomElement(using: &rng)!)
        case 6..<8:
            return .udp(from: source, sourcePort: sourcePort, to: destination, destinationPort: destinationPort)
        case 8:
            return .icmp(from: source, to: destination, type: 8, identifier: sourcePort)
        default:
            // An ICMP error about some TCP flow between the two ends.
            var packet = Packet.icmp(from: source, to: destination, type: 3, code: 3)
            packet.embeddedFlow = FlowKey(
                protocolNumber: 6, source: destination, destination: source, sourcePort: destinationPort,
                destinationPort: sourcePort)
            return packet
        }
    }

    @Test func decideAgreesWithProcess() {
        var rng = SplitMix64(seed: 42)
        var policy = CompiledPolicy(Self.snapshot())
        var explained = ConnectionTracker(allowance: 6)
        var lean = ConnectionTracker(allowance: 6)
        var batched = ConnectionTracker(allowance: 6)
        var clock = TestClock()
        var batch: [Packet] = []
        var decisions: [FlowDecision] = []
        var pending: [FlowDecision] = []
        for step in 0..<20_000 {
            if step % 997 == 0 { clock.advance(seconds: Int.random(in: 0..<400, using: &rng)) }
            if step == 10_000 {
                // Rule removal: tracked flows stay, untracked ones are cut, identically on all paths.
                let ruleId = policy.matchingRuleIds(
                    interfaceId: "eni-open", direction: .ingress,
                    packet: .tcp(from: ip("198.51.100.7"), to: ip("10.0.3.1"), destinationPort: 80)
                ).first!
                policy.removeRule(id: ruleId)
            }
            let packet = Self.randomPacket(&rng)
            let verdict = explained.process(packet, now: clock.now, policy: policy)
            let decision = lean.decide(packet, now: clock.now, policy: policy)
            #expect(decision == FlowDecision(verdict), "\(packet)")
            #expect(decision.isAllowed == verdict.isAllowed)
            pending.append(decision)
            batch.append(packet)
            if batch.count == 7 || step % 997 == 996 || step == 9_999 {
                batched.decide(batch: batch, now: clock.now, policy: policy, into: &decisions)
                #expect(decisions == pending)
                batch.removeAll()
                pending.removeAll()
            }
        }
        for id in ["eni-web", "eni-db", "eni-open"] {
            #expect(explained.metrics(for: id) == lean.metrics(for: id))
            #expect(
                Set(explained.trackedFlows(for: id, now: clock.now)) == Set(lean.trackedFlows(for: id, now: clock.now)))
        }
    }

    @Test func sidesReportWhy() {
        let policy = CompiledPolicy(Self.snapshot())
        var tracker = ConnectionTracker()
        let now = TestClock().now
        let syn = Packet.tcp(from: ip("198.51.100.7"), to: ip("10.0.1.1"), destinationPort: 443)
        #expect(tracker.decide(syn, now: now, policy: policy) == FlowDecision(source: .notInSnapshot, destination: .allowedByRules))
        var ack = syn
        ack.tcpFlags = .ack
        #expect(tracker.decide(ack, now: now, policy: policy).destination == .trackedFlow)
        var reply = syn.reversed
        reply.tcpFlags = [.syn, .ack]
        #expect(tracker.decide(reply, now: now, policy: policy) == FlowDecision(source: .returnTraffic, destination: .notInSnapshot))
        let denied = Packet.tcp(from: ip("198.51.100.7"), to: ip("10.0.1.1"), destinationPort: 22)
        let decision = tracker.decide(denied, now: now, policy: policy)
        #expect(decision.destination == .noMatchingRule && !decision.isAllowed)
        let untracked = Packet.tcp(from: ip("198.51.100.7"), to: ip("10.0.3.1"), destinationPort: 80)
        #expect(tracker.decide(untracked, now: now, policy: policy).destination == .allowedUntracked)
        #expect(MemoryLayout<FlowDecision>.size == 2)
    }
}
