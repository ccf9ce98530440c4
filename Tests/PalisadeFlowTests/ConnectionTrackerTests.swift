import PalisadeCore
import PalisadeFlow
import Testing

/// Connection tracking (spec section 5) driven with a test clock.
struct ConnectionTrackerTests {
    static let server = ip("10.0.0.10")
    static let peerServer = ip("10.0.0.20")
    static let client = ip("203.0.113.1")
    static let stranger = ip("198.51.100.50")

    /// `eni-server` in sg-server: ssh from 203.0.113.1/32 (tracked), http from 0.0.0.0/0, icmp from anywhere.
    /// With `allEgress` it also has the `-1` egress rule to 0.0.0.0/0 that makes http untracked.
    static func policy(allEgress: Bool, tracking: ConnectionTrackingConfiguration? = nil) -> (PolicySnapshot, CompiledPolicy) {
        var builder = PolicyBuilder()
        builder.group("sg-server")
        builder.rule("sg-server", .tcp, 22, 22, .cidr("203.0.113.1/32"), id: "sgr-ssh")
        builder.rule("sg-server", .tcp, 80, 80, .cidr("0.0.0.0/0"), id: "sgr-http")
        builder.rule("sg-server", .udp, 53, 53, .cidr("203.0.113.0/24"), id: "sgr-dns")
        builder.rule("sg-server", .icmp, -1, -1, .cidr("0.0.0.0/0"), id: "sgr-icmp")
        builder.rule("sg-server", .number(47), nil, nil, .cidr("203.0.113.0/24"), id: "sgr-gre")
        if allEgress { builder.rule("sg-server", egress: true, .all, nil, nil, .cidr("0.0.0.0/0"), id: "sgr-all-out") }
        builder.interface("eni-server", groups: ["sg-server"], v4: ["10.0.0.10"], tracking: tracking)
        return (builder.snapshot, CompiledPolicy(builder.snapshot))
    }

    static func syn(from source: IPAddress, port: UInt16, sourcePort: UInt16 = 40_000, to destination: IPAddress = server) -> Packet {
        .tcp(from: source, sourcePort: sourcePort, to: destination, destinationPort: port)
    }

    static func reply(to packet: Packet, flags: TCPFlags = [.syn, .ack]) -> Packet {
        var reply = packet.reversed
        if packet.protocolNumber == ProtocolNumber.tcp { reply.tcpFlags = flags }
        return reply
    }

    @Test func trackedFlowReturnTrafficPassesWithoutEgressRules() {
        let (_, policy) = Self.policy(allEgress: false)
        var tracker = ConnectionTracker()
        var clock = TestClock()
        let syn = Self.syn(from: Self.client, port: 22)
        let first = tracker.process(syn, now: clock.now, policy: policy)
        #expect(first.destination?.outcome == .allowedByRules([RuleReference(ruleId: "sgr-ssh", groupId: "sg-server")], tracking: .tracked))
        #expect(tracker.metrics(for: "eni-server").trackedFlows == 1)
        clock.advance(seconds: 1)
        let back = tracker.process(Self.reply(to: syn), now: clock.now, policy: policy)
        #expect(back.isAllowed)
        #expect(back.source?.outcome == .trackedFlow(syn.flowKey, isReturn: true))
        // The server cannot open a connection of its own: no egress rules.
        let outbound = Self.syn(from: Self.server, port: 443, to: Self.stranger)
        #expect(!tracker.process(outbound, now: clock.now, policy: policy).isAllowed)
        #expect(tracker.trackedFlows(for: "eni-server", now: clock.now) == [syn.flowKey])
    }

    @Test func removingTheRuleKeepsTrackedFlowsButNotNewOnes() {
        var (_, policy) = Self.policy(allEgress: false)
        var tracker = ConnectionTracker()
        var clock = TestClock()
        let syn = Self.syn(from: Self.client, port: 22)
        #expect(tracker.process(syn, now: clock.now, policy: policy).isAllowed)
        #expect(tracker.process(Self.reply(to: syn), now: clock.now, policy: policy).isAllowed)
        policy.removeRule(id: "sgr-ssh")
        clock.advance(seconds: 30)
        var ack = syn
        ack.tcpFlags = .ack
        let verdict = tracker.process(ack, now: clock.now, policy: policy)
        #expect(verdict.isAllowed)
        #expect(verdict.destination?.outcome == .trackedFlow(syn.flowKey, isReturn: false))
        let newFlow = Self.syn(from: Self.client, port: 22, sourcePort: 40_001)
        #expect(!tracker.process(newFlow, now: clock.now, policy: policy).isAllowed)
    }

