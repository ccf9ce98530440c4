import PalisadeTerraform
import Testing

struct HCLParserTests {
    // MARK: Bodies and blocks

    @Test func attributesAndBlocksInOrder() throws {
        let file = parseFile(
            """
            a = 1
            resource "aws_security_group" "web" {
              name = "web"
              ingress {
                from_port = 443
              }
            }
            b = 2
            """
        )
        #expect(file.body.items.count == 3)
        #expect(file.body.attributes.map(\.name) == ["a", "b"])
        let block = try #require(file.body.blocks.first)
        #expect(block.type == "resource")
        #expect(block.labelValues == ["aws_security_group", "web"])
        #expect(block.labels.allSatisfy { $0.isQuoted })
        #expect(block.body.attribute(named: "name")?.expression.literalText == "web")
        #expect(block.body.blocks(ofType: "ingress").count == 1)
        #expect(block.range.start == SourcePosition(line: 2, column: 1, offset: 6))
        #expect(block.range.end.line == 7)
        #expect(block.range.end.column == 2)
    }

    @Test func bareAndMixedLabels() {
        let file = parseFile("resource aws_instance \"web\" {}\nmodule m {}\n")
        #expect(file.body.blocks[0].labelValues == ["aws_instance", "web"])
        #expect(file.body.blocks[0].labels.map(\.isQuoted) == [false, true])
        #expect(file.body.blocks[1].labelValues == ["m"])
    }

    @Test func labelsAreDecoded() {
        let file = parseFile("b \"a\\\"b\" {}\n")
        #expect(file.body.blocks[0].labelValues == ["a\"b"])
    }

    @Test func oneLineAndEmptyBlocks() {
        let file = parseFile("a { b = 1 }\nc {}\nd \"x\" {\n}\n")
        #expect(file.body.blocks.count == 3)
        #expect(file.body.blocks[0].body.attributes.map(\.name) == ["b"])
        #expect(file.body.blocks[1].body.items.isEmpty)
        #expect(file.body.blocks[2].body.items.isEmpty)
    }

    @Test func commentsAreIgnoredEverywhere() {
        let file = parseFile(
            """
            # top
            a = [ // in list
              1, /* mid */ 2, # end
            ]
            b { /* c */ x = 1 } // after
            """
        )
        #expect(file.body.attributes.count == 1)
        #expect(file.body.blocks[0].body.attributes.count == 1)
    }

    @Test func fileWithoutTrailingNewlineAndEmptyFile() {
        #expect(parseFile("a = 1").body.attributes.count == 1)
        #expect(parseFile("").body.items.isEmpty)
        #expect(parseFile("\n\n# only comments\n").body.items.isEmpty)
    }

    @Test func keywordsAreValidNames() {
        let file = parseFile("in = 1\nfor = 2\nif {\n}\ntrue = 3\n")
        #expect(file.body.attributes.map(\.name) == ["in", "for", "true"])
        #expect(file.body.blocks.map(\.type) == ["if"])
    }

    // MARK: Literals

    @Test func literals() {
        #expect(parseExpression("443").kind == .number(Value.Number(443), text: "443"))
        #expect(parseExpression("1.5").kind == .number(Value.Number(1.5), text: "1.5"))
        #expect(parseExpression("1e3").kind == .number(Value.Number(1000), text: "1e3"))
        #expect(parseExpression("true").kind == .bool(true))
        #expect(parseExpression("false").kind == .bool(false))
        #expect(parseExpression("null").kind == .null)
    }

