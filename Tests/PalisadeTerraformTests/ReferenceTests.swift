import PalisadeTerraform
import Testing

struct ReferenceTests {
    private func references(_ source: String) -> [String] {
        parseExpression(source).references.map(\.description)
    }

    @Test func staticTraversals() throws {
        let traversal = try #require(parseExpression("aws_security_group.web.id").staticTraversal)
        #expect(traversal.root == "aws_security_group")
        #expect(traversal.steps == [.attribute("web"), .attribute("id")])
        #expect(traversal.leadingAttributes == ["web", "id"])
        #expect(traversal.range.start.column == 1)
        #expect(traversal.range.end.column == 26)
        #expect(parseExpression("var.rules[\"ssh\"].port").staticTraversal?.description == "var.rules[\"ssh\"].port")
        #expect(parseExpression("aws_instance.app.0.id").staticTraversal?.description == "aws_instance.app[0].id")
        #expect(parseExpression("a[b]").staticTraversal == nil)
        #expect(parseExpression("f(x).y").staticTraversal == nil)
    }

    @Test(arguments: [
        ("aws_security_group.web.id", ["aws_security_group.web.id"]),
        ("aws_security_group.web[count.index].id", ["aws_security_group.web", "count.index"]),
        ("\"sg-${var.env}-${local.n}\"", ["var.env", "local.n"]),
        ("[for k, v in var.m : \"${k}-${v.x}-${local.y}\" if v.ok]", ["var.m", "local.y"]),
        ("{for r in var.rules : r.name => aws_security_group.g[r.sg].id}", ["var.rules", "aws_security_group.g"]),
        ("\"%{for s in var.l}${s}${each.key}%{endfor}\"", ["var.l", "each.key"]),
        ("aws_instance.app[*].private_ip", ["aws_instance.app"]),
        ("concat(module.m.out, [data.aws_vpc.main.id])", ["module.m.out", "data.aws_vpc.main.id"]),
        ("var.x ? local.a : -path.module", ["var.x", "local.a", "path.module"]),
        ("{ (var.k) = var.v }", ["var.k", "var.v"]),
        ("1 + 2", []),
    ])
    func collectsReferences(source: String, expected: [String]) {
        #expect(references(source) == expected)
    }

    @Test func seedCycleIsVisibleFromReferences() throws {
        let (file, _) = HCLParser.parse(source: try Corpus.source("three_tier.tf"), fileName: "three_tier.tf")
        func referencedGroups(_ name: String) -> Set<String> {
            let block = file.body.blocks.first { $0.labelValues == ["aws_security_group", name] }!
            var names = Set<String>()
            for rule in block.body.blocks {
                for attribute in rule.body.attributes {
                    for reference in attribute.expression.references where reference.root == "aws_security_group" {
                        names.insert(reference.leadingAttributes[0])
                    }
                }
            }
            return names
        }
        #expect(referencedGroups("web_alb_sg") == ["web_servers_sg"])
        #expect(referencedGroups("web_servers_sg").contains("web_alb_sg"))
    }

    @Test func constantValues() {
        #expect(parseExpression("443").constantValue == .number(443))
        #expect(parseExpression("-1").constantValue == .number(-1))
        #expect(parseExpression("\"tcp\"").constantValue == .string("tcp"))
        #expect(parseExpression("\"${x}\"").constantValue == nil)
        #expect(parseExpression("null").constantValue == .null)
        #expect(parseExpression("[1]").constantValue == nil)
    }
}
