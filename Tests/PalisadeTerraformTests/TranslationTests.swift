import PalisadeCore
import PalisadeTerraform
import Testing

/// Precision fixtures under `Resources/translate`: each a case where a reader that guesses gets it wrong.
struct TranslationTests {
    @Test func selfRuleBeforeWorldOpenRule() throws {
        let translation = try TranslationFixtures.translate("self_before_world.tf")
        #expect(translation.diagnostics.isEmpty, "\(translation.diagnostics)")
        let rules = translation.rules(ofGroup: "aws_security_group.cluster", .ingress)
        #expect(rules.map { translation.peerText($0.peer) } == ["sg:aws_security_group.cluster", "0.0.0.0/0"])
        #expect(rules.map(\.fromPort) == [0, 22])
        #expect(rules.map { translation.origins[$0.ruleId]?.range.start.line } == [6, 14])
    }

    @Test func referencedGroupAndPrefixListSources() throws {
        let translation = try TranslationFixtures.translate("vpc_rule_sources.tf")
        #expect(translation.diagnostics.isEmpty, "\(translation.diagnostics)")
        let ingress = translation.rules(ofGroup: "aws_security_group.app", .ingress)
        #expect(ingress.map { translation.peerText($0.peer) }.first == "sg:aws_security_group.lb")
        let list = try #require(translation.snapshot.prefixLists.first)
        #expect(ingress.last?.peer == .prefixList(list.prefixListId))
        #expect(list.entries.map(\.cidr) == ["192.0.2.0/24", "198.51.100.0/25"])
        #expect(list.maxEntries == 2 && list.addressFamily == .ipv4)
        #expect(translation.origins[list.prefixListId]?.address == "aws_ec2_managed_prefix_list.office")
        let rule = try #require(ingress.first)
        #expect(translation.addresses["aws_vpc_security_group_ingress_rule.from_lb"] == rule.ruleId)
        #expect(translation.origins[rule.ruleId]?.resourceType == "aws_vpc_security_group_ingress_rule")
        #expect(translation.peers(ofGroup: "aws_security_group.lb", .ingress) == ["::/0"])
    }

    @Test func protocolAllWithoutPorts() throws {
        let translation = try TranslationFixtures.translate("vpc_rule_sources.tf")
        let egress = try #require(translation.rules(ofGroup: "aws_security_group.app", .egress).first)
        #expect(egress.ipProtocol == .all && egress.fromPort == nil && egress.toPort == nil)
        #expect(egress.peer == .cidrIpv4(IPv4CIDR("10.0.0.0/8")!))
    }

    @Test func worldSplitInTwoHalvesStaysTwoRules() throws {
        let translation = try TranslationFixtures.translate("split_world.tf")
        #expect(translation.diagnostics.isEmpty)
        #expect(translation.peers(ofGroup: "aws_security_group.split", .ingress) == ["0.0.0.0/1", "128.0.0.0/1"])
        let rules = translation.rules(ofGroup: "aws_security_group.split", .ingress)
        #expect(rules.map { translation.origins[$0.ruleId]?.location.start.column } == [20, 33])
    }

    @Test func udpOnPort22AndOtherProtocols() throws {
        let translation = try TranslationFixtures.translate("udp_22.tf")
        #expect(translation.diagnostics.isEmpty, "\(translation.diagnostics)")
        let ingress = translation.rules(ofGroup: "aws_security_group.udp", .ingress)
        #expect(ingress.map(\.ipProtocol) == [.udp, .all])
        #expect(ingress[0].fromPort == 22 && ingress[0].toPort == 22)
        #expect(ingress[1].fromPort == nil)
        let egress = try #require(translation.rules(ofGroup: "aws_security_group.udp", .egress).first)
        #expect(egress.ipProtocol == .icmpv6 && egress.fromPort == -1 && egress.peer == .cidrIpv6(.anywhere))
    }

