import PalisadeTerraform
import Testing

struct ExpressionEvaluatorTests {
    static let variables: [String: Value] = [
        "var": .map([
            "environment": .string("prod"),
            "port": .number(443),
            "cidrs": .list([.string("10.0.0.0/8"), .string("172.16.0.0/12")]),
            "rules": .map([
                "https": .map(["port": .number(443), "public": .bool(true)]),
                "ssh": .map(["port": .number(22), "public": .bool(false)]),
            ]),
            "flag": .bool(true),
            "nothing": .null,
            "names": .set([.string("a"), .string("b")]),
        ]),
        "count": .map(["index": .number(1)]),
        "local": .map(["id": .unknown("known after apply")]),
    ]

    private func value(_ source: String) throws -> Value {
        try evaluate(source, Self.variables)
    }

    // MARK: Literals and numbers

    @Test func numbersPrintExactly() throws {
        #expect(try value("443").description == "443")
        #expect(try value("443.0").description == "443")
        #expect(try value("4.43e2").description == "443")
        #expect(try value("0.5").description == "0.5")
        #expect(try value("1e-5").description == "0.00001")
        #expect(try value("10 / 4").description == "2.5")
        #expect(try value("10 / 5").description == "2")
        #expect(try value("9007199254740993 + 0").description == "9007199254740993")
    }

    @Test(arguments: [
        ("1 + 2 * 3", "7"),
        ("(1 + 2) * 3", "9"),
        ("17 % 5", "2"),
        ("-17 % 5", "-2"),
        ("-var.port", "-443"),
        ("2 - 3 - 4", "-5"),
        ("\"8\" + 1", "9"),
        ("1 < 2", "true"),
        ("2 <= 2", "true"),
        ("3 > 4", "false"),
        ("3 >= 4", "false"),
        ("1 == 1.0", "true"),
        ("\"a\" == \"a\"", "true"),
        ("\"1\" == 1", "false"),
        ("[1, 2] == [1, 2]", "true"),
        ("{a = 1} != {a = 2}", "true"),
        ("null == null", "true"),
        ("var.nothing == null", "true"),
        ("true && false", "false"),
        ("true || false", "true"),
        ("!var.flag", "false"),
        ("\"true\" && true", "true"),
    ])
    func operators(source: String, expected: String) throws {
        #expect(try value(source).description == expected)
    }

    @Test func operatorErrors() {
        #expect(evaluationError("1 / 0")?.code == .invalidOperand)
        #expect(evaluationError("1 % 0")?.code == .invalidOperand)
        #expect(evaluationError("\"a\" + 1")?.code == .invalidOperand)
        #expect(evaluationError("1 && true")?.code == .invalidOperand)
        #expect(evaluationError("-\"x\"")?.code == .invalidOperand)
        #expect(evaluationError("![]")?.code == .invalidOperand)
    }

    // MARK: Variables and traversals

    @Test func traversals() throws {
        #expect(try value("var.environment") == .string("prod"))
        #expect(try value("var.cidrs[1]") == .string("172.16.0.0/12"))
        #expect(try value("var.cidrs.0") == .string("10.0.0.0/8"))
        #expect(try value("var.rules[\"ssh\"].port") == .number(22))
        #expect(try value("var.rules.https[\"port\"]") == .number(443))
        #expect(try value("var.cidrs[count.index]") == .string("172.16.0.0/12"))
        #expect(try value("var.cidrs[\"1\"]") == .string("172.16.0.0/12"))
    }

    @Test func traversalErrors() throws {
        let undeclared = try #require(evaluationError("nope.x"))
        #expect(undeclared.code == .unknownVariable)
        #expect(undeclared.range.start.column == 1)
        #expect(undeclared.diagnostic.message.contains("\"nope\" is not declared"))
        #expect(evaluationError("var.missing", Self.variables)?.code == .unsupportedAttribute)
        #expect(evaluationError("var.cidrs[5]", Self.variables)?.code == .invalidIndex)
        #expect(evaluationError("var.cidrs[\"x\"]", Self.variables)?.code == .invalidIndex)
        #expect(evaluationError("var.rules[\"nope\"]", Self.variables)?.code == .invalidIndex)
        #expect(evaluationError("var.names[0]", Self.variables)?.code == .invalidIndex)
        #expect(evaluationError("var.nothing.x", Self.variables)?.code == .unsupportedAttribute)
        #expect(evaluationError("var.port.x", Self.variables)?.code == .unsupportedAttribute)
    }

    @Test func resolverSuppliesRootNames() throws {
        let result = try evaluate("aws_security_group.web.id", [:]) { name, range in
            name == "aws_security_group" ? .map(["web": .map(["id": .string("sg-123")])]) : nil
        }
        #expect(result == .string("sg-123"))
    }

    // MARK: Collections, for, splat

