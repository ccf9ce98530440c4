import PalisadeAnalysis
import Testing

/// "Precision where today's tools fail": one fixture per case of issue 5.
struct PrecisionTests {
    @Test func selfRuleBeforeWorldOpenRule() throws {
        let report = try Fixtures.precision("self_before_world.tf")
        #expect(report.lines("PAL-SSH-WORLD") == ["self_before_world.tf:19"])
        // The self rule spans every TCP port but is no exposure and no broad range.
        #expect(report.findings("PAL-PORT-RANGE").isEmpty)
        #expect(report.findings("PAL-ALL-WORLD").isEmpty)
    }

    @Test func groupReferenceAndPrefixListSourcesAreNotWorldOpen() throws {
        let report = try Fixtures.precision("vpc_rule_sources.tf")
        #expect(report.findings("PAL-SSH-WORLD").isEmpty)
        let world = report.findings("PAL-WORLD-INGRESS")
        #expect(world.map(\.address) == ["aws_vpc_security_group_ingress_rule.web_v6"])
        #expect(world.first?.message.contains("::/0") == true)
        #expect(world.first?.severity == .info)  // HTTPS to a load balancer
    }

    @Test func twoHalvesOfTheWorldAreTheWorld() throws {
        let report = try Fixtures.precision("split_world.tf")
        let rdp = report.findings("PAL-RDP-WORLD")
        #expect(rdp.count == 1)
        #expect(rdp.first?.message.contains("0.0.0.0/1 + 128.0.0.0/1 (together 0.0.0.0/0)") == true)
        #expect(rdp.first?.relatedIds.count == 3)
    }

    @Test func protocolMinusOneWithoutPortsIsEverything() throws {
        let report = try Fixtures.precision("all_protocols.tf")
        #expect(report.lines("PAL-ALL-WORLD") == ["all_protocols.tf:11"])
        #expect(report.findings("PAL-ALL-WORLD").first?.severity == .critical)
        // Reported once, not again as SSH, RDP and every database.
        #expect(report.findings("PAL-SSH-WORLD").isEmpty && report.findings("PAL-DB-WORLD").isEmpty)
    }

    @Test func udpOnPort22IsNotSSH() throws {
        let report = try Fixtures.precision("udp_22.tf")
        #expect(report.findings("PAL-SSH-WORLD").isEmpty)
        #expect(report.findings("PAL-WORLD-INGRESS").map(\.severity) == [.medium])
    }

    @Test func dynamicCountLookupAndForEachRules() throws {
        let report = try Fixtures.precision("generated_rules.tf")
        #expect(report.lines("PAL-SSH-WORLD") == ["generated_rules.tf:35"])
        let databases = report.findings("PAL-DB-WORLD")
        #expect(databases.map(\.address) == [
            "aws_security_group_rule.from_table[0]", "aws_security_group_rule.from_table[1]",
            "aws_security_group_rule.per_peer[\"world\"]",
        ])
        #expect(databases.map { $0.message.contains("PostgreSQL 5432") } == [true, false, false])
        #expect(databases[1].message.contains("Redis 6379"))
        #expect(databases[2].message.contains("MongoDB 27017"))
    }

    @Test func openDefaultGroupWithoutVpc() throws {
        let report = try Fixtures.precision("default_group.tf")
        let defaults = report.findings("PAL-DEFAULT-GROUP")
        #expect(defaults.contains { $0.severity == .high && $0.location?.startLine == 6 })
        #expect(defaults.contains { $0.message.contains("has 2 rules") })
        #expect(report.lines("PAL-ALL-WORLD") == ["default_group.tf:6"])
    }

    @Test func variablesWithoutValuesAreUnknownNotOpen() throws {
        let report = try Fixtures.precision("unset_variables.tf")
        #expect(report.findings("PAL-SSH-WORLD").isEmpty)
        #expect(report.lines("PAL-UNKNOWN-PEER") == ["unset_variables.tf:15"])
        #expect(report.findings("PAL-UNKNOWN-PEER").first?.severity == .info)
    }

    @Test func suppressionsNeedAReason() throws {
        let report = try Fixtures.precision("suppression.tf")
        let ssh = report.findings.filter { $0.checkId == "PAL-SSH-WORLD" }
        #expect(ssh.map { $0.location!.startLine! } == [12, 27])
        #expect(ssh[0].suppression?.reason == "bastion reachable only through the VPN concentrator")
        #expect(ssh[1].suppression == nil)
        #expect(report.lines("PAL-SUPPRESSION-REASON") == ["suppression.tf:21"])
    }

    @Test func tiersReachability() throws {
        let report = try Fixtures.precision("tiers.tf")
        let violations = report.findings("PAL-TIER-VIOLATION")
        #expect(violations.count == 1)
        #expect(violations.first?.message.contains("public tier aws_security_group.lb can open tcp 5432") == true)
        #expect(violations.first?.address == "aws_vpc_security_group_ingress_rule.db_from_lb")
        #expect(report.findings("PAL-DATA-EGRESS-WORLD").map(\.address) == ["aws_vpc_security_group_egress_rule.db_out"])
        #expect(report.findings("PAL-EGRESS-WORLD").isEmpty)
        #expect(report.findings("PAL-BROAD-PRIVATE-CIDR").map(\.address) == ["aws_vpc_security_group_ingress_rule.db_broad"])
        #expect(report.findings("PAL-SHADOWED-RULE").map(\.address) == ["aws_vpc_security_group_ingress_rule.db_narrow"])
        // The instance carries the load balancer's group, which admits nothing from the internet: no exposure.
        #expect(report.findings("PAL-PUBLIC-NON-LB").isEmpty)
        #expect(report.findings("PAL-UNUSED-GROUP").map(\.address) == ["aws_security_group.db"])
    }

    @Test func configurationTunesChecks() throws {
        var configuration = try LintConfiguration.parse(
            """
            disabled_checks = ["PAL-NAMING"]
            severity = { "PAL-UNUSED-GROUP" = "info" }
            required_tags = ["Owner"]
            tier_flows = { public = ["app", "data"] }
            """
        )
        let report = try Fixtures.precision("tiers.tf", configuration: configuration)
        #expect(report.findings("PAL-NAMING").isEmpty)
        #expect(report.findings("PAL-UNUSED-GROUP").map(\.severity) == [.info])
        #expect(report.findings("PAL-REQUIRED-TAGS").allSatisfy { $0.message.hasSuffix("lacks tag Owner") })
        #expect(report.findings("PAL-TIER-VIOLATION").isEmpty)
        configuration.enabledChecks = ["PAL-SSH-WORLD"]
        #expect(try Fixtures.precision("tiers.tf", configuration: configuration).findings.isEmpty)
        #expect(throws: LintConfigurationError.self) { try LintConfiguration.parse("severity = { X = \"loud\" }\nbogus = 1") }
    }
}