    @Test func untrackedFlowIsJudgedPacketByPacketAndCutAtOnce() {
        var (_, policy) = Self.policy(allEgress: true)
        var tracker = ConnectionTracker()
        let clock = TestClock()
        let syn = Self.syn(from: Self.stranger, port: 80)
        let first = tracker.process(syn, now: clock.now, policy: policy)
        #expect(first.destination?.outcome == .allowedByRules([RuleReference(ruleId: "sgr-http", groupId: "sg-server")], tracking: .untracked))
        #expect(tracker.metrics(for: "eni-server").trackedFlows == 0)
        // The reply goes out by the egress rule and opens no tracked flow either.
        let back = tracker.process(Self.reply(to: syn), now: clock.now, policy: policy)
        #expect(back.source?.outcome == .allowedByRules([RuleReference(ruleId: "sgr-all-out", groupId: "sg-server")], tracking: .untracked))
        #expect(tracker.metrics(for: "eni-server").trackedFlows == 0)
        policy.removeRule(id: "sgr-http")
        var ack = syn
        ack.tcpFlags = .ack
        let cut = tracker.process(ack, now: clock.now, policy: policy)
        #expect(!cut.isAllowed)
        #expect(cut.droppedBy?.networkInterfaceId == "eni-server")
    }

    @Test func sshStaysTrackedNextToUntrackedHTTP() {
        let (_, policy) = Self.policy(allEgress: true)
        var tracker = ConnectionTracker()
        let verdict = tracker.process(Self.syn(from: Self.client, port: 22), now: TestClock().now, policy: policy)
        #expect(verdict.destination?.outcome == .allowedByRules([RuleReference(ruleId: "sgr-ssh", groupId: "sg-server")], tracking: .tracked))
        #expect(tracker.metrics(for: "eni-server").trackedFlows == 1)
    }

    @Test func removingTheAllTrafficEgressRuleMakesHTTPTracked() {
        var (_, policy) = Self.policy(allEgress: true)
        policy.removeRule(id: "sgr-all-out")
        var tracker = ConnectionTracker()
        let syn = Self.syn(from: Self.stranger, port: 80)
        let verdict = tracker.process(syn, now: TestClock().now, policy: policy)
        #expect(verdict.destination?.outcome == .allowedByRules([RuleReference(ruleId: "sgr-http", groupId: "sg-server")], tracking: .tracked))
        #expect(tracker.process(Self.reply(to: syn), now: TestClock().now, policy: policy).isAllowed)
    }

    @Test func icmpIsAlwaysTracked() {
        let (_, policy) = Self.policy(allEgress: true)
        var tracker = ConnectionTracker()
        let ping = Packet.icmp(from: Self.stranger, to: Self.server, type: 8, identifier: 7)
        let verdict = tracker.process(ping, now: TestClock().now, policy: policy)
        #expect(verdict.destination?.outcome == .allowedByRules([RuleReference(ruleId: "sgr-icmp", groupId: "sg-server")], tracking: .tracked))
        #expect(tracker.metrics(for: "eni-server").trackedFlows == 1)
    }

    @Test func echoReplyLeavesWithoutEgressRules() {
        let (_, policy) = Self.policy(allEgress: false)
        var tracker = ConnectionTracker()
        var clock = TestClock()
        let ping = Packet.icmp(from: Self.stranger, to: Self.server, type: 8, identifier: 7)
        #expect(tracker.process(ping, now: clock.now, policy: policy).isAllowed)
        clock.advance(seconds: 2)
        let pong = Packet.icmp(from: Self.server, to: Self.stranger, type: 0, identifier: 7)
        #expect(tracker.process(pong, now: clock.now, policy: policy).source?.outcome == .trackedFlow(ping.flowKey, isReturn: true))
        let otherId = Packet.icmp(from: Self.server, to: Self.stranger, type: 0, identifier: 8)
        #expect(!tracker.process(otherId, now: clock.now, policy: policy).isAllowed)
    }

