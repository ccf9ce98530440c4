import PalisadeCore
import PalisadeNFTables
import Testing

struct DeltaTests {
    static let webBindings = try! InterfaceBindings(["eni-web": "eth0"])

    /// A second database server joins, the bastion goes away: only set elements change.
    static var membershipChanged: PolicySnapshot {
        var snapshot = Fixtures.threeTier
        snapshot.revision = 2
        snapshot.networkInterfaces.removeAll { $0.networkInterfaceId == "eni-bastion" }
        snapshot.networkInterfaces.append(
            Fixtures.eni("eni-database-2", groups: ["sg-database"], v4: ["10.0.3.11"], v6: ["2001:db8:3::11"]))
        return snapshot
    }

    @Test
    func membershipChangeIsElements() {
        let delta = NFTDelta.between(old: Fixtures.threeTier, new: Self.membershipChanged, bindings: Self.webBindings)
        guard case .elements(let changes) = delta else {
            Issue.record("expected elements, got \(delta)")
            return
        }
        #expect(changes.map(\.operation) == [.delete, .add, .add])
        Golden.expect(delta.script, matches: "delta_membership.nft")
    }

    /// The web interface had no inbound CIDR rule: the first one adds a set and a rule.
    @Test
    func ruleChangeIsFullReplacement() throws {
        var snapshot = Fixtures.threeTier
        snapshot.revision = 3
        snapshot.securityGroupRules.append(
            Fixtures.rule("sgr-web-metrics", "sg-web", .tcp, 9100, 9100, peer: Fixtures.cidr4("10.0.0.0/16")))
        let delta = NFTDelta.between(old: Fixtures.threeTier, new: snapshot, bindings: Self.webBindings)
        guard case .full(let script) = delta else {
            Issue.record("expected full, got \(delta)")
            return
        }
        #expect(script == NFTRenderer().render(snapshot, bindings: Self.webBindings).replacementScript)
        Golden.expect(script, matches: "delta_rule_change.nft")
    }

    /// A wider outbound rule on a set the interface already has: the element it covers gives way, and the
    /// element comments name the rules.
    static var cidrRuleWidened: PolicySnapshot {
        var snapshot = Fixtures.threeTier
        snapshot.revision = 4
        snapshot.securityGroupRules.append(
            Fixtures.rule(
                "sgr-web-out-wide", "sg-web", egress: true, .tcp, 400, 500, peer: Fixtures.cidr4("0.0.0.0/0")))
        return snapshot
    }

    @Test
    func cidrRuleChangeIsElements() {
        let delta = NFTDelta.between(old: Fixtures.threeTier, new: Self.cidrRuleWidened, bindings: Self.webBindings)
        let set = "inet palisade eni_web_egress_ports_v4"
        #expect(
            delta.script == """
                delete element \(set) { 0.0.0.0/0 . tcp . 443 comment "sgr-web-https-out" }
                add element \(set) { 0.0.0.0/0 . tcp . 400-500 comment "sgr-web-https-out,sgr-web-out-wide" }

                """)
    }

    @Test
    func unrelatedRevisionIsEmpty() {
        var snapshot = Fixtures.threeTier
        snapshot.revision = 9
        let delta = NFTDelta.between(old: Fixtures.threeTier, new: snapshot, bindings: Self.webBindings)
        #expect(delta == .elements([]))
        #expect(delta.isEmpty)
        #expect(delta.script == "")
    }

    @Test
    func prefixListEntriesAreElements() throws {
        var snapshot = Fixtures.prefixLists
        snapshot.prefixLists[0].entries = [.init(cidr: "203.0.113.0/24"), .init(cidr: "192.0.2.0/25")]
        let bindings = try InterfaceBindings(["eni-vpn": "eth0"])
        let delta = NFTDelta.between(old: Fixtures.prefixLists, new: snapshot, bindings: bindings)
        #expect(
            delta.script == """
                delete element inet palisade pl_0corp_v4 { 198.51.100.0/24 }
                add element inet palisade pl_0corp_v4 { 192.0.2.0/25 }

                """)
    }

    @Test
    func ownGroupChangeIsFull() {
        var snapshot = Fixtures.threeTier
        snapshot.networkInterfaces[1].groupIds.append("sg-bastion")
        #expect(!NFTDelta.between(old: Fixtures.threeTier, new: snapshot, bindings: Self.webBindings).isElements)
    }

    @Test
    func becomingUntrackedIsFull() {
        // Adding ingress all-traffic from anywhere to the web group makes its HTTPS egress untracked.
        var snapshot = Fixtures.threeTier
        snapshot.securityGroupRules.append(
            Fixtures.rule("sgr-web-all-in", "sg-web", .all, peer: Fixtures.cidr4("0.0.0.0/0")))
        let delta = NFTDelta.between(old: Fixtures.threeTier, new: snapshot, bindings: Self.webBindings)
        #expect(delta.script.contains("meta nfproto ipv4 tcp dport 443 notrack"))
        #expect(delta.script.contains("meta nfproto ipv4 tcp sport 443 notrack"))
    }
}

extension NFTDelta {
    var isElements: Bool {
        if case .elements = self { return true }
        return false
    }
}
