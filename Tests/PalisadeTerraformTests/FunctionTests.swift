import PalisadeTerraform
import Testing

struct FunctionTests {
    static let variables: [String: Value] = [
        "m": .map(["a": .number(1), "b": .string("x")]),
        "l": .list([.string("b"), .string("a"), .string("b")]),
    ]

    /// `(expression, expected value in Value.description form)`.
    @Test(arguments: [
        // collections
        ("concat([1], [2, 3], [])", "[1, 2, 3]"),
        ("concat()", "[]"),
        ("merge({a = 1, b = 2}, {b = 3}, null)", "{ \"a\" = 1, \"b\" = 3 }"),
        ("lookup(m, \"a\")", "1"),
        ("lookup(m, \"z\", \"d\")", "\"d\""),
        ("length(\"héllo\")", "5"),
        ("length([1, 2])", "2"),
        ("length(m)", "2"),
        ("length(toset(l))", "2"),
        ("element([\"a\", \"b\", \"c\"], 4)", "\"b\""),
        ("coalesce(null, \"\", \"x\", \"y\")", "\"x\""),
        ("coalesce(null, 2)", "2"),
        ("coalescelist([], [1], [2])", "[1]"),
        ("contains(l, \"a\")", "true"),
        ("contains([1, 2], 3)", "false"),
        ("distinct(l)", "[\"b\", \"a\"]"),
        ("flatten([[1, [2]], [], 3])", "[1, 2, 3]"),
        ("keys({b = 1, a = 2})", "[\"a\", \"b\"]"),
        ("values({b = 1, a = 2})", "[2, 1]"),
        ("zipmap([\"a\", \"b\"], [1, 2])", "{ \"a\" = 1, \"b\" = 2 }"),
        ("range(3)", "[0, 1, 2]"),
        ("range(1, 4)", "[1, 2, 3]"),
        ("range(10, 0, -4)", "[10, 6, 2]"),
        ("range(0, 1, 0.5)", "[0, 0.5]"),
        ("compact([\"a\", \"\", null, \"b\"])", "[\"a\", \"b\"]"),
        ("slice([1, 2, 3, 4], 1, 3)", "[2, 3]"),
        ("index([\"a\", \"b\"], \"b\")", "1"),
        ("setproduct([\"a\", \"b\"], [1, 2])", "[[\"a\", 1], [\"a\", 2], [\"b\", 1], [\"b\", 2]]"),
        ("one([])", "null"),
        ("one([\"x\"])", "\"x\""),
        ("sort([\"b\", \"c\", \"a\"])", "[\"a\", \"b\", \"c\"]"),
        ("reverse([1, 2, 3])", "[3, 2, 1]"),
        // conversion
        ("toset([\"b\", \"a\", \"b\"])", "toset([\"a\", \"b\"])"),
        ("toset([2, 1, 2])", "toset([1, 2])"),
        ("toset([1, \"a\"])", "toset([\"1\", \"a\"])"),
        ("tolist(toset([\"b\", \"a\"]))", "[\"a\", \"b\"]"),
        ("tomap({a = 1})", "{ \"a\" = 1 }"),
        ("tostring(443)", "\"443\""),
        ("tostring(true)", "\"true\""),
        ("tostring(null)", "null"),
        ("tonumber(\"8080\")", "8080"),
        ("tonumber(\"-1.5\")", "-1.5"),
        ("tobool(\"true\")", "true"),
        // strings
        ("format(\"%s-%d\", \"web\", 443)", "\"web-443\""),
        (
            "format(\"%05d|%-4s|%4s|%.2f|%v|%t|%%|%x|%q\", 42, \"ab\", \"cd\", 3.14159, 7, true, 255, \"q\")",
            "\"00042|ab  |  cd|3.14|7|true|%|ff|\\\"q\\\"\""
        ),
        ("format(\"%v\", [1, \"a\"])", "\"[1,\\\"a\\\"]\""),
        ("formatlist(\"%s:%d\", [\"a\", \"b\"], 80)", "[\"a:80\", \"b:80\"]"),
        ("formatlist(\"%s=%s\", [\"a\", \"b\"], [\"1\", \"2\"])", "[\"a=1\", \"b=2\"]"),
        ("join(\", \", [\"a\", \"b\"], [\"c\"])", "\"a, b, c\""),
        ("join(\"-\", [1, 2])", "\"1-2\""),
        ("split(\",\", \"a,,b\")", "[\"a\", \"\", \"b\"]"),
        ("split(\",\", \"\")", "[\"\"]"),
        ("upper(\"abc\")", "\"ABC\""),
        ("lower(\"ABC\")", "\"abc\""),
        ("trimspace(\"  a b \\n\")", "\"a b\""),
        ("chomp(\"line\\r\\n\\n\")", "\"line\""),
        ("title(\"hello world-wide web_x\")", "\"Hello World-Wide Web_x\""),
        ("trimprefix(\"sg-123\", \"sg-\")", "\"123\""),
        ("trimsuffix(\"a.tf\", \".tf\")", "\"a\""),
        ("startswith(\"sg-1\", \"sg-\")", "true"),
        ("endswith(\"sg-1\", \"x\")", "false"),
        ("substr(\"hello\", 1, 3)", "\"ell\""),
        ("substr(\"hello\", -3, -1)", "\"llo\""),
        ("substr(\"hello\", 2, 100)", "\"llo\""),
        ("replace(\"a.b.c\", \".\", \"-\")", "\"a-b-c\""),
        ("replace(\"Web Server 01\", \"/[^a-zA-Z0-9]+/\", \"-\")", "\"Web-Server-01\""),
        ("replace(\"10.0.1.0\", \"/(\\\\d+)\\\\.(\\\\d+)/\", \"$2.$1\")", "\"0.10.0.1\""),
        ("regex(\"[0-9]+\", \"port 443/tcp\")", "\"443\""),
        ("regex(\"^(\\\\d+)-(\\\\d+)$\", \"80-443\")", "[\"80\", \"443\"]"),
        ("regex(\"^(?<from>\\\\d+)-(?<to>\\\\d+)$\", \"80-443\")", "{ \"from\" = \"80\", \"to\" = \"443\" }"),
        ("regexall(\"[0-9]+\", \"1 22 333\")", "[\"1\", \"22\", \"333\"]"),
        ("strrev(\"abc\")", "\"cba\""),
        // numbers
        ("min(3, 1, 2)", "1"),
        ("max(3, 1, 2)", "3"),
        ("max([5, 9]...)", "9"),
        ("abs(-5)", "5"),
        ("abs(2.5)", "2.5"),
        ("ceil(1.2)", "2"),
        ("floor(-1.2)", "-2"),
        ("signum(-3)", "-1"),
        // network
        ("cidrsubnet(\"10.0.0.0/16\", 8, 2)", "\"10.0.2.0/24\""),
        ("cidrsubnet(\"10.0.0.0/16\", 4, 15)", "\"10.0.240.0/20\""),
        ("cidrsubnet(\"10.1.2.3/16\", 0, 0)", "\"10.1.0.0/16\""),
        ("cidrsubnet(\"fd00::/56\", 8, 1)", "\"fd00:0:0:1::/64\""),
        ("cidrsubnet(\"2001:db8::/32\", 16, 258)", "\"2001:db8:102::/48\""),
        (
            "cidrsubnets(\"10.0.0.0/16\", 4, 4, 8, 4)",
            "[\"10.0.0.0/20\", \"10.0.16.0/20\", \"10.0.32.0/24\", \"10.0.48.0/20\"]"
        ),
        ("cidrhost(\"10.12.112.0/20\", 16)", "\"10.12.112.16\""),
        ("cidrhost(\"10.12.112.0/20\", 268)", "\"10.12.113.12\""),
        ("cidrhost(\"10.0.0.0/24\", -1)", "\"10.0.0.255\""),
        ("cidrhost(\"fd00:fd12:3456:7890:00a2::/72\", 34)", "\"fd00:fd12:3456:7890::22\""),
        ("cidrnetmask(\"172.16.0.0/12\")", "\"255.240.0.0\""),
        ("cidrnetmask(\"10.0.0.0/32\")", "\"255.255.255.255\""),
        ("cidrnetmask(\"0.0.0.0/0\")", "\"0.0.0.0\""),
        // encoding
        (
            "jsonencode({b = [1, true, null], a = \"<x>&\"})",
            "\"{\\\"a\\\":\\\"\\\\u003cx\\\\u003e\\\\u0026\\\",\\\"b\\\":[1,true,null]}\""
        ),
        ("jsonencode(\"line\\n\")", "\"\\\"line\\\\n\\\"\""),
        ("jsonencode(1.5)", "\"1.5\""),
        ("base64encode(\"Hello\")", "\"SGVsbG8=\""),
        ("base64encode(\"ab\")", "\"YWI=\""),
        ("base64encode(\"abc\")", "\"YWJj\""),
        ("alltrue([true, \"true\"])", "true"),
        ("alltrue([])", "true"),
        ("anytrue([false, true])", "true"),
        ("sum([1, 2.5])", "3.5"),
        ("chunklist([1, 2, 3], 2)", "[[1, 2], [3]]"),
        ("trim(\"?!hello?!\", \"!?\")", "\"hello\""),
    ])
    func evaluates(source: String, expected: String) throws {
        let result = try evaluate(source, Self.variables)
        #expect(result.description == expected, "\(source)")
    }