    @Test func udpOneWayTimesOutAfterThirtySeconds() {
        let (_, policy) = Self.policy(allEgress: false)
        var tracker = ConnectionTracker()
        var clock = TestClock()
        let query = Packet.udp(from: Self.client, sourcePort: 5353, to: Self.server, destinationPort: 53)
        #expect(tracker.process(query, now: clock.now, policy: policy).isAllowed)
        clock.advance(seconds: 29)
        #expect(tracker.process(query.reversed, now: clock.now, policy: policy).isAllowed)
        // One request/response: still the 30 s UDP timeout.
        clock.advance(seconds: 31)
        #expect(!tracker.process(query.reversed, now: clock.now, policy: policy).isAllowed)
    }

    @Test func udpStreamUsesTheStreamTimeout() {
        let (_, policy) = Self.policy(allEgress: false)
        var tracker = ConnectionTracker()
        var clock = TestClock()
        let query = Packet.udp(from: Self.client, sourcePort: 5353, to: Self.server, destinationPort: 53)
        #expect(tracker.process(query, now: clock.now, policy: policy).isAllowed)
        #expect(tracker.process(query.reversed, now: clock.now, policy: policy).isAllowed)
        #expect(tracker.process(query, now: clock.now, policy: policy).isAllowed)  // second request: a stream
        clock.advance(seconds: 179)
        #expect(tracker.process(query.reversed, now: clock.now, policy: policy).isAllowed)
        clock.advance(seconds: 181)
        #expect(!tracker.process(query.reversed, now: clock.now, policy: policy).isAllowed)
    }

    @Test func interfaceTimeoutsOverrideTheDefaults() {
        let configuration = ConnectionTrackingConfiguration(tcpEstablishedTimeout: 60, udpStreamTimeout: 60, udpTimeout: 45)
        let (_, policy) = Self.policy(allEgress: false, tracking: configuration)
        var tracker = ConnectionTracker()
        var clock = TestClock()
        let syn = Self.syn(from: Self.client, port: 22)
        #expect(tracker.process(syn, now: clock.now, policy: policy).isAllowed)
        #expect(tracker.process(Self.reply(to: syn), now: clock.now, policy: policy).isAllowed)
        var ack = syn
        ack.tcpFlags = .ack
        #expect(tracker.process(ack, now: clock.now, policy: policy).isAllowed)  // established now
        clock.advance(seconds: 59)
        #expect(tracker.process(Self.reply(to: syn, flags: .ack), now: clock.now, policy: policy).isAllowed)
        clock.advance(seconds: 61)
        #expect(!tracker.process(Self.reply(to: syn, flags: .ack), now: clock.now, policy: policy).isAllowed)

        let query = Packet.udp(from: Self.client, sourcePort: 5353, to: Self.server, destinationPort: 53)
        #expect(tracker.process(query, now: clock.now, policy: policy).isAllowed)
        clock.advance(seconds: 44)
        #expect(tracker.process(query.reversed, now: clock.now, policy: policy).isAllowed)
        clock.advance(seconds: 46)
        #expect(!tracker.process(query.reversed, now: clock.now, policy: policy).isAllowed)
    }

    @Test func establishedTCPLastsFiveDaysByDefault() {
        let (_, policy) = Self.policy(allEgress: false)
        var tracker = ConnectionTracker()
        var clock = TestClock()
        let syn = Self.syn(from: Self.client, port: 22)
        var ack = syn
        ack.tcpFlags = .ack
        _ = tracker.process(syn, now: clock.now, policy: policy)
        _ = tracker.process(Self.reply(to: syn), now: clock.now, policy: policy)
        _ = tracker.process(ack, now: clock.now, policy: policy)
        clock.advance(seconds: 431_999)
        #expect(tracker.process(Self.reply(to: syn, flags: .ack), now: clock.now, policy: policy).isAllowed)
        clock.advance(seconds: 432_001)
        #expect(!tracker.process(Self.reply(to: syn, flags: .ack), now: clock.now, policy: policy).isAllowed)
    }

