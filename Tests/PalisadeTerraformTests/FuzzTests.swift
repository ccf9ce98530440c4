import Foundation
import PalisadeCore
import PalisadeTerraform
import Testing

/// Mutates corpus files with a fixed seed and checks that the parser (and the evaluator on what
/// it returns) always terminates without trapping and reports diagnostics at real positions.
struct FuzzTests {
    static let interesting: [UInt8] = Array("{}[]()\"$%~<>-=:,.?!*/#\n\\ a1".utf8) + [0, 0xC3, 0xA9, 0xFF]

    static func mutate(_ bytes: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var result = bytes
        let edits = Int.random(in: 1...4, using: &generator)
        for _ in 0..<edits {
            guard !result.isEmpty else {
                result = [interesting.randomElement(using: &generator)!]
                continue
            }
            let index = Int.random(in: 0..<result.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0:  // delete a short run
                let end = min(result.count, index + Int.random(in: 1...8, using: &generator))
                result.removeSubrange(index..<end)
            case 1:  // insert syntax characters
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    result.insert(interesting.randomElement(using: &generator)!, at: index)
                }
            case 2:  // truncate
                result.removeSubrange(index...)
            case 3:  // flip a bracket or quote
                let flips: [UInt8: UInt8] = [
                    UInt8(ascii: "{"): UInt8(ascii: "}"), UInt8(ascii: "}"): UInt8(ascii: "{"),
                    UInt8(ascii: "["): UInt8(ascii: "]"), UInt8(ascii: "]"): UInt8(ascii: "["),
                    UInt8(ascii: "("): UInt8(ascii: ")"), UInt8(ascii: ")"): UInt8(ascii: "("),
                    UInt8(ascii: "\""): UInt8(ascii: "'"),
                ]
                if let candidate = result[index...].firstIndex(where: { flips[$0] != nil }) {
                    result[candidate] = flips[result[candidate]]!
                }
            case 4:  // duplicate a run
                let end = min(result.count, index + Int.random(in: 1...16, using: &generator))
                result.insert(contentsOf: result[index..<end], at: index)
            default:  // replace one byte
                result[index] = interesting.randomElement(using: &generator)!
            }
        }
        return result
    }

    /// Line and column of each byte offset, computed independently of the scanner.
    static func positions(of source: String) -> [Int: (line: Int, column: Int)] {
        var result: [Int: (Int, Int)] = [:]
        var line = 1
        var column = 1
        var offset = 0
        for scalar in source.unicodeScalars {
            result[offset] = (line, column)
            offset += String(scalar).utf8.count
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        result[offset] = (line, column)
        return result
    }

    @Test func mutatedCorpusNeverCrashes() throws {
        var generator = SplitMix64(seed: 0x5EED_CAFE)
        let corpus = try Corpus.files.map { try Array(Data(contentsOf: $0)) }
        let clock = ContinuousClock()
        let start = clock.now
        var cases = 0
        var withDiagnostics = 0
        let context = EvaluationContext(resolver: { _, range in .unknown("fuzz", origin: range) })
        let evaluator = ExpressionEvaluator(context: context)
        for round in 0..<3000 {
            let original = corpus[round % corpus.count]
            let source = String(decoding: Self.mutate(original, using: &generator), as: UTF8.self)
            let (file, diagnostics) = HCLParser.parse(source: source, fileName: "fuzz.tf")
            cases += 1
            if !diagnostics.isEmpty { withDiagnostics += 1 }
            let positions = Self.positions(of: source)
            let length = source.utf8.count
            for diagnostic in diagnostics {
                let range = diagnostic.range
                #expect(range.fileName == "fuzz.tf")
                #expect(range.start <= range.end, "\(diagnostic)")
                #expect(range.start.offset >= 0 && range.end.offset <= length, "\(diagnostic)")
                guard let expected = positions[range.start.offset] else {
                    Issue.record("diagnostic offset \(range.start.offset) is inside a character: \(diagnostic)")
                    continue
                }
                #expect(range.start.line == expected.line && range.start.column == expected.column, "\(diagnostic)")
                #expect(!diagnostic.message.isEmpty)
            }
            // Evaluating whatever was recovered must not trap either.
            for attribute in file.body.attributes {
                _ = evaluator.evaluateReportingErrors(attribute.expression)
            }
        }
        let elapsed = clock.now - start
        #expect(cases == 3000)
        #expect(withDiagnostics > 1000, "mutations should mostly break the input")
        #expect(elapsed < .seconds(10), "fuzzing took \(elapsed)")
    }

    @Test func pathologicalInputs() {
        let inputs = [
            "", "\u{0}", "\"", "\"${", "\"%{", "\"%{if", "\"%{for x in", "<<", "<<EOT", "<<EOT\n", "<<-EOT\n  x",
            "a = <<EOT\n${", "{{{{", "}}}}", "]]]", ")))", "a = [for", "a = {for k, v in m : k =>", "a.b.c.",
            "a = x[*", "a = x.*", "a = f(", "a = f(x...", "a = ~", "a = \"~}\"", "/*", "a = 1 /* x",
            "a = \"\\u12\"", "a = \"\\U0011FFFF\"", String(repeating: "a = \"${\"", count: 200),
            String(repeating: "{", count: 10000), String(repeating: "\"${", count: 10000),
            String(repeating: "x.", count: 5000), String(repeating: "f(", count: 5000),
            String(repeating: "%{if a}", count: 2000),
        ]
        for input in inputs {
            let (_, diagnostics) = HCLParser.parse(source: input, fileName: "p.tf")
            for diagnostic in diagnostics {
                #expect(diagnostic.range.start.line >= 1 && diagnostic.range.start.column >= 1)
            }
            _ = HCLParser.parseExpression(source: input, fileName: "p")
        }
    }
}