    @Test(arguments: [
        "lookup(m, \"z\")",
        "lookup([1], \"a\")",
        "element([], 0)",
        "element([1], -1)",
        "coalesce(null, \"\")",
        "zipmap([\"a\"], [1, 2])",
        "range(0, 10, -1)",
        "range(1, 2, 0)",
        "range(100000)",
        "slice([1, 2], 1, 5)",
        "index([1], 2)",
        "one([1, 2])",
        "sort([[1]])",
        "tonumber(\"abc\")",
        "tobool(1)",
        "format(\"%d\", \"x\")",
        "format(\"%d\", 1.5)",
        "format(\"%s %s\", \"a\")",
        "format(\"%s\", \"a\", \"b\")",
        "format(\"%z\", 1)",
        "format(\"%\", 1)",
        "formatlist(\"%s%s\", [\"a\"], [\"b\", \"c\"])",
        "join(\",\", [[1]])",
        "substr(\"abc\", 5, 1)",
        "regex(\"x\", \"abc\")",
        "regex(\"(\", \"abc\")",
        "cidrsubnet(\"10.0.0.0/16\", 8, 256)",
        "cidrsubnet(\"10.0.0.0/30\", 4, 0)",
        "cidrsubnet(\"10.0.0.0\", 8, 0)",
        "cidrsubnet(\"300.0.0.0/8\", 8, 0)",
        "cidrhost(\"10.0.0.0/24\", 256)",
        "cidrhost(\"10.0.0.0/24\", -257)",
        "cidrnetmask(\"fd00::/8\")",
        "cidrsubnets(\"10.0.0.0/24\", 1, 1, 1)",
        "concat(1)",
        "merge([1])",
        "length(1)",
        "keys([1])",
        "upper({})",
    ])
    func rejectsWithDiagnostic(source: String) throws {
        let error = try #require(evaluationError(source, Self.variables), "\(source) did not fail")
        #expect(error.code == .invalidArgument || error.code == .wrongArgumentCount)
        #expect(error.range.start.line == 1)
        #expect(!error.diagnostic.message.isEmpty)
    }

