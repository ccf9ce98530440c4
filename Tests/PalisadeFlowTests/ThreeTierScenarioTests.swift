import PalisadeCore
import PalisadeFlow
import Testing

/// The three-tier stack of `examples/seed-terraform/three_tier.tf`, one interface per group. Terraform
/// drops AWS's default egress rule, so groups have exactly the egress rules the file declares: the
/// database has none.
struct ThreeTierScenarioTests {
    static let alb = "sg-alb"
    static let web = "sg-web"
    static let database = "sg-database"
    static let bastion = "sg-bastion"
    static let internet = ip("198.51.100.7")

    static let snapshot: PolicySnapshot = {
        var builder = PolicyBuilder()
        for group in [alb, web, database, bastion] { builder.group(group) }
        builder.rule(alb, .tcp, 443, 443, .cidr("0.0.0.0/0"), id: "sgr-alb-https")
        builder.rule(alb, .tcp, 80, 80, .cidr("0.0.0.0/0"), id: "sgr-alb-http")
        builder.rule(alb, egress: true, .tcp, 8080, 8080, .group(web), id: "sgr-alb-to-web")
        builder.rule(web, .tcp, 8080, 8080, .group(alb), id: "sgr-web-from-alb")
        builder.rule(web, .tcp, 22, 22, .group(bastion), id: "sgr-web-ssh-bastion")
        builder.rule(web, egress: true, .tcp, 3306, 3306, .group(database), id: "sgr-web-to-db")
        builder.rule(web, egress: true, .tcp, 443, 443, .cidr("0.0.0.0/0"), id: "sgr-web-https-out")
        builder.rule(database, .tcp, 3306, 3306, .group(web), id: "sgr-db-from-web")
        builder.rule(database, .tcp, 3306, 3306, .group(bastion), id: "sgr-db-from-bastion")
        builder.rule(bastion, .tcp, 22, 22, .cidr("203.0.113.0/24"), id: "sgr-bastion-ssh")
        builder.rule(bastion, egress: true, .all, 0, 0, .cidr("0.0.0.0/0"), id: "sgr-bastion-all-out")
        builder.interface("eni-alb", groups: [alb], v4: ["10.0.1.10"])
        builder.interface("eni-web", groups: [web], v4: ["10.0.2.10"])
        builder.interface("eni-db", groups: [database], v4: ["10.0.3.10"])
        builder.interface("eni-bastion", groups: [bastion], v4: ["10.0.0.10"])
        return builder.snapshot
    }()

    let evaluator = Evaluator(ThreeTierScenarioTests.snapshot)

    @Test func internetReachesALBOnHTTPS() {
        let verdict = evaluator.evaluate(.tcp(from: Self.internet, to: ip("10.0.1.10"), destinationPort: 443))
        #expect(verdict.isAllowed)
        #expect(verdict.source == nil)
        #expect(verdict.destination?.matchedRules == [RuleReference(ruleId: "sgr-alb-https", groupId: Self.alb)])
        #expect(verdict.description.hasPrefix("ALLOW tcp 198.51.100.7:49152 → 10.0.1.10:443"))
    }

    @Test func internetCannotReachWebOn8080() throws {
        let verdict = evaluator.evaluate(.tcp(from: Self.internet, to: ip("10.0.2.10"), destinationPort: 8080))
        #expect(!verdict.isAllowed)
        let dropped = try #require(verdict.droppedBy)
        #expect(dropped.networkInterfaceId == "eni-web")
        #expect(dropped.direction == .ingress)
        #expect(dropped.groupIds == [Self.web])
        guard case .noMatchingRule(let misses) = dropped.outcome else {
            Issue.record("expected no matching rule, got \(dropped.outcome)")
            return
        }
        #expect(misses.first?.rule.ruleId == "sgr-web-from-alb")
        #expect(misses.first?.reasons == [.notInGroup(groupId: Self.alb, address: Self.internet, direction: .ingress)])
        #expect(verdict.description.contains("ingress on eni-web dropped it"))
        #expect(verdict.description.contains("source 198.51.100.7 not in group sg-alb"))
    }

