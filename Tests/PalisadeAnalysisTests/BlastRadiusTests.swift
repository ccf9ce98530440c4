import Foundation
import PalisadeAnalysis
import PalisadeCore
import PalisadeFlow
import PalisadeTerraform
import Testing

/// `palisade reach` offline, `palisade diff` and `palisade graph`, through their library parts.
struct BlastRadiusTests {
    static func seedContext() throws -> LintContext {
        let files = try Fixtures.seedFiles.map { TerraformSourceFile(path: $0, contents: try Fixtures.text("seed/\($0)")) }
        let variables = [TerraformSourceFile(path: "example.tfvars", contents: try Fixtures.text("seed/example.tfvars"))]
        let translation = TerraformTranslator().translate(TerraformModule(directory: ".", files: files), variableFiles: variables)
        return LintContext(translation: translation)
    }

    /// The reachability facts of the seed's README.
    @Test func seedReachabilityFacts() throws {
        let context = try Self.seedContext()
        let database = try GroupReachReport.inbound(to: "database_sg", port: 3306, context: context)
        #expect(
            database.entries.map(\.source) == ["aws_security_group.bastion_sg", "aws_security_group.web_servers_sg"],
            "\(database.text)")
        let bastion = try GroupReachReport.inbound(to: "aws_security_group.bastion_sg", port: 22, context: context)
        #expect(bastion.entries.map(\.source) == ["198.51.100.16/28", "203.0.113.0/24"], "\(bastion.text)")
        // "The internet (0.0.0.0/0) reaches web_alb_sg on 80/443 and nothing else"; the bastion is exposed only
        // to the two corporate ranges (public addresses, but not the whole internet).
        let exposed = GroupReachReport.exposed(context: context)
        let fromAnywhere = exposed.entries.filter { $0.source == "0.0.0.0/0" }
        #expect(fromAnywhere.map(\.destination) == ["aws_security_group.web_alb_sg"], "\(exposed.text)")
        #expect(fromAnywhere.map(\.services) == ["tcp 80, 443"], "\(exposed.text)")
        #expect(
            Set(exposed.entries.filter { $0.source != "0.0.0.0/0" }.map { "\($0.source) \($0.destination) \($0.services)" })
                == ["198.51.100.16/28 aws_security_group.bastion_sg tcp 22", "203.0.113.0/24 aws_security_group.bastion_sg tcp 22"],
            "\(exposed.text)")
        #expect(throws: GroupReachReport.UnknownGroup.self) { try GroupReachReport.inbound(to: "nope", context: context) }
    }

    /// A plan that widens two rules gains exactly those paths and loses nothing.
    @Test func widenedPlanShowsExactlyTheGainedPaths() throws {
        let plan = try Fixtures.json("widen-plan.json")
        let sides = try #require(BlastRadius.planSides(plan))
        var before = TerraformPlanReader()
        before.read(sides.before, file: "widen-plan.json")
        var after = TerraformPlanReader()
        after.read(sides.after, file: "widen-plan.json")
        let radius = BlastRadius(before: before.context(), after: after.context())
        #expect(radius.lost.isEmpty)
        #expect(
            radius.gained.map(\.line) == [
                "+ 10.0.0.0/8 -> aws_security_group.db: tcp 0-442, 444-65535  (affects aws_instance.db)",
                "+ aws_security_group.app -> aws_security_group.db: tcp 5433  (affects aws_instance.db)",
            ], "\(radius.text)")
        #expect(radius.affectedResources == ["aws_instance.db", "aws_security_group.app", "aws_security_group.db"])
        // Unchanged configurations have no blast radius.
        #expect(BlastRadius(before: before.context(), after: before.context()).isEmpty)
    }

    @Test func serviceDeltaSubtractsPorts() {
        let wide = ServiceSet(protocolNumber: 6, ports: PortRangeSet(0...65535))
        let narrow = ServiceSet(protocolNumber: 6, ports: PortRangeSet(443...443))
        #expect(ServiceDelta(wide, minus: narrow).description == "tcp 0-442, 444-65535")
        #expect(ServiceDelta(narrow, minus: wide).isEmpty)
        #expect(ServiceDelta(.everything, minus: ServiceSet()).description == "icmp all; tcp 0-65535; udp 0-65535; all other protocols"
            || !ServiceDelta(.everything, minus: ServiceSet()).isEmpty)
    }

    /// Golden DOT of the seed.
    @Test func seedGraph() throws {
        let graph = SecurityGroupGraph(try Self.seedContext())
        try GoldenTests.compare(graph.dot, "seed.dot")
        #expect(graph.edges.contains { $0.kind == "ingress" && $0.to == "aws_security_group.database_sg" && $0.label == "tcp 3306" })
    }
}