    @Test func collections() throws {
        #expect(try value("[1, \"a\", true, null]").description == "[1, \"a\", true, null]")
        #expect(try value("{b = 2, \"a\" = 1}") == .map(["a": .number(1), "b": .number(2)]))
        #expect(try value("{(var.environment) = 1}") == .map(["prod": .number(1)]))
        #expect(try value("{\"${var.environment}-x\" = 1}") == .map(["prod-x": .number(1)]))
        #expect(evaluationError("{a = 1, a = 2}")?.code == .duplicateKey)
    }

    @Test func forExpressions() throws {
        #expect(try value("[for c in var.cidrs : upper(c)]").description == "[\"10.0.0.0/8\", \"172.16.0.0/12\"]")
        #expect(try value("[for i, c in var.cidrs : i]") == .list([.number(0), .number(1)]))
        #expect(try value("[for k, r in var.rules : k if r.public]") == .list([.string("https")]))
        #expect(
            try value("{for k, r in var.rules : k => r.port}") == .map(["https": .number(443), "ssh": .number(22)])
        )
        #expect(
            try value("{for k, r in var.rules : tostring(r.public) => k...}")
                == .map(["true": .list([.string("https")]), "false": .list([.string("ssh")])])
        )
        #expect(try value("[for n in var.names : n]") == .list([.string("a"), .string("b")]))
        #expect(try value("[for k, v in {b = 1, a = 2} : k]") == .list([.string("a"), .string("b")]))
        #expect(evaluationError("{for k, r in var.rules : \"same\" => k}", Self.variables)?.code == .duplicateKey)
        #expect(evaluationError("[for x in 1 : x]")?.code == .invalidForExpression)
        #expect(evaluationError("[for x in [1] : x if 1]")?.code == .invalidForExpression)
    }

    @Test func splats() throws {
        let variables: [String: Value] = [
            "r": .list([
                .map(["id": .string("a"), "tags": .list([.string("x")])]),
                .map(["id": .string("b"), "tags": .list([.string("y")])]),
            ]),
            "one": .map(["id": .string("solo")]),
            "none": .null,
        ]
        #expect(try evaluate("r[*].id", variables) == .list([.string("a"), .string("b")]))
        #expect(try evaluate("r.*.id", variables) == .list([.string("a"), .string("b")]))
        #expect(try evaluate("r[*].tags[0]", variables) == .list([.string("x"), .string("y")]))
        #expect(try evaluate("r.*.id[1]", variables) == .string("b"))
        #expect(try evaluate("one[*].id", variables) == .list([.string("solo")]))
        #expect(try evaluate("none[*].id", variables) == .list([]))
    }

    // MARK: Conditionals and templates

    @Test func conditionals() throws {
        #expect(try value("var.flag ? \"yes\" : \"no\"") == .string("yes"))
        #expect(try value("var.environment == \"dev\" ? 1 : var.environment == \"prod\" ? 2 : 3") == .number(2))
        #expect(try value("var.flag ? 1 : nope") == .number(1))
        #expect(evaluationError("1 ? 2 : 3")?.code == .invalidOperand)
    }

    @Test func templates() throws {
        #expect(try value("\"sg-${var.environment}-${var.port}\"") == .string("sg-prod-443"))
        #expect(try value("\"${var.port}\"") == .number(443))
        #expect(try value("\"${var.cidrs}\"") == Self.variables["var"]!.entries!["cidrs"]!)
        #expect(try value("\"%{if var.flag}on%{else}off%{endif}\"") == .string("on"))
        #expect(try value("\"%{if !var.flag}on%{endif}\"") == .string(""))
        #expect(try value("\"%{for c in var.cidrs}[${c}]%{endfor}\"") == .string("[10.0.0.0/8][172.16.0.0/12]"))
        #expect(try value("\"%{for k, r in var.rules}${k}=${r.port};%{endfor}\"") == .string("https=443;ssh=22;"))
        #expect(try value("\"$${literal} %%{also}\"") == .string("${literal} %{also}"))
        #expect(evaluationError("\"x${var.cidrs}\"", Self.variables)?.code == .invalidTemplateValue)
        #expect(evaluationError("\"x${var.nothing}\"", Self.variables)?.code == .invalidTemplateValue)
    }

    @Test func stripMarkers() throws {
        #expect(try value("\"a  ${~ var.port ~}  b\"") == .string("a443b"))
        let file = parseFile("a = <<EOT\n%{ for c in var.cidrs ~}\n  ${c}\n%{~ endfor ~}\nEOT\n")
        let evaluator = ExpressionEvaluator(context: EvaluationContext(variables: Self.variables))
        #expect(try evaluator.evaluate(file.body.attributes[0].expression) == .string("10.0.0.0/8172.16.0.0/12"))
        #expect(try value("\"x %{~ if var.flag ~} y %{~ else ~} z %{~ endif ~} w\"") == .string("xyw"))
    }

    @Test func heredocs() throws {
        let file = parseFile("a = <<-EOT\n    port ${var.port}\n      end\n    EOT\nb = <<EOT\nx\nEOT\n")
        let evaluator = ExpressionEvaluator(context: EvaluationContext(variables: Self.variables))
        #expect(try evaluator.evaluate(file.body.attributes[0].expression) == .string("port 443\n  end\n"))
        #expect(try evaluator.evaluate(file.body.attributes[1].expression) == .string("x\n"))
    }

    // MARK: Unknown propagation

    @Test(arguments: [
        "local.id + 1",
        "-local.id",
        "!local.id",
        "local.id == 1",
        "[local.id] == [1]",
        "local.id ? 1 : 2",
        "\"x-${local.id}\"",
        "local.id.attr",
        "local.id[0]",
        "var.cidrs[local.id]",
        "length(local.id)",
        "upper(local.id)",
        "join(\",\", [local.id])",
        "concat(local.id, [])",
        "[for x in local.id : x]",
        "{for x in [1] : local.id => x}",
        "[for x in [1] : x if local.id]",
        "local.id[*].x",
        "{(local.id) = 1}",
        "\"%{if local.id}a%{endif}\"",
        "\"%{for x in local.id}a%{endfor}\"",
        "try(local.id, 1)",
        "can(local.id)",
        "max(local.id...)",
        "jsonencode({a = local.id})",
    ])
    func unknownPropagates(source: String) throws {
        let result = try value(source)
        guard case .unknown(let unknown) = result else {
            Issue.record("\(source) evaluated to \(result)")
            return
        }
        #expect(unknown.reason == "known after apply")
    }

    @Test func unknownElementsDoNotMakeStructureUnknown() throws {
        #expect(try value("length([local.id, 1])") == .number(2))
        #expect(try value("concat([local.id], [1])") == .list([.unknown("known after apply"), .number(1)]))
        #expect(try value("lookup({a = local.id, b = 1}, \"b\")") == .number(1))
        #expect(try value("[local.id, 1][1]") == .number(1))
        #expect(try value("var.flag ? 1 : local.id") == .number(1))
    }

    @Test func unknownCarriesOrigin() throws {
        let result = try evaluate("x.y + 1", [:]) { _, range in .unknown("resource attribute", origin: range) }
        guard case .unknown(let unknown) = result else { Issue.record("not unknown"); return }
        #expect(unknown.origin?.start.column == 1)
        #expect(unknown.description.contains("resource attribute"))
    }

    @Test func evaluateReportingErrorsTurnsErrorsIntoUnknown() throws {
        let evaluator = ExpressionEvaluator(context: EvaluationContext())
        let (result, diagnostic) = evaluator.evaluateReportingErrors(parseExpression("nope"))
        #expect(result.isUnknown)
        #expect(diagnostic?.message.contains("Reference to undeclared name") == true)
    }

    // MARK: Functions (dispatch)

    @Test func functionDispatchErrors() throws {
        let unknownFunction = try #require(evaluationError("nosuch(1)"))
        #expect(unknownFunction.code == .unknownFunction)
        #expect(unknownFunction.diagnostic.description.contains("test.hcl:1:1: error: Call to unknown function"))
        #expect(evaluationError("upper()")?.code == .wrongArgumentCount)
        #expect(evaluationError("upper(\"a\", \"b\")")?.code == .wrongArgumentCount)
        #expect(evaluationError("upper([1])")?.code == .invalidArgument)
        #expect(evaluationError("max(1...)")?.code == .invalidArgument)
        #expect(evaluationError("try()")?.code == .wrongArgumentCount)
        #expect(evaluationError("try(nope, also_nope)")?.code == .invalidArgument)
    }

    @Test func tryAndCan() throws {
        #expect(try value("try(var.missing, \"fallback\")") == .string("fallback"))
        #expect(try value("try(var.environment, \"fallback\")") == .string("prod"))
        #expect(try value("can(var.missing)") == .bool(false))
        #expect(try value("can(var.environment)") == .bool(true))
        #expect(try value("can(cidrhost(\"bad\", 1))") == .bool(false))
    }

    @Test func customFunctions() throws {
        var context = EvaluationContext()
        context.functions["double"] = HCLFunction(name: "double", arity: 1...1) { call throws(EvaluationError) in
            let n = try call.number(0)
            return .number(n + n)
        }
        #expect(try ExpressionEvaluator(context: context).evaluate(parseExpression("double(21)")) == .number(42))
    }

    @Test func invalidExpressionsAreErrors() {
        let (expression, found) = HCLParser.parseExpression(source: "1 +", fileName: "e")
        #expect(!found.isEmpty)
        #expect(throws: EvaluationError.self) {
            try ExpressionEvaluator(context: EvaluationContext()).evaluate(expression)
        }
    }
}
