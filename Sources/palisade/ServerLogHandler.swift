import Foundation
import Logging
import Synchronization

/// swift-log's `StreamLogHandler` output (`2026-11-27T14:05:09Z info palisade : key=value [source] message`) on
/// standard error, with metadata formatted when a line is written rather than whenever it is set: Hummingbird
/// sets a request ID on every request's logger, and StreamLogHandler re-renders all metadata each time, which
/// profiles of the server showed on every request although nothing was logged.
struct ServerLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    private static let output = Mutex(())

    init(label: String, level: Logger.Level) {
        self.label = label
        logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = Date().ISO8601Format()
        let line = "\(time) \(event.level) \(label) :\(rendered.isEmpty ? "" : " \(rendered)") [\(event.source)] \(event.message)\n"
        ServerLogHandler.output.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }
}
