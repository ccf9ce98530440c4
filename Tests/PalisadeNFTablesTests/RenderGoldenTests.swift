import PalisadeCore
import PalisadeNFTables
import Testing

struct RenderGoldenTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var golden: String
        var snapshot: PolicySnapshot
        var bindings: [String: String]
        var testDescription: String { golden }
    }

    static let cases: [Case] = [
        Case(golden: "three_tier_alb.nft", snapshot: Fixtures.threeTier, bindings: ["eni-alb": "eth0"]),
        Case(golden: "three_tier_web.nft", snapshot: Fixtures.threeTier, bindings: ["eni-web": "eth0"]),
        Case(golden: "three_tier_database.nft", snapshot: Fixtures.threeTier, bindings: ["eni-database": "eth0"]),
        Case(golden: "three_tier_bastion.nft", snapshot: Fixtures.threeTier, bindings: ["eni-bastion": "eth0"]),
        Case(
            golden: "untracked.nft", snapshot: Fixtures.untracked,
            bindings: ["eni-server": "eth0", "eni-client": "eth1"]),
        Case(golden: "ipv6.nft", snapshot: Fixtures.ipv6, bindings: ["eni-app1": "eth0"]),
        Case(golden: "icmp.nft", snapshot: Fixtures.icmp, bindings: ["eni-icmp": "eth0"]),
        Case(golden: "prefix_lists.nft", snapshot: Fixtures.prefixLists, bindings: ["eni-vpn": "eth0"]),
    ]

    @Test(arguments: cases)
    func rendersGolden(_ testCase: Case) throws {
        let ruleset = NFTRenderer().render(testCase.snapshot, bindings: try InterfaceBindings(testCase.bindings))
        Golden.expect(ruleset.replacementScript, matches: testCase.golden)
    }

    @Test
    func outputIgnoresInputOrder() throws {
        var shuffled = Fixtures.threeTier
        shuffled.securityGroupRules.reverse()
        shuffled.networkInterfaces.reverse()
        shuffled.securityGroups.reverse()
        let bindings = try InterfaceBindings(["eni-web": "veth-web", "eni-database": "veth-db", "eni-alb": "veth-alb"])
        #expect(
            NFTRenderer().render(shuffled, bindings: bindings)
                == NFTRenderer().render(Fixtures.threeTier, bindings: bindings))
    }

    @Test
    func unknownInterfaceDropsEverything() throws {
        let ruleset = NFTRenderer().render(Fixtures.threeTier, bindings: try InterfaceBindings(["eni-gone": "eth0"]))
        #expect(ruleset.chain(named: "eni_gone_ingress")?.rules.map(\.statement) == [.drop])
        #expect(ruleset.chain(named: "eni_gone_egress")?.rules.map(\.statement) == [.drop])
        #expect(ruleset.sets.isEmpty)
    }

    @Test
    func optionsDropTimeoutsAndNeighborDiscovery() throws {
        let renderer = NFTRenderer(
            options: NFTRenderOptions(connectionTimeouts: false, acceptsNeighborDiscovery: false))
        let ruleset = renderer.render(Fixtures.untracked, bindings: try InterfaceBindings(["eni-server": "eth0"]))
        #expect(ruleset.timeouts.isEmpty)
        #expect(!ruleset.text.contains("ct timeout"))
        #expect(!ruleset.text.contains("icmpv6 type { 130"))
        #expect(
            ruleset.chain(named: "eni_server_ingress")?.rules.first?.description
                == "ct state established,related accept")
    }

    /// Before every command nft 1.0.6 reads each interval set that is not a concatenation, one netlink dump per
    /// set: only prefix lists may be one, and ports with ranges stay out of anonymous sets.
    @Test(arguments: [Fixtures.threeTier, Fixtures.untracked, Fixtures.ipv6, Fixtures.icmp, Fixtures.prefixLists])
    func onlyPrefixListsArePlainIntervalSets(_ snapshot: PolicySnapshot) throws {
        var names: [String: String] = [:]
        for (index, networkInterface) in snapshot.networkInterfaces.enumerated() {
            names[networkInterface.networkInterfaceId] = "eth\(index)"
        }
        let ruleset = NFTRenderer().render(snapshot, bindings: try InterfaceBindings(names))
        for set in ruleset.sets where set.isInterval && set.type.count == 1 {
            #expect(set.name.hasPrefix("pl_"), "\(set.name) is a plain interval set")
        }
        for rule in ruleset.chains.flatMap(\.rules) {
            for case .ports(_, _, let ranges) in rule.matches {
                #expect(ranges.count == 1 || ranges.allSatisfy { $0.lowerBound == $0.upperBound }, "\(rule)")
            }
        }
    }

    @Test
    func identicalRulesOfSeveralGroupsBecomeOne() throws {
        var snapshot = Fixtures.threeTier
        snapshot.securityGroupRules.append(
            Fixtures.rule("sgr-db-from-web-again", "sg-extra", .tcp, 3306, 3306, peer: Fixtures.sg("sg-web")))
        snapshot.networkInterfaces[2].groupIds.append("sg-extra")
        let ruleset = NFTRenderer().render(snapshot, bindings: try InterfaceBindings(["eni-database": "eth0"]))
        let rules = ruleset.chain(named: "eni_database_ingress")!.rules.filter { "\($0)".contains("@sg_web_v4") }
        #expect(
            rules.map(\.description) == [
                #"tcp dport 3306 ip saddr @sg_web_v4 return comment "sgr-db-from-web,sgr-db-from-web-again""#
            ])
    }
}
