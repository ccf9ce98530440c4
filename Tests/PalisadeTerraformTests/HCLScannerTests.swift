import PalisadeTerraform
import Testing

struct HCLScannerTests {
    private func kinds(_ source: String) -> [HCLToken.Kind] {
        HCLScanner.scan(source, fileName: "t").map(\.kind)
    }

    @Test func attributeTokens() {
        #expect(kinds("port = 443\n") == [.identifier, .equal, .number, .newline, .endOfFile])
    }

    @Test func operatorsAreLongestMatch() {
        #expect(
            kinds("== != <= >= && || => ... :: < > ! = . : ?")
                == [
                    .equalEqual, .notEqual, .lessEqual, .greaterEqual, .and, .or, .fatArrow, .ellipsis, .doubleColon,
                    .less, .greater, .bang, .equal, .dot, .colon, .question, .endOfFile,
                ]
        )
    }

    @Test func numbers() {
        let tokens = HCLScanner.scan("1 1.5 2e3 4.5E-2 0.0", fileName: "t").filter { $0.kind == .number }
        #expect(tokens.map(\.text) == ["1", "1.5", "2e3", "4.5E-2", "0.0"])
    }

    @Test func numberFollowedByDotIsNotAFraction() {
        #expect(kinds("a.0.b") == [.identifier, .dot, .number, .dot, .identifier, .endOfFile])
    }

    @Test func identifiersIncludeDashesAndUnicode() {
        let tokens = HCLScanner.scan("detail-type café_1", fileName: "t")
        #expect(tokens.filter { $0.kind == .identifier }.map(\.text) == ["detail-type", "café_1"])
    }

    @Test func commentsOfAllKinds() {
        #expect(
            kinds("# a\n// b\n/* c\n d */x")
                == [.comment, .newline, .comment, .newline, .comment, .identifier, .endOfFile]
        )
    }

    @Test func quotedTemplate() {
        #expect(
            kinds("\"a${b}c\"")
                == [
                    .openQuote, .quotedLiteral, .templateInterpolation, .identifier, .templateSequenceEnd,
                    .quotedLiteral,
                    .closeQuote, .endOfFile,
                ]
        )
    }

    @Test func bracesInsideInterpolationDoNotCloseIt() {
        #expect(
            kinds("\"${ {a = 1}.a }\"")
                == [
                    .openQuote, .templateInterpolation, .openBrace, .identifier, .equal, .number, .closeBrace, .dot,
                    .identifier, .templateSequenceEnd, .closeQuote, .endOfFile,
                ]
        )
    }

    @Test func nestedStringsInInterpolation() {
        let tokens = HCLScanner.scan("\"${\"in${x}\"}\"", fileName: "t")
        #expect(tokens.filter { $0.kind == .openQuote }.count == 2)
        #expect(tokens.filter { $0.kind == .closeQuote }.count == 2)
    }

    @Test func escapedIntroducersStayLiteral() {
        let tokens = HCLScanner.scan("\"$${a} %%{b} \\\"q\\\"\"", fileName: "t")
        #expect(tokens.map(\.kind) == [.openQuote, .quotedLiteral, .closeQuote, .endOfFile])
        #expect(tokens[1].text == "$${a} %%{b} \\\"q\\\"")
    }

    @Test func stripMarkersBelongToSequenceTokens() {
        let tokens = HCLScanner.scan("\"%{~ if a ~}x\"", fileName: "t")
        #expect(tokens[1].kind == .templateControl)
        #expect(tokens[1].text == "%{~")
        #expect(tokens[4].kind == .templateSequenceEnd)
        #expect(tokens[4].text == "~}")
    }

    @Test func heredoc() {
        let source = "a = <<EOT\nline ${x}\n  EOT\nb = 1\n"
        let tokens = HCLScanner.scan(source, fileName: "t")
        #expect(
            tokens.map(\.kind)
                == [
                    .identifier, .equal, .openHeredoc, .heredocLiteral, .templateInterpolation, .identifier,
                    .templateSequenceEnd, .heredocLiteral, .closeHeredoc, .newline, .identifier, .equal, .number,
                    .newline, .endOfFile,
                ]
        )
        #expect(tokens[2].text == "<<EOT\n")
        #expect(tokens[8].text == "  EOT")
    }

    @Test func heredocMarkerMustBeAWholeLine() {
        let tokens = HCLScanner.scan("<<EOT\nEOTX\nEOT\n", fileName: "t")
        #expect(tokens.filter { $0.kind == .closeHeredoc }.count == 1)
        #expect(tokens.first { $0.kind == .heredocLiteral }?.text == "EOTX\n")
    }

    @Test func lessLessWithoutMarkerIsTwoOperators() {
        #expect(kinds("a << b") == [.identifier, .less, .less, .identifier, .endOfFile])
    }

    @Test func crlfIsOneNewline() {
        #expect(
            kinds("a = 1\r\nb = 2\r\n") == [
                .identifier, .equal, .number, .newline, .identifier, .equal, .number, .newline, .endOfFile,
            ]
        )
    }

    @Test func positionsAreOneBasedScalarColumns() {
        let tokens = HCLScanner.scan("x = \"é\"\n  yy = 2", fileName: "f.tf")
        let yy = tokens.first { $0.text == "yy" }!
        #expect(yy.range.start == SourcePosition(line: 2, column: 3, offset: 11))
        #expect(yy.range.end.column == 5)
        #expect(yy.range.fileName == "f.tf")
        let close = tokens.first { $0.kind == .closeQuote }!
        #expect(close.range.start.column == 7)
    }

    @Test func invalidAndUnterminated() {
        #expect(kinds("a @ b") == [.identifier, .invalid, .identifier, .endOfFile])
        #expect(kinds("/* open") == [.unterminated, .endOfFile])
        // An unterminated quoted string stops at the end of the line.
        #expect(kinds("\"abc\nx") == [.openQuote, .quotedLiteral, .newline, .identifier, .endOfFile])
    }

    @Test func byteOrderMarkIsSkipped() {
        let tokens = HCLScanner.scan("\u{FEFF}a = 1", fileName: "t")
        #expect(tokens.map(\.kind) == [.identifier, .equal, .number, .endOfFile])
        #expect(tokens[0].range.start == SourcePosition(line: 1, column: 1, offset: 3))
    }

    @Test func everySourceEndsWithEndOfFile() {
        for source in ["", "\"", "${", "<<EOT\n", "\"${", "}", "~}", "\u{0}"] {
            #expect(HCLScanner.scan(source, fileName: "t").last?.kind == .endOfFile)
        }
    }
}
