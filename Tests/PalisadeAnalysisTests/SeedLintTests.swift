import PalisadeAnalysis
import Testing

/// The seed configuration: every defect of its README at the right line, and nothing false.
struct SeedLintTests {
    @Test(arguments: [false, true])
    func danglingReferencesAtEachUse(withVariables: Bool) throws {
        let report = try Fixtures.seed(withVariables: withVariables)
        #expect(
            report.lines("PAL-DANGLING-REF") == [
                "best_practices.tf:18", "best_practices.tf:25", "best_practices.tf:57", "best_practices.tf:64",
                "microservices.tf:19", "microservices.tf:20", "microservices.tf:32", "microservices.tf:33",
                "microservices.tf:65", "microservices.tf:66", "microservices.tf:121", "microservices.tf:129",
                "microservices.tf:137",
            ]
        )
        #expect(report.findings("PAL-DANGLING-REF").allSatisfy { $0.severity == .high })
    }

    @Test(arguments: [false, true])
    func invalidArgumentsAndCycles(withVariables: Bool) throws {
        let report = try Fixtures.seed(withVariables: withVariables)
        #expect(
            report.lines("PAL-INVALID-ARGUMENT") == [
                "best_practices.tf:11", "best_practices.tf:18", "best_practices.tf:25", "best_practices.tf:50",
                "best_practices.tf:57", "best_practices.tf:64",
            ]
        )
        // Defect 7: the egress block's group is a destination.
        #expect(report.findings("PAL-INVALID-ARGUMENT")[2].message.contains("destination"))
        #expect(report.lines("PAL-CYCLE") == ["microservices.tf:6", "three_tier.tf:6"])
        #expect(report.findings("PAL-CYCLE")[1].message.contains("three_tier.tf:100"))
        // Defect 4: the inline rules without a valid source argument have no source.
        #expect(
            report.lines("PAL-TERRAFORM") == [
                "best_practices.tf:14", "best_practices.tf:21", "best_practices.tf:53", "best_practices.tf:60",
            ]
        )
        // Defect 3: the default description the group gets.
        #expect(report.lines("PAL-GROUP-DESCRIPTION") == ["best_practices.tf:10", "best_practices.tf:49"])
    }

    @Test(arguments: [false, true])
    func openToWorldWithContext(withVariables: Bool) throws {
        let report = try Fixtures.seed(withVariables: withVariables)
        let world = report.findings("PAL-WORLD-INGRESS")
        #expect(world.map { "\($0.location!.startLine!) \($0.severity)" } == ["16 info", "24 low"])
        #expect(world.allSatisfy { $0.message.contains("expected for a public load balancer") })
        let egress = report.findings("PAL-EGRESS-WORLD")
        #expect(
            egress.map { "\($0.location!.file):\($0.location!.startLine!) \($0.severity)" } == [
                "microservices.tf:75 info", "three_tier.tf:78 info", "three_tier.tf:138 low",
            ]
        )
        for check in ["PAL-SSH-WORLD", "PAL-RDP-WORLD", "PAL-DB-WORLD", "PAL-ALL-WORLD", "PAL-PUBLIC-NON-LB",
            "PAL-TIER-VIOLATION", "PAL-DATA-EGRESS-WORLD", "PAL-DUPLICATE-RULE", "PAL-SHADOWED-RULE", "PAL-QUOTA"]
        {
            #expect(report.findings(check).isEmpty, "\(check): \(report.findings(check).map(\.message))")
        }
        #expect(report.activeFindings.filter { $0.severity == .critical }.isEmpty)
    }

    @Test func withVariablesTheBastionIsNotWorldOpen() throws {
        let report = try Fixtures.seed(withVariables: true)
        #expect(report.findings("PAL-UNKNOWN-PEER").isEmpty)
        #expect(!report.activeFindings.contains { $0.location?.startLine == 130 && $0.location?.file == "three_tier.tf" })
    }

    @Test func withoutVariablesTheBastionSourceIsUnknown() throws {
        let report = try Fixtures.seed(withVariables: false)
        let unknown = report.findings("PAL-UNKNOWN-PEER")
        #expect(report.lines("PAL-UNKNOWN-PEER") == ["microservices.tf:156", "three_tier.tf:130"])
        #expect(unknown.allSatisfy { $0.severity == .info })
        #expect(unknown[1].message.contains("corporate_cidr_blocks"))
        #expect(report.findings("PAL-SSH-WORLD").isEmpty)
    }

    @Test func unusedGroupsAsCheckovCountsThem() throws {
        let report = try Fixtures.seed(withVariables: true)
        #expect(report.findings("PAL-UNUSED-GROUP").count == 9)
    }

    @Test func namingAndTagsWithVariables() throws {
        let report = try Fixtures.seed(withVariables: true)
        let naming = report.findings("PAL-NAMING")
        #expect(naming.contains { $0.message.contains("\"web-alb-prod-sg\": \"web\" is not an environment") })
        #expect(report.findings("PAL-REQUIRED-TAGS").count == 9)
        #expect(report.findings("PAL-REQUIRED-TAGS").allSatisfy { $0.message.contains("Owner") })
    }

    @Test func failOnThreshold() throws {
        let report = try Fixtures.seed(withVariables: true)
        #expect(report.hasFindings(atLeast: .high))
        #expect(!report.hasFindings(atLeast: .critical))
    }
}
