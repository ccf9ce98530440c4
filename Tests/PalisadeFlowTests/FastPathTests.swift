@testable import PalisadeFlow
import PalisadeCore
import Testing

/// The per-packet structures added for speed agree with the maps they shadow, and the tracker's
/// per-slot table cache never confuses interfaces when the policy changes under it.
struct FastPathTests {
    static func sample() -> PolicySnapshot {
        var builder = PolicyBuilder()
        builder.group("sg-web")
        builder.group("sg-db")
        builder.rule("sg-web", .tcp, 443, nil, .cidrIpv4(.anywhere))
        builder.rule("sg-db", .tcp, 5432, nil, .securityGroup(.init(groupId: "sg-web", userId: Scope.defaultAccountId)))
        builder.interface("eni-web1", groups: ["sg-web"], v4: ["10.0.1.1", "10.0.1.2"], v6: ["2001:db8::1"])
        builder.interface("eni-web2", groups: ["sg-web", "sg-db"], v4: ["10.0.1.3"])
        builder.interface("eni-db", groups: ["sg-db"], v4: ["10.0.2.1"])
        // Same address in another interface: a shared address, groups are the union.
        builder.interface("eni-dup", groups: ["sg-db"], v4: ["10.0.1.1"])
        return builder.snapshot
    }

    @Test func addressIndexBehavesLikeADictionary() {
        var rng = SplitMix64(seed: 7)
        var index = AddressIndex()
        var model: [IPAddress: (Int32, Bool)] = [:]
        for step in 0..<20_000 {
            let address: IPAddress =
                Bool.random(using: &rng)
                ? .v4(IPv4Address(UInt32.random(in: 0..<300, using: &rng)))
                : .v6(IPv6Address(high: UInt64.random(in: 0..<3, using: &rng), low: UInt64.random(in: 0..<300, using: &rng)))
            if Int.random(in: 0..<3, using: &rng) == 0 {
                index.set(address, interface: nil, shared: false)
                model[address] = nil
            } else {
                let shared = Bool.random(using: &rng)
                index.set(address, interface: Int32(step), shared: shared)
                model[address] = (Int32(step), shared)
            }
            if step % 500 == 0 {
                #expect(index.count == model.count)
                for (address, value) in model {
                    let hit = index.lookup(address)
                    #expect(hit?.interface == value.0 && hit?.shared == value.1)
                }
            }
        }
        // Same numeric value in both families stays apart.
        var families = AddressIndex()
        families.set(.v4(IPv4Address(5)), interface: 1, shared: false)
        #expect(families.lookup(.v6(IPv6Address(high: 0, low: 5))) == nil)
    }

    @Test func addressIndexFollowsIncrementalUpdates() {
        var policy = CompiledPolicy(Self.sample())
        for networkInterface in Self.sample().networkInterfaces {
            var moved = networkInterface
            moved.privateIpAddresses = [.init(address: IPv4Address(0x0B00_0000 | UInt32(moved.privateIpAddresses.count)), primary: true)]
            policy.upsertInterface(moved)
            for address in networkInterface.privateAddresses where !moved.privateAddresses.contains(address) {
                #expect(policy.resolveSlot(id: nil, address: address) == policy.interfacesByAddress[address]?.first)
            }
            for address in moved.privateAddresses {
                #expect(policy.resolveSlot(id: nil, address: address) == policy.interfacesByAddress[address]?.first)
                #expect(policy.peerGroups(of: address) == (policy.groupsByAddress[address] ?? []))
            }
        }
    }

    @Test func upsertWithSameGroupsKeepsTheGroupSet() {
        var policy = CompiledPolicy(Self.sample())
        guard let networkInterface = Self.sample().networkInterfaces.first,
            let slot = policy.interfaceIndexById[networkInterface.networkInterfaceId]
        else { return }
        let before = policy.interfaces[Int(slot)]!.groupSet
        let sets = policy.groupSetCount
        policy.upsertInterface(networkInterface)
        #expect(policy.interfaces[Int(slot)]!.groupSet == before)
        #expect(policy.groupSetCount == sets)
    }

    @Test func trackerTableCacheSurvivesSlotReuse() {
        let scope = Scope(accountId: Scope.defaultAccountId, region: "us-east-1")
        func eni(_ id: String, _ address: String) -> NetworkInterface {
            NetworkInterface(
                networkInterfaceId: id, scope: scope, subnetId: "subnet-1", vpcId: "vpc-1",
                availabilityZone: "us-east-1a", groupIds: ["sg-web"],
                privateIpAddresses: [.init(address: IPv4Address(address)!, primary: true)], macAddress: "02:00:00:00:00:01")
        }
        var snapshot = PolicySnapshot(revision: 1, scope: scope)
        snapshot.securityGroupRules = [
            SecurityGroupRule(
                ruleId: "sgr-1", groupId: "sg-web", scope: scope, isEgress: false, ipProtocol: .tcp, fromPort: 443,
                toPort: 443, peer: .cidrIpv4(.anywhere))
        ]
        snapshot.networkInterfaces = [eni("eni-a", "10.0.0.1")]
        let first = CompiledPolicy(snapshot)
        // The same interface in slot 1, another one in slot 0.
        snapshot.networkInterfaces = [eni("eni-b", "10.0.0.2"), eni("eni-a", "10.0.0.1")]
        let second = CompiledPolicy(snapshot)
        var tracker = ConnectionTracker()
        let now = Timestamp(millisecondsSince1970: 1_000)
        let client = IPAddress.v4(IPv4Address("198.51.100.7")!)
        let syn = Packet.tcp(from: client, sourcePort: 40_000, to: .v4(IPv4Address("10.0.0.1")!), destinationPort: 443)
        #expect(tracker.process(syn, now: now, policy: first).isAllowed)
        // Return traffic on port 40000 is only allowed as tracked state: it must find eni-a's table.
        let reply = syn.reversed
        let verdict = tracker.process(reply, now: now, policy: second)
        #expect(verdict.isAllowed)
        if case .trackedFlow(_, let isReturn) = verdict.source?.outcome { #expect(isReturn) } else { Issue.record("not tracked") }
        // eni-b (now in slot 0) has no flow: its reply-shaped packet is judged by rules (egress: none).
        let other = Packet.tcp(
            from: .v4(IPv4Address("10.0.0.2")!), sourcePort: 443, to: client, destinationPort: 40_000, flags: .ack)
        #expect(!tracker.process(other, now: now, policy: second).isAllowed)
        #expect(tracker.metrics(for: "eni-a").trackedFlows == 1)
        #expect(tracker.metrics(for: "eni-b").trackedFlows == 0)
    }
}
