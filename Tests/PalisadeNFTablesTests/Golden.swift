import Foundation
import Testing

/// Golden files under `Golden/`. `PALISADE_UPDATE_GOLDEN=1 swift test` rewrites them from the actual output
/// (in the source tree); review the diff before committing.
enum Golden {
    static func expect(
        _ actual: String, matches name: String, filePath: String = #filePath,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        if ProcessInfo.processInfo.environment["PALISADE_UPDATE_GOLDEN"] == "1" {
            let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent(
                "Golden/\(name)")
            do {
                try actual.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("cannot write golden file \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let url = Bundle.module.url(forResource: "Golden/\(name)", withExtension: nil),
            let expected = try? String(contentsOf: url, encoding: .utf8)
        else {
            Issue.record("missing golden file Golden/\(name)", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "rendering differs from Golden/\(name)", sourceLocation: sourceLocation)
    }
}
