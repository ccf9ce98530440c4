import PalisadeJSON
import PalisadeAnalysis
import PalisadeCore
import Testing

/// AWS CLI exports and `terraform show -json` plans.
struct ReaderTests {
    @Test func awsExports() throws {
        let groups = try Fixtures.json("describe-security-groups.json")
        let interfaces = try Fixtures.json("describe-network-interfaces.json")
        #expect(JSONInputKind.detect(groups) == .awsExport && JSONInputKind.detect(interfaces) == .awsExport)
        var reader = AWSExportReader()
        reader.read(groups, file: "sgs.json")
        reader.read(interfaces, file: "enis.json")
        let report = Linter().lint(reader.context())
        let ssh = report.findings("PAL-SSH-WORLD")
        #expect(ssh.map { $0.location?.description } == ["sgs.json:$.SecurityGroups[1].IpPermissions[0].IpRanges[0]"])
        #expect(report.findings("PAL-STALE-REF").first?.message.contains("sg-0deleted00000000") == true)
        // The instance's interface admits SSH from the internet: the flow engine's exposure, at the interface.
        let exposed = report.findings("PAL-PUBLIC-NON-LB")
        #expect(exposed.map { $0.location?.description } == ["enis.json:$.NetworkInterfaces[0]"])
        #expect(exposed.first?.message.contains("tcp 22") == true)
        // The default group keeps AWS's rules and is reported; unused groups exclude it.
        #expect(report.findings("PAL-DEFAULT-GROUP").count == 1)
        #expect(report.findings("PAL-UNUSED-GROUP").isEmpty)
        #expect(report.findings("PAL-EGRESS-WORLD").map(\.severity) == [.low])
    }

    @Test func terraformPlan() throws {
        let plan = try Fixtures.json("plan.json")
        #expect(JSONInputKind.detect(plan) == .terraformPlan)
        var reader = TerraformPlanReader()
        reader.read(plan, file: "plan.json")
        let report = Linter().lint(reader.context())
        let database = report.findings("PAL-DB-WORLD")
        #expect(database.map { $0.location?.description } == [
            "plan.json:$.planned_values.root_module.resources[0].values.ingress[0].cidr_blocks[0]"
        ])
        #expect(database.first?.address == "aws_security_group.db")
        // The rule's group and peer are unknown in the plan and resolved through its configuration section.
        let tier = report.findings("PAL-TIER-VIOLATION")
        #expect(tier.isEmpty)  // data → app needs the data group's egress, which is empty
        #expect(reader.unresolved.isEmpty)
        #expect(report.findings("PAL-REQUIRED-TAGS").isEmpty)
    }

    @Test func jsonParserRoundTrip() throws {
        let text = #"{"a": [1, 2.5, "x\n\u00e9\ud83d\ude00", true, null], "b": {}}"#
        let value = try JSONParser.parse(text)
        #expect(value["a"]?.array?[2].string == "x\né😀")
        #expect(try JSONParser.parse(value.serialized()) == value)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("{\"a\": }") }
    }
}