    @Test func otherProtocolsUseSixHundredSecondsOnTheAddressPair() {
        let (_, policy) = Self.policy(allEgress: false)
        var tracker = ConnectionTracker()
        var clock = TestClock()
        let gre = Packet.other(47, from: Self.client, to: Self.server)
        #expect(tracker.process(gre, now: clock.now, policy: policy).isAllowed)
        clock.advance(seconds: 599)
        #expect(tracker.process(gre.reversed, now: clock.now, policy: policy).isAllowed)
        clock.advance(seconds: 601)
        #expect(!tracker.process(gre.reversed, now: clock.now, policy: policy).isAllowed)
    }

    @Test func icmpErrorsOfTrackedFlowsPass() {
        var builder = PolicyBuilder()
        builder.group("sg-client")
        builder.rule("sg-client", egress: true, .tcp, 443, 443, .cidr("0.0.0.0/0"), id: "sgr-https-out")
        builder.interface("eni-client", groups: ["sg-client"], v4: ["10.0.0.10"], v6: ["2001:db8::10"])
        let policy = CompiledPolicy(builder.snapshot)
        var tracker = ConnectionTracker()
        let clock = TestClock()
        let router = ip("192.0.2.1")
        let syn = Self.syn(from: Self.server, port: 443, to: Self.stranger)
        #expect(tracker.process(syn, now: clock.now, policy: policy).isAllowed)
        let unreachable = Packet.icmp(from: router, to: Self.server, type: 3, code: 4, embedding: syn.flowKey)
        let verdict = tracker.process(unreachable, now: clock.now, policy: policy)
        #expect(verdict.destination?.outcome == .relatedICMPError(syn.flowKey))
        let timeExceeded = Packet.icmp(from: router, to: Self.server, type: 11, embedding: syn.flowKey)
        #expect(tracker.process(timeExceeded, now: clock.now, policy: policy).isAllowed)
        let unknown = Packet.icmp(
            from: router, to: Self.server, type: 3, code: 4,
            embedding: Self.syn(from: Self.server, port: 443, sourcePort: 1, to: Self.stranger).flowKey)
        #expect(!tracker.process(unknown, now: clock.now, policy: policy).isAllowed)

        let syn6 = Packet.tcp(from: ip("2001:db8::10"), to: ip("2001:db8:ffff::1"), destinationPort: 443)
        let noV6Rule = tracker.process(syn6, now: clock.now, policy: policy)
        #expect(!noV6Rule.isAllowed)  // the egress rule is IPv4 only
        var ipv6Policy = policy
        ipv6Policy.addRule(
            SecurityGroupRule(
                ruleId: "sgr-https6", groupId: "sg-client", scope: PolicyBuilder.scope, isEgress: true, ipProtocol: .tcp,
                fromPort: 443, toPort: 443, peer: .cidr("::/0")))
        #expect(tracker.process(syn6, now: clock.now, policy: ipv6Policy).isAllowed)
        let tooBig = Packet.icmp(from: ip("2001:db8:1::1"), to: ip("2001:db8::10"), type: 2, embedding: syn6.flowKey)
        #expect(tooBig.protocolNumber == ProtocolNumber.icmpv6)
        #expect(tracker.process(tooBig, now: clock.now, policy: ipv6Policy).destination?.outcome == .relatedICMPError(syn6.flowKey))
    }

