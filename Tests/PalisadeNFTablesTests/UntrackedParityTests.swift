import PalisadeCore
import PalisadeFlow
import PalisadeNFTables
import Testing

/// The raw chains must mark exactly the packets the flow engine calls untracked.
struct UntrackedParityTests {
    static let outside4 = IPAddress("192.0.2.77")!
    static let outside6 = IPAddress("2001:db8:ffff::77")!
    static let ports: [UInt16] = [0, 1, 22, 53, 79, 80, 81, 123, 443, 1024, 3306, 8080, 49_152, 65_535]

    /// Every (family, protocol, source port, destination port) probe, both directions, against Flow's verdict.
    /// - Returns: How many probes were untracked, so callers can tell the check was not vacuous.
    @discardableResult
    static func checkParity(_ snapshot: PolicySnapshot, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        var untrackedCount = 0
        let evaluator = Evaluator(snapshot)
        for networkInterface in snapshot.networkInterfaces {
            let id = networkInterface.networkInterfaceId
            let ingress = evaluator.policy.untrackedTraffic(interfaceId: id, direction: .ingress)
            let egress = evaluator.policy.untrackedTraffic(interfaceId: id, direction: .egress)
            let locals = networkInterface.privateAddresses
            for local in locals {
                let remote = local.isV6 ? outside6 : outside4
                for sourcePort in ports {
                    for destinationPort in ports {
                        for make in [Packet.tcp(from:sourcePort:to:destinationPort:flags:), udp] {
                            let inbound = make(remote, sourcePort, local, destinationPort, .syn)
                            let side = evaluator.evaluate(inbound, destinationInterfaceId: id).destination!
                            if side.isUntracked { untrackedCount += 1 }
                            #expect(
                                ingress.contains(inbound) == side.isUntracked, "ingress \(inbound) on \(id)",
                                sourceLocation: sourceLocation)
                            let outbound = make(local, sourcePort, remote, destinationPort, .syn)
                            let egressSide = evaluator.evaluate(outbound, sourceInterfaceId: id).source!
                            if egressSide.isUntracked { untrackedCount += 1 }
                            #expect(
                                egress.contains(outbound) == egressSide.isUntracked, "egress \(outbound) on \(id)",
                                sourceLocation: sourceLocation)
                        }
                    }
                }
            }
        }
        return untrackedCount
    }

    static func udp(from: IPAddress, sourcePort: UInt16, to: IPAddress, destinationPort: UInt16, flags: TCPFlags)
        -> Packet
    {
        .udp(from: from, sourcePort: sourcePort, to: to, destinationPort: destinationPort)
    }

    @Test(arguments: [Fixtures.threeTier, Fixtures.untracked, Fixtures.ipv6, Fixtures.icmp, Fixtures.prefixLists])
    func fixturesMatchFlow(_ snapshot: PolicySnapshot) {
        Self.checkParity(snapshot)
    }

    @Test
    func untrackedFixtureHasUntrackedTrafficBothWays() {
        #expect(Self.checkParity(Fixtures.untracked) > 100)
        let policy = CompiledPolicy(Fixtures.untracked)
        let server = IPAddress("10.0.4.10")!
        let request = Packet.tcp(from: Self.outside4, to: server, destinationPort: 80)
        #expect(policy.untrackedTraffic(interfaceId: "eni-server", direction: .ingress).contains(request))
        #expect(policy.untrackedTraffic(interfaceId: "eni-server", direction: .egress).contains(request.reversed))
        let ssh = Packet.tcp(from: IPAddress("203.0.113.1")!, to: server, destinationPort: 22)
        #expect(!policy.untrackedTraffic(interfaceId: "eni-server", direction: .ingress).contains(ssh))
        let ping = Packet.icmp(from: Self.outside4, to: server, type: 8)
        #expect(!policy.untrackedTraffic(interfaceId: "eni-server", direction: .ingress).contains(ping))
    }

    @Test
    func randomPoliciesMatchFlow() {
        var generator = SplitMix64(seed: 4)
        let peers = [
            Fixtures.cidr4("0.0.0.0/0"), Fixtures.cidr6("::/0"), Fixtures.cidr4("10.0.0.0/8"), Fixtures.sg("sg-a"),
        ]
        let protocols: [IPProtocol] = [.tcp, .udp, .all, .icmp, .number(47)]
        for round in 0..<25 {
            var rules: [SecurityGroupRule] = []
            for index in 0..<Int.random(in: 1...6, using: &generator) {
                let ipProtocol = protocols.randomElement(using: &generator)!
                var from: Int? = nil
                var to: Int? = nil
                if ipProtocol == .tcp || ipProtocol == .udp {
                    let full = Bool.random(using: &generator)
                    from = full ? 0 : [22, 53, 80, 1000].randomElement(using: &generator)!
                    to = full ? 65_535 : from! + [0, 100, 60_000].randomElement(using: &generator)!
                    to = min(to!, 65_535)
                }
                rules.append(
                    Fixtures.rule(
                        "sgr-\(round)-\(index)", ["sg-a", "sg-b"].randomElement(using: &generator)!,
                        egress: Bool.random(using: &generator), ipProtocol, from, to,
                        peer:
                            peers.randomElement(using: &generator)!))
            }
            let snapshot = Fixtures.snapshot(
                groups: ["sg-a", "sg-b"], rules: rules,
                interfaces: [
                    Fixtures.eni("eni-a", groups: ["sg-a"], v4: ["10.0.9.1"], v6: ["2001:db8:9::1"]),
                    Fixtures.eni("eni-ab", groups: ["sg-a", "sg-b"], v4: ["10.0.9.2"], v6: ["2001:db8:9::2"]),
                ])
            Self.checkParity(snapshot)
        }
    }
}

extension SideVerdict {
    var isUntracked: Bool {
        if case .allowedByRules(_, .untracked) = outcome { return true }
        return false
    }
}

extension IPAddress {
    var isV6: Bool {
        if case .v6 = self { return true }
        return false
    }
}