    @Test func fileAndTimeFunctionsAreUnknown() throws {
        let result = try evaluate("templatefile(\"x.tpl\", {})", [:])
        guard case .unknown(let unknown) = result else {
            Issue.record("expected unknown, got \(result)")
            return
        }
        #expect(unknown.reason.contains("templatefile()"))
        #expect(try evaluate("length(timestamp())", [:]).isUnknown)
    }

    @Test func everyRequiredFunctionExists() {
        let required = [
            "concat", "merge", "lookup", "cidrsubnet", "cidrhost", "cidrnetmask", "format", "formatlist", "join",
            "split",
            "flatten", "toset", "tolist", "tomap", "tostring", "tonumber", "length", "element", "coalesce",
            "coalescelist", "contains", "distinct", "keys", "values", "zipmap", "range", "upper", "lower", "trimspace",
            "replace", "substr", "min", "max", "abs", "ceil", "floor", "compact", "slice", "index", "jsonencode",
            "setproduct", "one", "sort", "reverse", "startswith", "endswith", "regex", "chomp", "title",
        ]
        for name in required {
            #expect(HCLFunction.standardLibrary[name] != nil, "\(name) is missing")
        }
        // try and can are special forms of the evaluator.
        #expect(HCLFunction.standardLibrary["try"] == nil)
    }
}
