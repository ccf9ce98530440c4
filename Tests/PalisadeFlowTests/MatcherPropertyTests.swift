import PalisadeCore
import PalisadeFlow
import Testing

/// The compiled matcher against ``ReferenceEvaluator`` (a scan of every rule) on random policies and
/// packets, before and after random incremental updates.
struct MatcherPropertyTests {
    /// Random policy material over a small address universe, so that rules, groups and packets collide.
    struct Universe {
        var rng: SplitMix64
        let groups = (0..<6).map { "sg-\($0)" }
        let insideV4 = (1...24).map { "10.0.0.\($0)" }
        let insideV6 = (1...8).map { "2001:db8::\($0)" }
        let outsideV4 = ["203.0.113.5", "198.51.100.9", "10.0.1.7", "8.8.8.8"]
        let outsideV6 = ["2001:db8:1::5", "fd00::1"]
        var ruleCounter = 0
        var interfaceCounter = 0

        init(seed: UInt64) { rng = SplitMix64(seed: seed) }

        mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &rng)] }
        mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

        mutating func cidr() -> String {
            if chance(25) {
                return pick(["::/0", "2001:db8::/120", "2001:db8::/126", "2001:db8::3/128", "fd00::/8", "2001:db8::/32"])
            }
            return pick([
                "0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/24", "10.0.0.0/28", "10.0.0.16/29", "10.0.0.5/32",
                "203.0.113.0/24", "198.51.100.0/25", "10.0.0.8/30",
            ])
        }

        mutating func rule() -> SecurityGroupRule {
            ruleCounter += 1
            let ipProtocol = pick([IPProtocol.all, .tcp, .tcp, .udp, .icmp, .icmpv6, .number(47)])
            var from: Int?
            var to: Int?
            switch ipProtocol {
            case .tcp, .udp:
                let range = pick([(22, 22), (80, 80), (443, 443), (0, 65_535), (1000, 2000), (20, 30), (8080, 8090)])
                (from, to) = (range.0, range.1)
            case .icmp, .icmpv6:
                from = pick([-1, 0, 3, 8, 128, 129])
                to = from == -1 ? -1 : pick([-1, 0, 4])
            case .all:
                (from, to) = chance(50) ? (nil, nil) : (0, 0)
            default:
                (from, to) = (nil, nil)
            }
            let peer: RulePeer
            switch Int.random(in: 0..<10, using: &rng) {
            case 0...4: peer = .cidr(cidr())
            case 5...6: peer = .prefixList(pick(["pl-a", "pl-b", "pl-missing"]))
            default: peer = .group(pick(groups))
            }
            return SecurityGroupRule(
                ruleId: "sgr-\(ruleCounter)", groupId: pick(groups), scope: PolicyBuilder.scope, isEgress: chance(50),
                ipProtocol: ipProtocol, fromPort: from, toPort: to, peer: peer)
        }

        mutating func interface(_ id: String, v4: [String], v6: [String]) -> NetworkInterface {
            var chosen: [String] = []
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let group = pick(groups)
                if !chosen.contains(group) { chosen.append(group) }
            }
            return makeInterface(id, groups: chosen, v4: v4, v6: v6)
        }

        mutating func prefixList(_ id: String) -> ManagedPrefixList {
            var entries: [ManagedPrefixList.Entry] = []
            for _ in 0..<Int.random(in: 0...3, using: &rng) { entries.append(.init(cidr: cidr())) }
            return ManagedPrefixList(
                prefixListId: id, scope: PolicyBuilder.scope, prefixListName: id, addressFamily: .ipv4, maxEntries: 5,
                entries: entries, ownerId: Scope.defaultAccountId)
        }

        mutating func snapshot() -> PolicySnapshot {
            var snapshot = PolicySnapshot(revision: 1, scope: PolicyBuilder.scope)
            snapshot.prefixLists = [prefixList("pl-a"), prefixList("pl-b")]
            snapshot.securityGroupRules = (0..<Int.random(in: 5...40, using: &rng)).map { _ in rule() }
            var v4 = insideV4.shuffled(using: &rng)
            var v6 = insideV6.shuffled(using: &rng)
            for index in 0..<8 {
                let v4Count = min(v4.count, Int.random(in: 1...2, using: &rng))
                let v6Count = chance(40) ? min(v6.count, 1) : 0
                let mine4 = Array(v4.prefix(v4Count))
                let mine6 = Array(v6.prefix(v6Count))
                v4.removeFirst(v4Count)
                v6.removeFirst(v6Count)
                snapshot.networkInterfaces.append(interface("eni-\(index)", v4: mine4, v6: mine6))
            }
            return snapshot
        }

        mutating func packet() -> Packet {
            let v6 = chance(25)
            let pool = v6 ? insideV6 + outsideV6 : insideV4 + outsideV4
            let source = ip(pick(pool))
            let destination = ip(pick(pool))
            switch Int.random(in: 0..<10, using: &rng) {
            case 0...3:
                return .tcp(from: source, to: destination, destinationPort: pick([22, 80, 443, 25, 1500, 8085, 65_535, 0]))
            case 4...5:
                return .udp(from: source, to: destination, destinationPort: pick([53, 1000, 2000, 2001, 443]))
            case 6...8:
                return .icmp(from: source, to: destination, type: pick([0, 3, 8, 11, 128, 129]), code: pick([0, 4, 1]))
            default:
                return .other(pick([47, 50]), from: source, to: destination)
            }
        }

        /// Applies one random change to both the snapshot and the compiled policy.
        mutating func mutate(_ snapshot: inout PolicySnapshot, _ policy: inout CompiledPolicy) {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0:
                let rule = rule()
                snapshot.securityGroupRules.append(rule)
                policy.addRule(rule)
            case 1:
                guard !snapshot.securityGroupRules.isEmpty else { return }
                let index = Int.random(in: 0..<snapshot.securityGroupRules.count, using: &rng)
                let removed = snapshot.securityGroupRules.remove(at: index)
                let existed = policy.removeRule(id: removed.ruleId)
                #expect(existed)
            case 2, 3:
                let index = Int.random(in: 0..<snapshot.networkInterfaces.count, using: &rng)
                var changed = snapshot.networkInterfaces[index]
                changed.groupIds = interface("x", v4: [], v6: []).groupIds
                snapshot.networkInterfaces[index] = changed
                policy.upsertInterface(changed)
            case 4:
                let list = prefixList(pick(["pl-a", "pl-b"]))
                snapshot.prefixLists.removeAll { $0.prefixListId == list.prefixListId }
                snapshot.prefixLists.append(list)
                policy.upsertPrefixList(list)
            default:
                if chance(50), snapshot.networkInterfaces.count > 2 {
                    let removed = snapshot.networkInterfaces.removeLast()
                    let existed = policy.removeInterface(id: removed.networkInterfaceId)
                    #expect(existed)
                } else {
                    let used = Set(snapshot.networkInterfaces.flatMap(\.privateAddresses))
                    let free4 = insideV4.filter { !used.contains(ip($0)) }
                    guard !free4.isEmpty else { return }
                    interfaceCounter += 1
                    let added = interface("eni-new-\(interfaceCounter)", v4: [pick(free4)], v6: [])
                    snapshot.networkInterfaces.append(added)
                    policy.upsertInterface(added)
                }
            }
        }
    }

    static func compare(
        _ policy: CompiledPolicy, _ snapshot: PolicySnapshot, packets: [Packet], sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int {
        let reference = ReferenceEvaluator(snapshot)
        let evaluator = Evaluator(policy: policy)
        var mismatches = 0
        var matches = 0
        for packet in packets {
            for networkInterface in snapshot.networkInterfaces {
                for direction in Direction.allCases {
                    let expected = reference.matchingRuleIds(
                        interfaceId: networkInterface.networkInterfaceId, direction: direction, packet: packet)
                    let actual = policy.matchingRuleIds(
                        interfaceId: networkInterface.networkInterfaceId, direction: direction, packet: packet)
                    if !expected.isEmpty { matches += 1 }
                    if expected != actual {
                        mismatches += 1
                        if mismatches <= 3 {
                            Issue.record(
                                "\(networkInterface.networkInterfaceId) \(direction) \(packet): expected \(expected), got \(actual)",
                                sourceLocation: sourceLocation)
                        }
                    }
                }
            }
            let allowed = evaluator.isAllowed(packet)
            if reference.isAllowed(packet) != allowed || evaluator.evaluate(packet).isAllowed != allowed {
                mismatches += 1
                Issue.record("verdict differs for \(packet)", sourceLocation: sourceLocation)
            }
        }
        // Random policies that never match would prove nothing.
        #expect(matches > 0, sourceLocation: sourceLocation)
        return mismatches
    }

    @Test(arguments: 0..<24)
    func compiledMatchesReference(seed: UInt64) {
        var universe = Universe(seed: seed &* 7919 &+ 1)
        var snapshot = universe.snapshot()
        var policy = CompiledPolicy(snapshot)
        let packets = (0..<120).map { _ in universe.packet() }
        #expect(Self.compare(policy, snapshot, packets: packets) == 0)
        for _ in 0..<12 { universe.mutate(&snapshot, &policy) }
        #expect(Self.compare(policy, snapshot, packets: packets) == 0)
        // A fresh compile of the mutated snapshot and `update(to:)` from the original agree too.
        #expect(Self.compare(CompiledPolicy(snapshot), snapshot, packets: packets) == 0)
        var updated = CompiledPolicy(universe.snapshot())
        updated.update(to: snapshot)
        #expect(Self.compare(updated, snapshot, packets: packets) == 0)
    }

    @Test func denialsCarryAReasonForEveryConsultedRule() {
        var universe = Universe(seed: 99)
        let snapshot = universe.snapshot()
        let policy = CompiledPolicy(snapshot)
        let evaluator = Evaluator(policy: policy)
        for _ in 0..<300 {
            let verdict = evaluator.evaluate(universe.packet())
            guard let dropped = verdict.droppedBy, case .noMatchingRule(let misses) = dropped.outcome else { continue }
            #expect(misses.allSatisfy { !$0.reasons.isEmpty })
            #expect(misses.count <= 3)
            #expect(verdict.description.hasPrefix("DROP"))
        }
    }
}
