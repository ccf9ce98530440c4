import PalisadeCore
import PalisadeTerraform
import Testing

/// The seed configuration (`../shared/examples/seed-terraform`): every defect of its README's table at the
/// right place, and nothing else.
struct SeedTranslationTests {
    @Test(arguments: [false, true])
    func danglingReferencesAreReportedAtEachUse(withVariables: Bool) throws {
        let translation = try TranslationFixtures.seed(withVariables: withVariables)
        #expect(
            translation.locations(.undeclaredResource) == [
                "best_practices.tf:18", "best_practices.tf:25", "best_practices.tf:57", "best_practices.tf:64",
                "microservices.tf:19", "microservices.tf:20", "microservices.tf:32", "microservices.tf:33",
                "microservices.tf:65", "microservices.tf:66", "microservices.tf:121", "microservices.tf:129",
                "microservices.tf:137",
            ]
        )
        let named = translation.diagnostics(.undeclaredResource).map(\.message).joined(separator: "\n")
        for name in [
            "load_balancers", "database", "alb", "app_tier", "microservice_inventory_sg", "microservice_payments_sg",
            "orders_database_sg",
        ] {
            #expect(named.contains("\"aws_security_group\" \"\(name)\""))
        }
    }

    @Test(arguments: [false, true])
    func invalidArgumentsAreReported(withVariables: Bool) throws {
        let translation = try TranslationFixtures.seed(withVariables: withVariables)
        let unsupported = translation.diagnostics(.unsupportedArgument)
        #expect(
            translation.locations(.unsupportedArgument) == [
                "best_practices.tf:11", "best_practices.tf:18", "best_practices.tf:25", "best_practices.tf:50",
                "best_practices.tf:57", "best_practices.tf:64",
            ]
        )
        #expect(unsupported.filter { $0.message.contains("\"name_description\"") }.count == 2)
        #expect(unsupported[0].message.contains("Managed by Terraform"))
        #expect(unsupported.filter { $0.message.contains("\"source_security_group_id\"") }.count == 4)
        #expect(unsupported[2].message.contains("destination"))  // defect 7: an egress rule's group is a destination
        // The group gets the provider's default description and a generated name.
        let group = try #require(translation.securityGroup(at: "aws_security_group.app_servers"))
        #expect(group.description == "Managed by Terraform")
        #expect(group.groupName.hasPrefix("terraform-"))
        // Without a valid peer argument the inline rules have no source: none is invented.
        #expect(translation.rules(from: "aws_security_group.app_servers").isEmpty)
        #expect(
            translation.locations(.missingArgument) == [
                "best_practices.tf:14", "best_practices.tf:21", "best_practices.tf:53", "best_practices.tf:60",
            ]
        )
    }

    @Test(arguments: [false, true])
    func inlineRuleCyclesAreReported(withVariables: Bool) throws {
        let translation = try TranslationFixtures.seed(withVariables: withVariables)
        let cycles = translation.diagnostics(.cycle)
        #expect(cycles.count == 2)
        #expect(translation.locations(.cycle) == ["microservices.tf:6", "three_tier.tf:6"])
        let threeTier = cycles[1].message
        #expect(threeTier.hasPrefix("Cycle: "))
        for name in ["web_alb_sg", "web_servers_sg", "database_sg"] { #expect(threeTier.contains(name)) }
        #expect(!threeTier.contains("bastion_sg"))
        #expect(cycles[1].notes.map { "\($0.range.start.line)" } == ["32", "54", "70", "100"])
        let mesh = cycles[0].message
        for name in ["service_mesh_control_plane_sg", "microservice_auth_sg", "microservice_orders_sg"] {
            #expect(mesh.contains(name))
        }
        #expect(!mesh.contains("web_alb_sg"))  // orders → web_alb_sg leads out of the cycle (defect 8 resolves)
    }

    @Test func nothingElseIsReportedAsAnError() throws {
        for withVariables in [false, true] {
            let translation = try TranslationFixtures.seed(withVariables: withVariables)
            let expected: Set<String> = [
                "TF-UNDECLARED-RESOURCE", "TF-UNSUPPORTED-ARGUMENT", "TF-MISSING-ARGUMENT", "TF-CYCLE",
            ]
            let errors = translation.diagnostics.filter { $0.severity == .error }
            #expect(Set(errors.map(\.code.rawValue)) == expected, "\(errors)")
            #expect(errors.count == 13 + 6 + 4 + 2)
        }
    }

    @Test func withVariablesTheBastionAdmitsOnlyCorporateRanges() throws {
        let translation = try TranslationFixtures.seed(withVariables: true)
        #expect(translation.diagnostics(.unknownValue).isEmpty)
        let bastion = translation.rules(ofGroup: "aws_security_group.bastion_sg", .ingress)
        #expect(bastion.map { translation.peerText($0.peer) } == ["203.0.113.0/24", "198.51.100.16/28"])
        #expect(bastion.allSatisfy { $0.ipProtocol == .tcp && $0.fromPort == 22 && $0.toPort == 22 })
        #expect(translation.origins[bastion[0].ruleId]?.location.start.line == 130)
        #expect(translation.symbolicRules.allSatisfy { $0.address != "aws_security_group.bastion_sg" })
        // The only world-open ingress is the public load balancer's 80/443.
        let worldIngress = translation.snapshot.securityGroupRules.filter {
            !$0.isEgress && $0.peer == .cidrIpv4(.anywhere)
        }
        #expect(worldIngress.map { translation.origins[$0.groupId]?.address } == [
            "aws_security_group.web_alb_sg", "aws_security_group.web_alb_sg",
        ])
        #expect(worldIngress.map(\.fromPort) == [443, 80])
        #expect(translation.securityGroup(at: "aws_security_group.bastion_sg")?.groupName == "bastion-prod-sg")
        #expect(translation.securityGroup(at: "aws_security_group.bastion_sg")?.vpcId == "vpc-0a1b2c3d4e5f60718")
    }

    @Test func withoutVariablesTheBastionSourceIsSymbolicNotOpen() throws {
        let translation = try TranslationFixtures.seed(withVariables: false)
        #expect(translation.rules(ofGroup: "aws_security_group.bastion_sg", .ingress).isEmpty)
        let symbolic = try #require(translation.symbolicRules.first { $0.address == "aws_security_group.bastion_sg" })
        #expect(symbolic.peer == .unknown(.cidrIpv4))
        #expect(symbolic.ipProtocol == .tcp && symbolic.fromPort == 22 && symbolic.portsKnown)
        #expect(symbolic.reason == "variable \"corporate_cidr_blocks\" has no value")
        #expect(symbolic.unknownOrigin.map { "\($0.fileName):\($0.start.line)" } == "variables.tf:14")
        #expect(symbolic.origin.location.start.line == 130)
        // Each variable without a value is reported once, at its declaration.
        #expect(
            translation.locations(.unknownValue) == [
                "microservices.tf:150", "variables.tf:4", "variables.tf:9", "variables.tf:14", "variables.tf:19",
            ]
        )
        let worldIngress = translation.snapshot.securityGroupRules.filter {
            !$0.isEgress && $0.peer == .cidrIpv4(.anywhere)
        }
        #expect(worldIngress.count == 2)
    }

    @Test func terraformCreatedGroupsHaveOnlyTheirWrittenEgress() throws {
        let translation = try TranslationFixtures.seed(withVariables: true)
        #expect(translation.rules(ofGroup: "aws_security_group.database_sg", .egress).isEmpty)
        #expect(translation.rules(ofGroup: "aws_security_group.service_mesh_control_plane_sg", .egress).isEmpty)
        #expect(translation.peers(ofGroup: "aws_security_group.bastion_sg", .egress) == ["0.0.0.0/0"])
        #expect(translation.rules(ofGroup: "aws_security_group.bastion_sg", .egress).first?.ipProtocol == .all)
    }

    @Test func referencesResolveToTheGroupsOfThisConfiguration() throws {
        let translation = try TranslationFixtures.seed(withVariables: true)
        #expect(
            translation.peers(ofGroup: "aws_security_group.database_sg", .ingress) == [
                "sg:aws_security_group.web_servers_sg", "sg:aws_security_group.bastion_sg",
            ]
        )
        #expect(translation.peers(ofGroup: "aws_security_group.web_servers_sg", .egress) == [
            "sg:aws_security_group.database_sg", "0.0.0.0/0",
        ])
        // Cross-file reference (defect 8): orders admits the ALB group of three_tier.tf.
        #expect(translation.peers(ofGroup: "aws_security_group.microservice_orders_sg", .ingress) == [
            "sg:aws_security_group.web_alb_sg"
        ])
        // for_each over the tfvars map: one egress rule per endpoint, to the IDs given.
        let discovery = translation.rules(from: "aws_security_group_rule.service_discovery_rules[\"consul\"]")
        #expect(discovery.map(\.peer.referencedGroupId) == ["sg-0c0ffee0c0ffee001"])
        #expect(discovery.first?.fromPort == 8500 && discovery.first?.isEgress == true)
        #expect(discovery.first?.description == "Service discovery: consul")
        // Dangling references stay symbolic, with the reason.
        let dangling = translation.symbolicRules.filter { $0.reason.contains("is not declared") }
        #expect(dangling.count == 9)
    }

    @Test func everyObjectHasAnOrigin() throws {
        let translation = try TranslationFixtures.seed(withVariables: true)
        for group in translation.snapshot.securityGroups { #expect(translation.origins[group.groupId] != nil) }
        for rule in translation.snapshot.securityGroupRules {
            let origin = try #require(translation.origins[rule.ruleId])
            #expect(origin.attributeRange != nil)
        }
        let first = try #require(translation.rules(from: "aws_security_group.web_alb_sg").first)
        let origin = try #require(translation.origins[first.ruleId])
        #expect(origin.range.start.line == 11)  // the ingress block
        #expect(origin.resourceRange.start.line == 6)
        #expect("\(origin.location)" == "three_tier.tf:16:20")
        #expect(translation.files["three_tier.tf"]?.text(of: origin.location) == "\"0.0.0.0/0\"")
    }

    @Test func idsAreStable() throws {
        let first = try TranslationFixtures.seed(withVariables: true)
        let second = try TranslationFixtures.seed(withVariables: true)
        #expect(first.snapshot == second.snapshot)
        #expect(first.addresses == second.addresses)
        for id in first.snapshot.securityGroups.map(\.groupId) { #expect(ResourceKind.securityGroup.isWellFormed(id)) }
    }
}