    @Test func stringEscapes() {
        let expression = parseExpression(#""a\"b\\c\nd\te\u00e9\U0001F512 $${x} %%{y}""#)
        #expect(expression.literalText == "a\"b\\c\nd\te\u{e9}\u{1F512} ${x} %{y}")
    }

    // MARK: Templates

    @Test func interpolationParts() throws {
        let expression = parseExpression(#""web-${var.env}-sg""#)
        guard case .template(let template) = expression.kind else { Issue.record("not a template"); return }
        #expect(template.parts.count == 3)
        guard case .interpolation(let inner, let markers, _) = template.parts[1] else {
            Issue.record("not an interpolation")
            return
        }
        #expect(structure("var.env") == PythonHCL2Renderer.inner(inner, context: .init()))
        #expect(markers == HCLTemplate.StripMarkers())
        #expect(inner.range.start.column == 8)
    }

    @Test func ifAndForDirectives() throws {
        let expression = parseExpression(#""%{if a}x%{else}y%{endif}%{for k, v in m}${k}%{endfor}""#)
        guard case .template(let template) = expression.kind, template.parts.count == 2,
            case .conditional(let conditional) = template.parts[0], case .loop(let loop) = template.parts[1]
        else {
            Issue.record("unexpected structure: \(expression.kind)")
            return
        }
        #expect(conditional.thenParts.count == 1)
        #expect(conditional.elseParts?.count == 1)
        #expect(loop.keyVariable == "k")
        #expect(loop.valueVariable == "v")
        #expect(loop.body.count == 1)
    }

    @Test func nestedDirectives() {
        let expression = parseExpression(#""%{for x in xs}%{if x > 1}${x}%{endif}%{endfor}""#)
        guard case .template(let template) = expression.kind, case .loop(let loop) = template.parts[0],
            case .conditional = loop.body[0]
        else {
            Issue.record("unexpected structure")
            return
        }
    }

    @Test func stripMarkersAreRecorded() {
        let expression = parseExpression(#""a ${~ x ~} b %{~ if c ~}d%{~ endif}""#)
        guard case .template(let template) = expression.kind,
            case .interpolation(_, let markers, _) = template.parts[1],
            case .conditional(let conditional) = template.parts[3]
        else {
            Issue.record("unexpected structure")
            return
        }
        #expect(markers == HCLTemplate.StripMarkers(left: true, right: true))
        #expect(conditional.ifMarkers == HCLTemplate.StripMarkers(left: true, right: true))
        #expect(conditional.endMarkers == HCLTemplate.StripMarkers(left: true, right: false))
    }

    @Test func heredocKeepsTextAndFinalNewline() {
        let file = parseFile("a = <<EOT\n  hello ${name}\n  world\nEOT\n")
        let expression = file.body.attributes[0].expression
        guard case .template(let template) = expression.kind else { Issue.record("not a template"); return }
        #expect(template.heredoc == HCLTemplate.Heredoc(marker: "EOT", isIndented: false))
        #expect(template.parts.count == 3)
        #expect(
            template.parts.last.flatMap { if case .literal(let text, _) = $0 { text } else { nil } } == "\n  world\n"
        )
    }

    @Test func indentedHeredocRemovesCommonIndentation() {
        let file = parseFile("a = <<-EOT\n    one\n      two\n\n    three\n    EOT\n")
        #expect(file.body.attributes[0].expression.literalText == "one\n  two\n\nthree\n")
    }

    @Test func indentedHeredocWithInterpolationAtLineStart() {
        let file = parseFile("a = <<-EOT\n  ${x}\n    y\n  EOT\n")
        guard case .template(let template) = file.body.attributes[0].expression.kind else { return }
        // The interpolation line has 2 columns of indentation in its literal, the other line 4.
        #expect(template.parts.compactMap { if case .literal(let t, _) = $0 { t } else { nil } } == ["", "\n  y\n"])
    }

    @Test func heredocWithCRLF() {
        let file = parseFile("a = <<EOT\r\nx\r\nEOT\r\nb = 1\r\n")
        #expect(file.body.attributes.map(\.name) == ["a", "b"])
        #expect(file.body.attributes[0].expression.literalText == "x\r\n")
    }

    // MARK: Collections

    @Test func tuples() {
        #expect(structure("[]") == "[]")
        #expect(structure("[1, 2, 3,]") == "[1, 2, 3]")
        #expect(structure("[\n  1,\n  [2],\n]") == "[1, [2]]")
    }

    @Test func objects() throws {
        let expression = parseExpression("{\n  a = 1\n  \"b c\" = 2, (k) = 3\n  d: 4\n  e = { f = [] }\n}")
        guard case .object(let items) = expression.kind else { Issue.record("not an object"); return }
        #expect(items.count == 5)
        guard case .identifier("a", _) = items[0].key else { Issue.record("bare key"); return }
        guard case .expression(let quoted) = items[1].key, quoted.literalText == "b c" else {
            Issue.record("quoted key"); return
        }
        guard case .expression(let parenthesised) = items[2].key, case .parenthesized = parenthesised.kind else {
            Issue.record("parenthesised key")
            return
        }
        guard case .identifier("d", _) = items[3].key else { Issue.record("colon key"); return }
    }

    // MARK: Operators

    @Test(arguments: [
        ("1 + 2 * 3", "1 + (2 * 3)"),
        ("1 * 2 + 3", "(1 * 2) + 3"),
        ("1 - 2 - 3", "(1 - 2) - 3"),
        ("a / b % c", "(a / b) % c"),
        ("a < b == c > d", "(a < b) == (c > d)"),
        ("a || b && c", "a || (b && c)"),
        ("a && b || c && d", "(a && b) || (c && d)"),
        ("a == b != c", "(a == b) != c"),
        ("!a && b", "(!a) && b"),
        ("-a * b", "(-a) * b"),
        ("- -a", "-(-a)"),
        ("!!a", "!(!a)"),
        ("a + b > c - d", "(a + b) > (c - d)"),
        ("a >= 1 && a <= 9", "(a >= 1) && (a <= 9)"),
        ("a ? b : c ? d : e", "a ? b : (c ? d : e)"),
        ("a ? b ? c : d : e", "a ? (b ? c : d) : e"),
        ("a || b ? c + 1 : d", "(a || b) ? (c + 1) : d"),
        ("(a + b) * c", "(a + b) * c"),
        ("-a.b[0]", "-a.b[0]"),
        ("!f(x)", "!f(x)"),
    ])
    func precedence(source: String, expected: String) {
        #expect(structure(source) == expected)
    }

    @Test func conditionalAcrossLinesInsideParentheses() {
        #expect(structure("(\n  a\n  ? b\n  : c\n)") == "(a ? b : c)")
    }

    // MARK: Calls, traversals, splats, for

    @Test func functionCalls() {
        #expect(structure("f()") == "f()")
        #expect(structure("f(1, \"a\", [x])") == "f(1, \"a\", [x])")
        #expect(structure("f(\n  a,\n  b,\n)") == "f(a, b)")
        #expect(structure("max(xs...)") == "max(xs ...)")
        #expect(structure("provider::aws::arn_parse(a)") == "provider::aws::arn_parse(a)")
        guard case .functionCall(let name, let arguments, let expands) = parseExpression("concat(a, b...)").kind else {
            Issue.record("not a call")
            return
        }
        #expect(name == "concat")
        #expect(arguments.count == 2)
        #expect(expands)
    }

    @Test func traversals() {
        #expect(structure("aws_security_group.web.id") == "aws_security_group.web.id")
        #expect(structure("var.rules[count.index][\"type\"]") == "var.rules[count.index][\"type\"]")
        #expect(structure("each.value.port") == "each.value.port")
        #expect(structure("module.m.out") == "module.m.out")
        #expect(structure("local.x.0.y") == "local.x.0.y")
        #expect(structure("a.0.1") == "a.0.1")
        #expect(structure("f(x).y[1]") == "f(x).y[1]")
        #expect(structure("{a = 1}.a") == "{a = 1}.a")
    }

    @Test func legacyIndexIsAnIndex() {
        guard case .index(_, let key, let isLegacy) = parseExpression("a.0").kind else {
            Issue.record("not an index")
            return
        }
        #expect(isLegacy)
        #expect(key.kind == .number(Value.Number(0), text: "0"))
    }

    @Test func splats() {
        #expect(structure("a[*].b") == "a[*].b")
        #expect(structure("a[*].b[0].c") == "a[*].b[0].c")
        #expect(structure("a.*.b") == "a.*.b")
        #expect(structure("a[*]") == "a[*]")
        // An attribute-only splat ends at an index: the index applies to the splat result.
        guard case .index(let base, _, _) = parseExpression("a.*.b[0]").kind, case .splat(_, _, let isFull) = base.kind
        else {
            Issue.record("unexpected structure")
            return
        }
        #expect(!isFull)
        guard case .splat(_, let each, true) = parseExpression("a[*].b[0]").kind, case .index = each.kind else {
            Issue.record("unexpected structure")
            return
        }
    }

    @Test func forExpressions() {
        #expect(structure("[for x in xs : x]") == "[for x in xs : x]")
        #expect(structure("[for i, x in xs : x if i > 0]") == "[for i, x in xs : x if i > 0]")
        #expect(structure("{for k, v in m : k => v}") == "{for k, v in m : k => v}")
        #expect(structure("{for k, v in m : v => k... if k != \"\"}") == "{for k, v in m : v => k... if k != \"\"}")
        #expect(structure("[\n  for x in xs :\n  x\n]") == "[for x in xs : x]")
        guard case .forExpression(let forExpression) = parseExpression("{for k, v in m : v => k...}").kind else {
            Issue.record("not a for expression")
            return
        }
        #expect(forExpression.isObject)
        #expect(forExpression.isGrouping)
        #expect(forExpression.keyVariable == "k")
        #expect(forExpression.valueVariable == "v")
    }

    @Test func forAsObjectKeyIsNotAForExpression() {
        guard case .object(let items) = parseExpression("{ for = 1 }").kind else {
            Issue.record("not an object")
            return
        }
        #expect(items.count == 1)
    }

    // MARK: Ranges

    @Test func rangesQuoteTheSource() throws {
        let file = parseFile("resource \"aws_security_group\" \"é\" {\n  cidr_blocks = var.corporate_cidr_blocks\n}\n")
        let block = try #require(file.body.blocks.first)
        let attribute = try #require(block.body.attribute(named: "cidr_blocks"))
        #expect(file.text(of: attribute.expression.range) == "var.corporate_cidr_blocks")
        #expect(file.text(of: attribute.range) == "cidr_blocks = var.corporate_cidr_blocks")
        #expect(file.text(of: block.labels[1].range) == "\"é\"")
        #expect(file.text(of: block.range)?.hasSuffix("}") == true)
    }

    @Test func everyNodeHasARange() {
        let file = parseFile("x = [\n  a + b,\n  f(c),\n]\n")
        let expression = file.body.attributes[0].expression
        #expect(expression.range.start == SourcePosition(line: 1, column: 5, offset: 4))
        #expect(expression.range.end.line == 4)
        #expect(expression.range.end.column == 2)
        guard case .tuple(let elements) = expression.kind, case .binary(_, let lhs, let rhs) = elements[0].kind else {
            Issue.record("unexpected structure")
            return
        }
        #expect(elements[0].range.start.line == 2)
        #expect(elements[0].range.start.column == 3)
        #expect(elements[0].range.end.column == 8)
        #expect(lhs.range.start.column == 3)
        #expect(rhs.range.start.column == 7)
        #expect(elements[1].range.start.line == 3)
        #expect(file.body.attributes[0].nameRange.end.column == 2)
    }
}

extension HCLExpression {
    /// The text of a literal-only template.
    var literalText: String? {
        if case .template(let template) = kind { template.literalValue } else { nil }
    }

    var templateLiteralRange: SourceRange? {
        if case .template(let template) = kind, case .literal(_, let range) = template.parts.first {
            range
        } else {
            nil
        }
    }
}
