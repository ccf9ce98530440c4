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

    static var files: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".tf") || $0.hasSuffix(".tfvars") }.sorted().map {
            directory.appendingPathComponent($0)
        }
    }

    static var names: [String] { files.map(\.lastPathComponent) }

    static func source(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }
}
