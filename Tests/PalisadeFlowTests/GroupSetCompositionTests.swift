@testable import PalisadeFlow
import PalisadeCore
import Testing

/// Group sets are formed from per-group matchers: a join that creates a new set compiles nothing, and a
/// rule change to a group reaches every set holding it. Decisions stay those of the reference evaluator.
struct GroupSetCompositionTests {
    @Test(arguments: 0..<6)
    func joinsFormingNewSetsMatchTheReference(seed: UInt64) {
        var universe = MatcherPropertyTests.Universe(seed: seed &* 104_729 &+ 3)
        var snapshot = universe.snapshot()
        var policy = CompiledPolicy(snapshot)
        let packets = (0..<80).map { _ in universe.packet() }
        for step in 0..<20 {
            let index = step % snapshot.networkInterfaces.count
            var changed = snapshot.networkInterfaces[index]
            let extra = universe.interface("x", v4: [], v6: []).groupIds
            changed.groupIds = Array(Set(changed.groupIds + extra)).sorted()
            snapshot.networkInterfaces[index] = changed
            let matchersBefore = policy.groupMatchers.map { ($0.ingress.terms.count, $0.egress.terms.count) }
            policy.upsertInterface(changed)
            // A join builds no group matcher: the per-group matchers are untouched.
            #expect(policy.groupMatchers.prefix(matchersBefore.count).map { ($0.ingress.terms.count, $0.egress.terms.count) }.elementsEqual(matchersBefore, by: ==))
            if step % 4 == 3 {
                // A rule added to a group shared by several sets reaches all of them.
                let rule = universe.rule()
                snapshot.securityGroupRules.append(rule)
                policy.addRule(rule)
            }
        }
        #expect(MatcherPropertyTests.compare(policy, snapshot, packets: packets) == 0)
        let fresh = CompiledPolicy(snapshot)
        #expect(policy.groupSetCount == fresh.groupSetCount)
        for networkInterface in snapshot.networkInterfaces {
            for direction in Direction.allCases {
                #expect(
                    policy.untrackedTraffic(interfaceId: networkInterface.networkInterfaceId, direction: direction)
                        == fresh.untrackedTraffic(interfaceId: networkInterface.networkInterfaceId, direction: direction))
            }
        }
    }
}