    @Test func allowanceCapsNewTrackedFlows() throws {
        let (_, policy) = Self.policy(allEgress: false)
        var tracker = ConnectionTracker()
        tracker.setAllowance(2, for: "eni-server")
        var clock = TestClock()
        for port: UInt16 in [1, 2] {
            #expect(tracker.process(Self.syn(from: Self.client, port: 22, sourcePort: port), now: clock.now, policy: policy).isAllowed)
        }
        #expect(tracker.metrics(for: "eni-server").allowanceAvailable == 0)
        let third = tracker.process(Self.syn(from: Self.client, port: 22, sourcePort: 3), now: clock.now, policy: policy)
        #expect(!third.isAllowed)
        #expect(third.droppedBy?.outcome == .conntrackAllowanceExceeded(allowance: 2))
        #expect(third.description.contains("conntrack allowance exceeded"))
        let metrics = tracker.metrics(for: "eni-server")
        #expect(metrics.allowanceExceeded == 1)
        #expect(metrics.named.map(\.name) == ["conntrack_allowance_available", "conntrack_allowance_exceeded"])
        // Existing flows keep working at the cap, and untracked traffic does not count against it.
        #expect(tracker.process(Self.reply(to: Self.syn(from: Self.client, port: 22, sourcePort: 1)), now: clock.now, policy: policy).isAllowed)
        // Once the flows idle out (SYN_SENT: 120 s), new flows fit again.
        clock.advance(seconds: 121)
        #expect(tracker.process(Self.syn(from: Self.client, port: 22, sourcePort: 4), now: clock.now, policy: policy).isAllowed)
        #expect(tracker.metrics(for: "eni-server").trackedFlows == 1)
    }

    @Test func flowsBetweenTwoInterfacesAreTrackedOnBothSides() {
        var builder = PolicyBuilder()
        builder.group("sg-a")
        builder.group("sg-b")
        builder.rule("sg-a", egress: true, .tcp, 5432, 5432, .group("sg-b"), id: "sgr-a-out")
        builder.rule("sg-b", .tcp, 5432, 5432, .group("sg-a"), id: "sgr-b-in")
        builder.interface("eni-a", groups: ["sg-a"], v4: ["10.0.0.1"])
        builder.interface("eni-b", groups: ["sg-b"], v4: ["10.0.0.2"])
        var policy = CompiledPolicy(builder.snapshot)
        var tracker = ConnectionTracker()
        let clock = TestClock()
        let syn = Packet.tcp(from: ip("10.0.0.1"), to: ip("10.0.0.2"), destinationPort: 5432)
        #expect(tracker.process(syn, now: clock.now, policy: policy).matchedRuleIds == ["sgr-a-out", "sgr-b-in"])
        #expect(tracker.metrics(for: "eni-a").trackedFlows == 1)
        #expect(tracker.metrics(for: "eni-b").trackedFlows == 1)
        #expect(tracker.process(Self.reply(to: syn), now: clock.now, policy: policy).isAllowed)
        // The member leaves sg-a: tracked flows persist, new ones are refused by B's ingress.
        policy.upsertInterface(makeInterface("eni-a", groups: [], v4: ["10.0.0.1"]))
        #expect(tracker.process(Self.reply(to: syn), now: clock.now, policy: policy).isAllowed)
        let next = Packet.tcp(from: ip("10.0.0.1"), sourcePort: 50_000, to: ip("10.0.0.2"), destinationPort: 5432)
        let refused = tracker.process(next, now: clock.now, policy: policy)
        #expect(refused.droppedBy?.networkInterfaceId == "eni-a")
        #expect(refused.destination?.isAllowed == false)
    }

    @Test func addedRuleIsVisibleToTheNextFlow() {
        var (_, policy) = Self.policy(allEgress: false)
        var tracker = ConnectionTracker()
        let clock = TestClock()
        let https = Self.syn(from: Self.stranger, port: 443)
        #expect(!tracker.process(https, now: clock.now, policy: policy).isAllowed)
        policy.addRule(
            SecurityGroupRule(
                ruleId: "sgr-https", groupId: "sg-server", scope: PolicyBuilder.scope, isEgress: false, ipProtocol: .tcp,
                fromPort: 443, toPort: 443, peer: .cidr("198.51.100.0/24")))
        #expect(tracker.process(https, now: clock.now, policy: policy).matchedRuleIds == ["sgr-https"])
    }

    @Test func expireFreesIdleFlows() {
        let (_, policy) = Self.policy(allEgress: false)
        var tracker = ConnectionTracker()
        var clock = TestClock()
        for port: UInt16 in 1...50 {
            _ = tracker.process(Self.syn(from: Self.client, port: 22, sourcePort: port), now: clock.now, policy: policy)
        }
        #expect(tracker.trackedFlowCount == 50)
        clock.advance(seconds: 200)
        tracker.expire(now: clock.now)
        #expect(tracker.trackedFlowCount == 0)
    }
}
