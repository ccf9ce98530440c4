import Foundation
import Hummingbird
import NIOCore
import PalisadeCore
import PalisadeStore

/// Palisade's own endpoints: health, metrics, snapshot, change feed, reset. They never change EC2 answers.
struct JSONAPI: Sendable {
    let store: PolicyStore
    let configuration: ServerConfiguration
    let metrics: ServerMetrics
    let recorder: AuditRecorder

    /// `eventSource` of the audit events of Palisade's own API.
    static let eventSource = "palisade"

    func register(on router: Router<PalisadeRequestContext>) {
        router.get("/palisade/v1/health") { _, _ in
            json(["status": "ok", "revision": store.revision] as [String: any Sendable])
        }
        router.get("/metrics") { _, _ in
            let counts = store.read { state in
                (state.revision, state.vpcs.count, state.subnets.count, state.securityGroups.count,
                 state.securityGroupRules.count, state.networkInterfaces.count, state.prefixLists.count)
            }
            metrics.gauge("palisade_store_revision", counts.0)
            for (kind, count) in [("vpc", counts.1), ("subnet", counts.2), ("security_group", counts.3),
                                  ("security_group_rule", counts.4), ("network_interface", counts.5),
                                  ("prefix_list", counts.6)] {
                metrics.gauge("palisade_objects", Int64(count), dimensions: [("kind", kind)])
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
        router.get("/palisade/v1/snapshot") { request, _ in
            let scope = scope(of: request)
            let snapshot = store.read { $0.snapshot(of: scope) }
            return try encoded(snapshot)
        }
        router.get("/palisade/v1/changes") { request, _ in
            let parameters = request.uri.queryParameters
            guard let since = parameters["since"].flatMap({ Int64($0) }) else {
                return problem(.badRequest, "the query parameter 'since' (a revision number) is required")
            }
            let wait = parameters["wait"].flatMap { Double($0) }.map { min(max($0, 0), 60) } ?? 0
            let scope = scope(of: request)
            // How long a long poll may hold news back while writes are still arriving, so that a burst is
            // answered as one batch; 0 answers at once.
            let coalesce = parameters["coalesce"].flatMap { Double($0) }.map { min(max($0, 0), 1) } ?? 0.05
            if wait > 0 {
                if store.revision <= since {
                    _ = await store.waitForRevision(after: since, timeout: .milliseconds(Int(wait * 1000)))
                }
                if coalesce > 0 && store.revision > since {
                    await store.settle(quiet: .milliseconds(2), limit: .milliseconds(Int(coalesce * 1000)))
                }
            }
            let feed: ChangeFeed
            if let changes = try store.changes(since: since) {
                let revision = changes.last?.revision ?? store.revision
                feed = ChangeFeed(
                    revision: max(revision, since),
                    changes: changes.map { batch in
                        CommittedChanges(revision: batch.revision, time: batch.time, changes: batch.changes.filter { $0.scope == scope })
                    }, snapshot: nil)
            } else {
                let snapshot = store.read { $0.snapshot(of: scope) }
                feed = ChangeFeed(revision: snapshot.revision, changes: nil, snapshot: snapshot)
            }
            return try encoded(feed)
        }
        @Sendable func reset(_ request: Request, _ context: PalisadeRequestContext) async throws -> Response {
            guard configuration.allowReset else {
                return problem(.forbidden, "reset is disabled; start the server with --allow-reset")
            }
            // A reset deletes every resource: it is audited like any mutating call, in the same transaction.
            let call = AuditRecorder.Call(
                eventName: "Reset", eventSource: JSONAPI.eventSource, scope: scope(of: request), accessKeyId: nil,
                origin: RequestOrigin(sourceIPAddress: context.sourceIPAddress, userAgent: request.headers[.userAgent] ?? ""),
                parameters: ["Path": request.uri.path], requestId: RequestID.next(), readOnly: false)
            try await store.write(
                { state throws(PolicyError) in state.deleteEverything() },
                audit: { state, outcome in
                    let error: PolicyError? = if case .failure(let error) = outcome { error } else { nil }
                    return recorder.draft(call, state: state, response: nil, error: error, tagsBefore: [:])
                })
            return json(["status": "ok", "revision": store.revision] as [String: any Sendable])
        }
        router.post("/palisade/v1/reset", use: reset)
        router.post("/moto-api/reset", use: reset)
        FlowAPI(store: store, configuration: configuration).register(on: router)
    }

    /// The account and region a JSON API request asks about (`?region=`, `?account=`).
    private func scope(of request: Request) -> Scope {
        let parameters = request.uri.queryParameters
        return Scope(
            accountId: parameters["account"].map(String.init) ?? configuration.defaultAccountId,
            region: parameters["region"].map(String.init) ?? configuration.defaultRegion)
    }
}

/// The answer of `GET /palisade/v1/changes`: deltas since a revision, or the whole snapshot when that is too old.
struct ChangeFeed: Codable, Sendable {
    var revision: Int64
    var changes: [CommittedChanges]?
    var snapshot: PolicySnapshot?
}

private func encoded(_ value: some Encodable) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(value)
    return Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}

private func json(_ object: [String: any Sendable]) -> Response {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    return Response(
        status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}

private func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
    let data = (try? JSONSerialization.data(withJSONObject: ["error": message])) ?? Data()
    return Response(
        status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}
