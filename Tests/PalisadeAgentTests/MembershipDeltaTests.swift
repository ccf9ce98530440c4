import PalisadeAgent
import PalisadeCore
import PalisadeNFTables
import Testing

/// The membership fast path must produce exactly what a full rendering and `NFTDelta` would.
struct MembershipDeltaTests {
    let web = NetworkNamespace("web")
    let scope = AgentFixtures.scope

    func group(_ id: String) -> SecurityGroup {
        SecurityGroup(groupId: id, scope: scope, vpcId: "vpc-main", groupName: id, description: id)
    }

    func rule(_ id: String, in group: String, from peer: String, port: Int) -> SecurityGroupRule {
        SecurityGroupRule(
            ruleId: id, groupId: group, scope: scope, isEgress: false, ipProtocol: .tcp, fromPort: port,
            toPort: port, peer: .securityGroup(.init(groupId: peer, userId: scope.accountId)))
    }

    func eni(_ id: String, groups: [String], v4: String, v6: [String] = []) -> NetworkInterface {
        var eni = AgentFixtures.eni(id, groups: groups, v4: v4)
        eni.ipv6Addresses = v6.map { IPv6Address($0)! }
        return eni
    }

    /// Two bound servers; their groups reference `sg-a`, `sg-b` and (names that collide once sanitised)
    /// `sg-x.1` / `sg-x_1`; unbound clients hold them.
    func snapshot(revision: Int64, clients: [NetworkInterface]) -> PolicySnapshot {
        PolicySnapshot(
            revision: revision, scope: scope,
            securityGroups: ["sg-server", "sg-a", "sg-b", "sg-x.1", "sg-x_1", "sg-unused"].map(group),
            securityGroupRules: [
                rule("sgr-1", in: "sg-server", from: "sg-a", port: 80),
                rule("sgr-2", in: "sg-server", from: "sg-b", port: 443),
                rule("sgr-3", in: "sg-server", from: "sg-x.1", port: 22),
                rule("sgr-4", in: "sg-server", from: "sg-x_1", port: 23),
                rule("sgr-5", in: "sg-unused", from: "sg-unused", port: 24),
            ],
            networkInterfaces: [
                eni("eni-s1", groups: ["sg-server"], v4: "10.0.0.1"),
                eni("eni-s2", groups: ["sg-server", "sg-a"], v4: "10.0.0.2"),
            ] + clients)
    }

    func machine() throws -> EnforcementStateMachine {
        try EnforcementStateMachine(
            bindings: [
                AgentBinding(networkInterfaceId: "eni-s1", interfaceName: "eth0", namespace: web),
                AgentBinding(networkInterfaceId: "eni-s2", interfaceName: "eth1", namespace: web),
            ], scope: scope)
    }

    var bindings: InterfaceBindings { try! InterfaceBindings(["eni-s1": "eth0", "eni-s2": "eth1"]) }

    /// Applies `next` to a machine that holds `previous`; checks the result against a full rendering.
    func check(
        _ machine: inout EnforcementStateMachine, from previous: PolicySnapshot, to next: PolicySnapshot,
        expectKind: NFTTransaction.Kind?
    ) {
        machine.policyReceived(next)
        let transactions = machine.nextTransactions()
        let renderer = NFTRenderer()
        let rendered = renderer.render(next, bindings: bindings)
        #expect(transactions.map(\.kind) == (expectKind.map { [$0] } ?? []), "revision \(next.revision)")
        if let transaction = transactions.first {
            #expect(transaction.ruleset == rendered)
            if transaction.kind == .elements {
                let expected = NFTDelta.between(old: renderer.render(previous, bindings: bindings), new: rendered)
                #expect(transaction.script == expected.script)
            }
            machine.succeeded(transaction, processId: 1)
        }
        #expect(machine.isCurrent)
    }

    @Test
    func membershipChangesMatchAFullRendering() throws {
        var machine = try machine()
        var clients = [
            eni("eni-c1", groups: ["sg-a"], v4: "10.1.0.1", v6: ["2001:db8::1"]),
            eni("eni-c2", groups: ["sg-b", "sg-x.1"], v4: "10.1.0.2"),
            eni("eni-c3", groups: ["sg-x_1"], v4: "10.1.0.3"),
        ]
        var previous = snapshot(revision: 1, clients: clients)
        machine.policyReceived(previous)
        for transaction in machine.nextTransactions() { machine.succeeded(transaction, processId: 1) }

        var revision: Int64 = 1
        func step(_ expectKind: NFTTransaction.Kind?, _ edit: (inout [NetworkInterface]) -> Void) {
            edit(&clients)
            revision += 1
            let next = snapshot(revision: revision, clients: clients)
            check(&machine, from: previous, to: next, expectKind: expectKind)
            previous = next
        }
        // Join, leave, move between groups, several at once.
        step(.elements) { $0[0].groupIds = ["sg-a", "sg-b"] }
        step(.elements) { $0[1].groupIds = ["sg-x_1"] }
        step(.elements) {
            $0[0].groupIds = []
            $0[2].groupIds = ["sg-a", "sg-x.1"]
        }
        // A new interface, one sharing an address with another member, then deleting one of the two.
        step(.elements) { $0.append(eni("eni-c4", groups: ["sg-b"], v4: "10.1.0.4", v6: ["2001:db8::4"])) }
        step(nil) { $0.append(eni("eni-c5", groups: ["sg-b"], v4: "10.1.0.4")) }
        step(nil) { $0.removeAll { $0.networkInterfaceId == "eni-c5" } }
        step(.elements) { $0.removeAll { $0.networkInterfaceId == "eni-c4" } }
        // Groups nobody references, and a description: nothing to send.
        step(nil) { $0[1].groupIds.append("sg-unused") }
        step(nil) { $0[1].description = "renamed" }
        // Address change of a member.
        step(.elements) { $0[2].privateIpAddresses = [.init(address: IPv4Address("10.1.0.33")!, primary: true)] }
    }

    @Test
    func boundInterfaceAndRuleChangesAreStillRendered() throws {
        var machine = try machine()
        let clients = [eni("eni-c1", groups: ["sg-a"], v4: "10.1.0.1")]
        let first = snapshot(revision: 1, clients: clients)
        machine.policyReceived(first)
        for transaction in machine.nextTransactions() { machine.succeeded(transaction, processId: 1) }

        // eni-s2 (bound) leaves sg-a: a member of a set, and its own chains do not change.
        var second = snapshot(revision: 2, clients: clients)
        second.networkInterfaces[1].groupIds = ["sg-server"]
        check(&machine, from: first, to: second, expectKind: .elements)

        // eni-s1 (bound) gets another group: its chains change.
        var third = second
        third.revision = 3
        third.networkInterfaces[0].groupIds = ["sg-server", "sg-unused"]
        check(&machine, from: second, to: third, expectKind: .full)

        // A rule change.
        var fourth = third
        fourth.revision = 4
        fourth.securityGroupRules.removeFirst()
        check(&machine, from: third, to: fourth, expectKind: .full)

        // And membership deltas work again after the replacement.
        var fifth = fourth
        fifth.revision = 5
        fifth.networkInterfaces.append(eni("eni-c9", groups: ["sg-b"], v4: "10.1.0.9"))
        check(&machine, from: fourth, to: fifth, expectKind: .elements)
    }
}
