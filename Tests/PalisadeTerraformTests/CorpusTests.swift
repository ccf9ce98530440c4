import Foundation
import PalisadeTerraform
import Testing

struct CorpusTests {
    @Test(arguments: Corpus.names)
    func parsesWithoutDiagnostics(name: String) throws {
        let (file, diagnostics) = HCLParser.parse(source: try Corpus.source(name), fileName: name)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(!file.body.items.isEmpty)
    }

    @Test func corpusIsLargeEnough() {
        #expect(Corpus.names.count >= 35)
    }

    @Test func seedThreeTierHasFourGroupsWithRules() throws {
        let (file, diagnostics) = HCLParser.parse(source: try Corpus.source("three_tier.tf"), fileName: "three_tier.tf")
        #expect(diagnostics.isEmpty)
        let groups = file.body.blocks(ofType: "resource").filter { $0.labelValues.first == "aws_security_group" }
        #expect(groups.map { $0.labelValues[1] } == ["web_alb_sg", "web_servers_sg", "database_sg", "bastion_sg"])
        let alb = groups[0]
        #expect(alb.body.blocks(ofType: "ingress").count == 2)
        #expect(alb.body.blocks(ofType: "egress").count == 1)
        let port = try #require(alb.body.blocks(ofType: "ingress")[0].body.attribute(named: "from_port"))
        #expect(port.expression.kind == .number(Value.Number(443), text: "443"))
        #expect(port.nameRange.start.line == 13)
        #expect(port.nameRange.start.column == 5)
    }

    @Test func seedMicroservicesEvaluatesWithTfvars() throws {
        let (vars, varsDiagnostics) = HCLParser.parse(
            source: try Corpus.source("example.tfvars"),
            fileName: "example.tfvars"
        )
        #expect(varsDiagnostics.isEmpty)
        var variables: [String: Value] = [:]
        let evaluator = ExpressionEvaluator(context: EvaluationContext())
        for attribute in vars.body.attributes {
            variables[attribute.name] = try evaluator.evaluate(attribute.expression)
        }
        #expect(variables["corporate_cidr_blocks"] == .list([.string("203.0.113.0/24"), .string("198.51.100.16/28")]))

        let (file, _) = HCLParser.parse(source: try Corpus.source("microservices.tf"), fileName: "microservices.tf")
        let rule = try #require(
            file.body.blocks(ofType: "resource").first {
                $0.labelValues == ["aws_security_group_rule", "service_discovery_rules"]
            }
        )
        let context = EvaluationContext(
            variables: [
                "var": .map(variables),
                "each": .map([
                    "key": .string("consul"), "value": variables["service_discovery_endpoints"]!.entries!["consul"]!,
                ]),
            ],
            resolver: { name, range in
                name == "aws_security_group" ? .unknown("security group ids are known after apply", origin: range) : nil
            }
        )
        let ruleEvaluator = ExpressionEvaluator(context: context)
        #expect(try ruleEvaluator.evaluate(rule.body.attribute(named: "from_port")!.expression) == .number(8500))
        #expect(
            try ruleEvaluator.evaluate(rule.body.attribute(named: "description")!.expression)
                == .string("Service discovery: consul")
        )
        #expect(try ruleEvaluator.evaluate(rule.body.attribute(named: "security_group_id")!.expression).isUnknown)
    }
}
