import Foundation
import PalisadeTerraform
import Testing

/// Compares our parser with python-hcl2 (the `python-hcl2` pip package, 8.x) on every corpus file.
///
/// Both sides are turned into the same JSON shape: python-hcl2 by `Resources/hcl2_to_json.py`,
/// ours by `Support/PythonHCL2Renderer.swift`. Deliberate normalisations are listed there and in
/// `JSONValue.normalised`. The test fails, never skips, when python3 or python-hcl2 is missing.
struct DifferentialTests {
    /// Corpus files that use syntax python-hcl2 handles differently from HCL; each entry says why.
    static let knownDivergences: [String: String] = [:]

    static func runPythonHCL2(on files: [URL]) throws -> [String: JSONValue] {
        let script = Corpus.resources.appendingPathComponent("hcl2_to_json.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + files.map(\.path)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw DifferentialError("could not start python3 (is it on PATH?): \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: data, as: UTF8.self)
            throw DifferentialError(
                "python3 hcl2_to_json.py exited with \(process.terminationStatus); install python-hcl2 with "
                    + "`pip install python-hcl2`.\nstdout: \(text)\nstderr: \(errorText)"
            )
        }
        return try JSONDecoder().decode([String: JSONValue].self, from: data)
    }

    struct DifferentialError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test func corpusMatchesPythonHCL2() throws {
        let files = Corpus.files
        #expect(files.count >= 30)
        let results = try Self.runPythonHCL2(on: files)
        var compared = 0
        for file in files {
            let name = file.lastPathComponent
            if Self.knownDivergences[name] != nil { continue }
            guard let entry = results[file.path] else {
                Issue.record("python-hcl2 produced no result for \(name)")
                continue
            }
            if let error = entry["error"] {
                Issue.record("python-hcl2 could not parse \(name): \(error)")
                continue
            }
            let (parsed, diagnostics) = HCLParser.parse(
                source: try String(contentsOf: file, encoding: .utf8),
                fileName: name
            )
            #expect(diagnostics.isEmpty, "\(name): \(diagnostics)")
            let ours = PythonHCL2Renderer.render(parsed).normalised
            let theirs = try #require(entry["ok"]).normalised
            if let difference = ours.firstDifference(from: theirs) {
                Issue.record("\(name) differs from python-hcl2 at \(difference)")
            }
            compared += 1
        }
        #expect(compared >= 30)
    }

    /// Small inputs that exercise the renderer's conventions one at a time.
    static let snippets = [
        "a = 1 + 2 * 3\n",
        "a = (1 + 2) * 3\n",
        "a = !x && y || z\n",
        "a = x ? y ? 1 : 2 : 3\n",
        "a = [for k, v in m : upper(v) if k != \"\"]\n",
        "a = {for k, v in m : v => k...}\n",
        "a = \"x${y}z %{if c}t%{else}f%{endif}\"\n",
        "a = \"%{~ for x in xs ~}${x},%{~ endfor ~}\"\n",
        "a = foo(b...)\n",
        "a = x.y[0].z.*.w\n",
        "a = x[*].y[1]\n",
        "a = x.0.y\n",
        "a = -1\n",
        "a = -x * 2\n",
        "a = <<EOT\nhello ${name}\n  indented\nEOT\n",
        "a = <<-EOT\n    hello\n      more\n    EOT\n",
        "a = { \"k\" = 1, (v) = 2, k2: 3 }\n",
        "a = \"$${literal} %%{also}\"\n",
        "b \"x\" y { c = 1 }\n",
        "a = provider::aws::arn_parse(\"arn\")\n",
        "a = [1.5, 2e3, 007, 0.25]\n",
        "a = f(\"q\\\"uote\\\\\", \"tab\\t\")\n",
        "a = { for = 1, in = 2 }\n",
        "a = (a ? b : c) + 1\n",
        "a = x[a + b] * -y\n",
    ]

    /// Runs python-hcl2 once over all snippets (starting it costs about half a second).
    @Test func snippetsMatchPythonHCL2() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "palisade-hcl-diff-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [URL] = []
        for (index, source) in Self.snippets.enumerated() {
            let file = directory.appendingPathComponent("snippet\(index).tf")
            try source.write(to: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        let results = try Self.runPythonHCL2(on: files)
        for (source, file) in zip(Self.snippets, files) {
            guard let theirs = results[file.path]?["ok"] else {
                Issue.record(
                    "python-hcl2 failed on \(source.debugDescription): \(String(describing: results[file.path]))"
                )
                continue
            }
            let (parsed, diagnostics) = HCLParser.parse(source: source, fileName: "snippet.tf")
            #expect(diagnostics.isEmpty, "\(source.debugDescription): \(diagnostics)")
            let difference = PythonHCL2Renderer.render(parsed).normalised.firstDifference(from: theirs.normalised)
            #expect(difference == nil, "\(source.debugDescription): \(difference ?? "")")
        }
    }
}
