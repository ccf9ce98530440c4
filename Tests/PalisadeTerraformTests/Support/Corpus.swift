import Foundation
import PalisadeTerraform
import Testing

/// The `.tf`/`.tfvars` files under `Resources/corpus`.
enum Corpus {
    /// The copied `Resources` folder; `url(forResource:)` finds it on Linux and in macOS bundles alike.
    static var resources: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil)!
    }

    static var directory: URL { resources.appendingPathComponent("corpus") }

    /// The seed configuration (`../shared/examples/seed-terraform`), kept once in the repository, in the analyzer
    /// tests' resources, and part of this corpus too.
    static var seedDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("PalisadeAnalysisTests/Resources/seed")
    }

    static var files: [URL] {
        [directory, seedDirectory].flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.hasSuffix(".tf") || $0.hasSuffix(".tfvars") }.map { folder.appendingPathComponent($0) }
        }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static var names: [String] { files.map(\.lastPathComponent) }

    static func source(_ name: String) throws -> String {
        let url = files.first { $0.lastPathComponent == name } ?? directory.appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }
}