    @Test func rulesFromDynamicBlocksCountAndForEach() throws {
        let translation = try TranslationFixtures.translate("generated_rules.tf")
        #expect(translation.diagnostics.isEmpty, "\(translation.diagnostics)")
        let dynamic = translation.rules(ofGroup: "aws_security_group.dynamic", .ingress)
        #expect(dynamic.map(\.fromPort) == [443, 22])  // map keys in Terraform's order: https, ssh
        #expect(dynamic.map { translation.peerText($0.peer) } == ["0.0.0.0/0", "10.0.0.0/8"])
        #expect(dynamic.map(\.description) == ["https in", "ssh in"])
        #expect(dynamic.allSatisfy { $0.ipProtocol == .tcp })  // optional(string, "tcp") filled in
        #expect(dynamic.map { translation.origins[$0.ruleId]?.range.start.line } == [37, 37])  // the content block
        let data = translation.rules(ofGroup: "aws_security_group.data", .ingress)
        #expect(data.map(\.fromPort) == [5432, 6379, 5432, 5432])
        #expect(
            data.map { translation.origins[$0.ruleId]?.address } == [
                "aws_security_group_rule.from_table[0]", "aws_security_group_rule.from_table[1]",
                "aws_security_group_rule.per_peer[\"app\"]", "aws_security_group_rule.per_peer[\"batch\"]",
            ]
        )
        #expect(data.map { translation.peerText($0.peer) }.suffix(2) == ["10.1.0.0/16", "10.2.0.0/16"])
        #expect(data.map(\.description) == ["PostgreSQL", "Redis", "PostgreSQL from app", "PostgreSQL from batch"])
    }

    @Test func openDefaultGroupWithoutVpc() throws {
        let translation = try TranslationFixtures.translate("default_group.tf")
        #expect(translation.diagnostics.isEmpty, "\(translation.diagnostics)")
        let group = try #require(translation.securityGroup(at: "aws_default_security_group.default"))
        #expect(group.isDefault)
        #expect(translation.placeholders[group.vpcId] != nil)
        #expect(translation.snapshot.vpcs.isEmpty)
        #expect(translation.peers(ofGroup: "aws_default_security_group.default", .ingress) == ["0.0.0.0/0"])
        #expect(translation.rules(ofGroup: "aws_default_security_group.default", .ingress).first?.ipProtocol == .all)
    }

    @Test func variablesWithoutValuesStaySymbolic() throws {
        let translation = try TranslationFixtures.translate("unset_variables.tf")
        #expect(translation.locations(.unknownValue) == ["unset_variables.tf:1", "unset_variables.tf:5", "unset_variables.tf:9"])
        #expect(translation.diagnostics.allSatisfy { $0.severity != .error }, "\(translation.diagnostics)")
        #expect(translation.snapshot.securityGroupRules.isEmpty)
        let symbolic = translation.symbolicRules
        #expect(symbolic.count == 3)
        #expect(symbolic[0].peer == .unknown(.cidrIpv4) && symbolic[0].portsKnown)
        #expect(symbolic[1...].allSatisfy { !$0.portsKnown && $0.ipProtocol == .tcp })
        #expect(symbolic[1].reason == "variable \"db_port\" has no value")
        guard case .known(.securityGroup(let peer)) = symbolic[1].peer else {
            Issue.record("expected a known group peer")
            return
        }
        #expect(translation.origins[peer.groupId]?.address == "aws_security_group.peer[\"a\"]")
        // for_each over a set(string) default converted from the list written.
        #expect(translation.securityGroup(at: "aws_security_group.peer[\"b\"]")?.groupName == "peer-b")
        // A group whose VPC is unknown gets a placeholder VPC, listed with the reason.
        let vpc = try #require(translation.securityGroup(at: "aws_security_group.admin")?.vpcId)
        #expect(translation.placeholders[vpc]?.contains("vpc_id") == true)

        let given = try TranslationFixtures.translate(
            "unset_variables.tf", variables: "admin_cidrs = [\"192.0.2.0/24\"]\ndb_port = \"5432\"\nvpc_id = \"vpc-1\""
        )
        #expect(given.diagnostics.isEmpty, "\(given.diagnostics)")
        #expect(given.symbolicRules.isEmpty)
        #expect(given.rules(ofGroup: "aws_security_group.admin", .ingress).map(\.fromPort) == [22, 5432, 5432])
    }

    @Test func localModules() throws {
        let translation = try TranslationFixtures.translate("module_root.tf")
        let child = try #require(translation.securityGroup(at: "module.web.aws_security_group.this"))
        #expect(child.groupName == "web" && child.vpcId == "vpc-0123456789abcdef0")
        let childRule = try #require(translation.rules(ofGroup: "module.web.aws_security_group.this", .ingress).first)
        #expect(childRule.fromPort == 443 && childRule.peer == .cidrIpv4(IPv4CIDR("192.0.2.0/24")!))
        #expect("\(translation.origins[childRule.ruleId]!.location)" == "modules/web/main.tf:27:19")
        #expect(translation.peers(ofGroup: "aws_security_group.db", .ingress) == ["sg:module.web.aws_security_group.this"])
        #expect(translation.locations(.moduleNotFound) == ["module_root.tf:9"])
        #expect(translation.locations(.unsupportedModule) == ["module_root.tf:13"])
        #expect(translation.symbolicRules.map(\.address) == ["aws_security_group.db"])
        #expect(translation.symbolicRules.first?.reason.contains("terraform-aws-modules") == true)
    }

    @Test func moduleCallArgumentsAreChecked() {
        let source = """
            module "web" {
              source  = "./modules/web"
              vpc_id  = "vpc-1"
              allowed = []
              colour  = "blue"
            }
            """
        let translation = TerraformTranslator().translate(
            TerraformModule(directory: ".", files: [TerraformSourceFile(path: "main.tf", contents: source)]),
            loadModule: { TranslationFixtures.files(in: $0) }
        )
        #expect(translation.locations(.unsupportedArgument) == ["main.tf:5"])
        #expect(translation.locations(.missingArgument) == ["main.tf:1"])  // name has no default
    }

    @Test func valuesAwsRejectsAreReported() throws {
        let translation = try TranslationFixtures.translate("invalid_values.tf")
        #expect(
            translation.locations(.invalidValue) == [
                "invalid_values.tf:10", "invalid_values.tf:17", "invalid_values.tf:23", "invalid_values.tf:28",
                "invalid_values.tf:38", "invalid_values.tf:45", "invalid_values.tf:48",
            ]
        )
        #expect(translation.snapshot.securityGroupRules.isEmpty)
        #expect(translation.diagnostics(.invalidValue)[0].message.contains("\"10.0.0.0/8\""))
    }

    @Test func attachmentsAndInterfaces() throws {
        let translation = try TranslationFixtures.translate("attachments.tf")
        #expect(translation.diagnostics.isEmpty, "\(translation.diagnostics)")
        let web = try #require(translation.addresses["aws_security_group.web"])
        let lb = try #require(translation.addresses["aws_security_group.lb"])
        let extra = try #require(translation.addresses["aws_security_group.extra"])
        let roles = translation.snapshot.networkInterfaces.map { translation.interfaceRoles[$0.networkInterfaceId] }
        #expect(roles == [.instance, .instance, .loadBalancer, .networkInterface])
        let byAddress = Dictionary(
            uniqueKeysWithValues: translation.snapshot.networkInterfaces.map {
                (translation.origins[$0.networkInterfaceId]!.address, $0)
            }
        )
        #expect(byAddress["aws_instance.web[1]"]?.groupIds == [web])
        #expect(byAddress["aws_lb.front"]?.groupIds == [lb])
        #expect(byAddress["aws_network_interface.extra"]?.groupIds == [web, extra])
        #expect(byAddress["aws_network_interface.extra"]?.primaryPrivateIpAddress == IPv4Address("10.0.1.10"))
        let attached = Set(translation.attachments.map(\.groupId))
        #expect(!attached.contains(translation.addresses["aws_security_group.unused"]!))
        #expect(
            translation.attachments.first { $0.groupId == extra }?.origin.address
                == "aws_network_interface_sg_attachment.extra"
        )
        // The VPC, its subnet, and the default group AWS creates with it (marked implicit).
        let vpc = try #require(translation.snapshot.vpcs.first)
        #expect(vpc.cidrBlock == IPv4CIDR("10.0.0.0/16"))
        #expect(translation.snapshot.subnets.first?.vpcId == vpc.vpcId)
        #expect(byAddress["aws_lb.front"]?.vpcId == vpc.vpcId)
        let defaultGroup = try #require(translation.snapshot.securityGroups.first { $0.isDefault })
        #expect(defaultGroup.vpcId == vpc.vpcId)
        #expect(translation.origins[defaultGroup.groupId]?.isImplicit == true)
        #expect(translation.snapshot.rules(of: defaultGroup.groupId, direction: .egress).count == 1)
    }

    @Test func cyclesAndSelfReferences() throws {
        let translation = try TranslationFixtures.translate("cycles.tf")
        #expect(translation.locations(.cycle) == ["cycles.tf:2", "cycles.tf:15"])
        #expect(translation.diagnostics(.cycle)[1].message.contains("Self-referential"))
        // Standalone rule resources that refer to each other's groups are no cycle.
        #expect(translation.peers(ofGroup: "aws_security_group.a", .ingress) == ["sg:aws_security_group.b"])
        #expect(translation.peers(ofGroup: "aws_security_group.b", .ingress) == ["sg:aws_security_group.a"])
    }

    @Test func unknownFunctionsAndDataSourcesAreUnknownNotErrors() {
        let translation = TranslationFixtures.translate(
            source: """
                data "aws_ec2_managed_prefix_list" "cf" {
                  name = "com.amazonaws.global.cloudfront.origin-facing"
                }
                locals {
                  cidrs = jsondecode(file("${path.module}/cidrs.json"))
                }
                resource "aws_security_group" "web" {
                  name        = "web"
                  description = "web"
                  vpc_id      = "vpc-1"
                  ingress {
                    from_port       = 443
                    to_port         = 443
                    protocol        = "tcp"
                    prefix_list_ids = [data.aws_ec2_managed_prefix_list.cf.id]
                  }
                  ingress {
                    from_port   = 80
                    to_port     = 80
                    protocol    = "tcp"
                    cidr_blocks = local.cidrs
                  }
                  ingress {
                    from_port   = 22
                    to_port     = 22
                    protocol    = "tcp"
                    cidr_blocks = setunion(["10.0.0.0/8"], ["10.0.0.0/8", "192.0.2.0/24"])
                  }
                }
                """
        )
        #expect(translation.diagnostics.allSatisfy { $0.severity == .note }, "\(translation.diagnostics)")
        #expect(translation.symbolicRules.map(\.peer) == [.unknown(.prefixList), .unknown(.cidrIpv4)])
        #expect(translation.peers(ofGroup: "aws_security_group.web", .ingress) == ["10.0.0.0/8", "192.0.2.0/24"])
    }

    @Test func nestedDynamicBlocksAndUnknownForEach() {
        let translation = TranslationFixtures.translate(
            source: """
                variable "tiers" {
                  default = {
                    web = { ports = [80, 443] }
                  }
                }
                variable "unknown_rules" {
                  type = list(number)
                }
                resource "aws_security_group" "tiers" {
                  for_each    = var.tiers
                  name        = each.key
                  description = "tier ${each.key}"
                  vpc_id      = "vpc-1"
                  dynamic "ingress" {
                    for_each = each.value.ports
                    content {
                      from_port   = ingress.value
                      to_port     = ingress.value
                      protocol    = "tcp"
                      cidr_blocks = ["10.${ingress.key}.0.0/16"]
                    }
                  }
                  dynamic "egress" {
                    for_each = var.unknown_rules
                    content {
                      from_port   = egress.value
                      to_port     = egress.value
                      protocol    = "tcp"
                      cidr_blocks = ["0.0.0.0/0"]
                    }
                  }
                }
                """
        )
        #expect(translation.peers(ofGroup: "aws_security_group.tiers[\"web\"]", .ingress) == ["10.0.0.0/16", "10.1.0.0/16"])
        #expect(translation.rules(ofGroup: "aws_security_group.tiers[\"web\"]", .egress).isEmpty)
        let symbolic = translation.symbolicRules
        #expect(symbolic.count == 1)
        #expect(symbolic.first?.peer == .known(.cidrIpv4(.anywhere)))
        #expect(symbolic.first?.reason == "variable \"unknown_rules\" has no value")
    }

    @Test func undeclaredNamesOfEveryKind() {
        let translation = TranslationFixtures.translate(
            source: """
                resource "aws_security_group" "web" {
                  name        = local.name
                  description = var.description
                  vpc_id      = data.aws_vpc.main.id
                  tags        = module.labels.tags
                }
                """
        )
        #expect(translation.locations(.undeclaredLocal) == ["main.tf:2"])
        #expect(translation.locations(.undeclaredVariable) == ["main.tf:3"])
        #expect(translation.locations(.undeclaredResource) == ["main.tf:4"])
        #expect(translation.locations(.undeclaredModule) == ["main.tf:5"])
    }

    @Test func variableFileProblems() {
        let translation = TranslationFixtures.translate(
            source: "variable \"a\" {\n  default = 1\n}\n", variables: "a = 2\nb = 3\n"
        )
        #expect(translation.locations(.undeclaredVariable) == ["test.tfvars:2"])
        #expect(translation.diagnostics(.undeclaredVariable).first?.severity == .warning)
    }

    @Test func syntaxErrorsPassThroughAndNothingCrashes() throws {
        let broken = TranslationFixtures.translate(
            source: "resource \"aws_security_group\" \"x\" {\n  ingress {\n    from_port = \n}\n"
        )
        #expect(!broken.diagnostics(.syntax).isEmpty)
        // Every corpus file, and mangled versions of it, translate without trapping.
        let alphabet = Array("{}[]\"=$%.,\n ~*".utf8)
        for name in Corpus.names where name.hasSuffix(".tf") {
            let text = try Corpus.source(name)
            _ = TranslationFixtures.translate(source: text)
            var generator = SplitMix64(seed: UInt64(name.utf8.count))
            for _ in 0..<5 {
                var bytes = Array(text.utf8)
                for _ in 0..<4 where !bytes.isEmpty {
                    let index = Int(generator.next() % UInt64(bytes.count))
                    bytes[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                }
                _ = TranslationFixtures.translate(source: String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}
