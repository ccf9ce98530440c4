import CoreMetrics
import Prometheus
import Synchronization

/// Request counts and latency by action and error code, in Prometheus text format.
/// Uses its own registry (not the global metrics system) so several servers can live in one process.
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    public init() {
        factory = PrometheusMetricsFactory(registry: registry)
    }

    func record(action: String, errorCode: String?, duration: Duration) {
        let dimensions = [("action", action), ("code", errorCode ?? "OK")]
        Counter(label: "palisade_requests_total", dimensions: dimensions, factory: factory).increment()
        Timer(label: "palisade_request_duration_seconds", dimensions: [("action", action)], factory: factory)
            .recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Sets a gauge (store revision, object counts) before a scrape.
    func gauge(_ name: String, _ value: Int64, dimensions: [(String, String)] = []) {
        Gauge(label: name, dimensions: dimensions, factory: factory).record(value)
    }

    func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