    @Test func webReachesDatabaseNamingBothRules() {
        let verdict = evaluator.evaluate(.tcp(from: ip("10.0.2.10"), to: ip("10.0.3.10"), destinationPort: 3306))
        #expect(verdict.isAllowed)
        #expect(verdict.source?.matchedRules == [RuleReference(ruleId: "sgr-web-to-db", groupId: Self.web)])
        #expect(verdict.destination?.matchedRules == [RuleReference(ruleId: "sgr-db-from-web", groupId: Self.database)])
        #expect(verdict.matchedRuleIds == ["sgr-web-to-db", "sgr-db-from-web"])
    }

    @Test func bastionReachesDatabase() {
        let verdict = evaluator.evaluate(.tcp(from: ip("10.0.0.10"), to: ip("10.0.3.10"), destinationPort: 3306))
        #expect(verdict.isAllowed)
        #expect(verdict.matchedRuleIds == ["sgr-bastion-all-out", "sgr-db-from-bastion"])
    }

    @Test func albCannotReachDatabase() throws {
        let verdict = evaluator.evaluate(.tcp(from: ip("10.0.1.10"), to: ip("10.0.3.10"), destinationPort: 3306))
        #expect(!verdict.isAllowed)
        let dropped = try #require(verdict.droppedBy)
        #expect(dropped.networkInterfaceId == "eni-alb")
        #expect(dropped.direction == .egress)
        guard case .noMatchingRule(let misses) = dropped.outcome else {
            Issue.record("expected no matching rule")
            return
        }
        #expect(misses.first?.rule.ruleId == "sgr-alb-to-web")
        #expect(misses.first?.reasons.contains(.portOutOfRange(from: 8080, to: 8080, port: 3306)) == true)
        #expect(
            misses.first?.reasons.contains(
                .notInGroup(groupId: Self.web, address: ip("10.0.3.10"), direction: .egress)) == true)
        // The database's ingress would also refuse it.
        #expect(verdict.destination?.isAllowed == false)
    }

    @Test func databaseReplyToWebIsReturnTraffic() {
        let policy = CompiledPolicy(Self.snapshot)
        var tracker = ConnectionTracker()
        var clock = TestClock()
        let syn = Packet.tcp(from: ip("10.0.2.10"), sourcePort: 51_000, to: ip("10.0.3.10"), destinationPort: 3306)
        #expect(tracker.process(syn, now: clock.now, policy: policy).isAllowed)
        clock.advance(seconds: 1)
        var reply = syn.reversed
        reply.tcpFlags = [.syn, .ack]
        let verdict = tracker.process(reply, now: clock.now, policy: policy)
        #expect(verdict.isAllowed)
        #expect(verdict.source?.outcome == .trackedFlow(syn.flowKey, isReturn: true))
        #expect(verdict.destination?.outcome == .trackedFlow(syn.flowKey, isReturn: true))
        #expect(verdict.description.contains("return traffic of tracked flow tcp 10.0.2.10:51000 → 10.0.3.10:3306"))
        // Without the tracked flow, the database may not open that connection: it has no egress rules.
        var fresh = ConnectionTracker()
        #expect(!fresh.process(reply, now: clock.now, policy: policy).isAllowed)
    }

    @Test func reachabilityOfTheStack() {
        let reachability = Reachability(Self.snapshot)
        #expect(reachability.services(from: "eni-web", to: "eni-db").description == "tcp 3306")
        #expect(reachability.services(from: "eni-alb", to: "eni-web").description == "tcp 8080")
        #expect(reachability.services(from: "eni-alb", to: "eni-db").isEmpty)
        #expect(reachability.services(from: "eni-bastion", to: "eni-web").description == "tcp 22")
        let inbound = reachability.inbound(to: "eni-db")
        #expect(inbound?.interfaces.map(\.networkInterfaceId) == ["eni-bastion", "eni-web"])
        let exposure = reachability.internetExposure()
        #expect(exposure.map(\.networkInterfaceId) == ["eni-alb", "eni-bastion"])
        #expect(exposure.first?.services.description == "tcp 80, 443")
        #expect(exposure.last?.sources.map(\.cidr) == ["203.0.113.0/24"])
        let matrix = reachability.matrix()
        // alb→web, web→db, bastion→web, bastion→db, and through the 0.0.0.0/0 rules bastion→alb and web→alb.
        #expect(matrix.reachablePairCount == 6)
        #expect(matrix.services(from: "eni-web", to: "eni-alb").description == "tcp 443")
        #expect(matrix.services(from: "eni-bastion", to: "eni-alb").description == "tcp 80, 443")
        #expect(matrix.services(from: "eni-db", to: "eni-web").isEmpty)
    }
}
