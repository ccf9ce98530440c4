import PalisadeTerraform
import Testing

struct HCLParserDiagnosticTests {
    @Test(arguments: [
        ("a\n", "Missing \"=\" or block body", 1, 1),
        ("a = \n", "Expected an expression", 1, 5),
        ("a = 1 b = 2\n", "each attribute and block must end with a newline", 1, 7),
        ("a = \"open\n", "Unterminated string", 1, 5),
        ("b {\n  x = 1\n", "Missing \"}\" to close block \"b\"", 3, 1),
        ("}\n", "Unexpected \"}\"", 1, 1),
        ("a = 1 @\n", "Invalid character", 1, 7),
        ("a = \"\\q\"\n", "Invalid escape sequence", 1, 6),
        ("a = \"%{if x}y\"\n", "Missing %{endif}", 1, 14),
        ("a = \"y%{endif}\"\n", "Unexpected %{endif}", 1, 7),
        ("a = \"%{if x}y%{endfor}%{endif}\"\n", "Missing %{endif}", 1, 14),
        ("a = f(1 2)\n", "Expected \",\" or \")\"", 1, 9),
        ("a = [1 2]\n", "Expected \",\" or \"]\" in list", 1, 8),
        ("a = {b 1}\n", "Expected \"=\" or \":\" after object key", 1, 8),
        ("a = (1 + 2\n", "Missing \")\"", 1, 11),
        ("b \"${x}\" {}\n", "Invalid block label", 1, 3),
        ("a = <<EOT\nno end\n", "Unterminated heredoc", 1, 5),
        ("/* never closed\n", "Unterminated comment", 1, 1),
        ("a = x.\n", "Expected an attribute name", 1, 7),
        ("a = [for x in : x]\n", "Expected an expression", 1, 15),
        ("a = [for x xs : x]\n", "Expected \"in\"", 1, 12),
        ("a = x ? y\n", "Missing \":\"", 1, 10),
        ("a = \"${x\"\n", "Unterminated string", 1, 5),
        ("= 1\n", "Expected an attribute or block definition", 1, 1),
        ("b \"l\" = 1\n", "Expected \"{\"", 1, 7),
    ])
    func reportsWithPosition(source: String, message: String, line: Int, column: Int) throws {
        let found = diagnostics(source)
        let first = try #require(found.first, "no diagnostic for \(source.debugDescription)")
        #expect(first.message.contains(message), "\(first.message)")
        #expect(first.range.start.line == line, "\(first)")
        #expect(first.range.start.column == column, "\(first)")
        #expect(first.range.fileName == "test.tf")
        #expect(first.severity == .error)
    }

    @Test func descriptionIsFileLineColumn() throws {
        let first = try #require(diagnostics("a = 1 @\n").first)
        #expect(first.description.hasPrefix("test.tf:1:7: error: Invalid character"))
    }

    @Test func recoversAndKeepsLaterItems() {
        let (file, found) = HCLParser.parse(
            source: """
                a = 1 +
                b = [1, 2
                resource "x" "y" {
                  c = (
                  d = 2
                }
                e = "ok"
                f {
                  g = 1 2
                  h = 3
                }
                """,
            fileName: "test.tf"
        )
        #expect(!found.isEmpty)
        #expect(file.body.attributes.map(\.name).contains("a"))
        #expect(file.body.blocks.contains { $0.type == "f" && $0.body.attribute(named: "h") != nil })
    }

    @Test func errorInBlockDoesNotSwallowTheNextBlock() {
        let (file, found) = HCLParser.parse(
            source: "b1 {\n  x = = 1\n}\nb2 {\n  y = 2\n}\n",
            fileName: "test.tf"
        )
        #expect(found.count == 1)
        #expect(file.body.blocks.map(\.type) == ["b1", "b2"])
        #expect(file.body.blocks[1].body.attribute(named: "y") != nil)
    }

    @Test func deepNestingIsADiagnosticNotACrash() {
        let deep = "a = " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        let found = diagnostics(deep)
        #expect(found.contains { $0.message.contains("nested too deeply") })
        let parens = "a = " + String(repeating: "(", count: 5000) + "\n"
        #expect(!diagnostics(parens).isEmpty)
        let unary = "a = " + String(repeating: "-", count: 5000) + "1\n"
        #expect(!diagnostics(unary).isEmpty)
        let blocks = String(repeating: "b {\n", count: 500)
        #expect(!diagnostics(blocks).isEmpty)
        let templates = "a = " + String(repeating: "\"${", count: 500) + "\n"
        #expect(!diagnostics(templates).isEmpty)
    }

    @Test func diagnosticsAreSortedBySourcePosition() {
        let found = diagnostics("a = \"\\q\" @\nb = \n")
        #expect(found.count >= 3)
        #expect(found.map(\.range.start) == found.map(\.range.start).sorted())
    }

    @Test func parseExpressionRejectsTrailingTokens() {
        let (_, found) = HCLParser.parseExpression(source: "1 2", fileName: "e")
        #expect(found.first?.message.contains("after the expression") == true)
    }
}
