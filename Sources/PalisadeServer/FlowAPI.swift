import Foundation
import Hummingbird
import NIOCore
import PalisadeCore
import PalisadeFlow
import PalisadeStore
import Synchronization

/// The flow engine's JSON endpoints: `POST /palisade/v1/check` and `POST /palisade/v1/reach`.
///
/// ```
/// $ curl -s localhost:4566/palisade/v1/check -d '{"src":"eni-…","dst":"10.0.3.10","protocol":"tcp","port":3306}'
/// {"allowed":true,"droppedBy":null,"egress":{…"matchedRules":[{"ruleId":"sgr-…","groupId":"sg-…"}]…},…}
/// ```
/// The account and region come from `?account=`/`?region=` as for the snapshot endpoint.
struct FlowAPI: Sendable {
    let store: PolicyStore
    let configuration: ServerConfiguration
    let cache = CompiledPolicyCache()

    func register(on router: Router<PalisadeRequestContext>) {
        router.post("/palisade/v1/check") { request, context in
            let body: FlowReport.CheckRequest
            do {
                body = try await decode(request, context)
            } catch {
                return FlowAPI.problem(.badRequest, "the body must be JSON {src, dst, protocol, port?, icmpType?, icmpCode?}: \(error)")
            }
            let policy = cache.policy(store: store, scope: scope(of: request))
            let report: FlowReport.CheckReport
            do throws(FlowReport.QueryError) {
                report = try FlowReport.check(body, policy: policy)
            } catch {
                return FlowAPI.problem(.badRequest, error.message)
            }
            return try FlowAPI.encoded(report)
        }
        router.post("/palisade/v1/reach") { request, context in
            let body: FlowReport.ReachRequest
            do {
                body = try await decode(request, context)
            } catch {
                return FlowAPI.problem(.badRequest, "the body must be JSON {to, port?} or {matrix: true} or {exposed: true}: \(error)")
            }
            let reachability = cache.reachability(store: store, scope: scope(of: request))
            let report: FlowReport.ReachReport
            do throws(FlowReport.QueryError) {
                report = try FlowReport.reach(body, reachability: reachability)
            } catch {
                return FlowAPI.problem(.badRequest, error.message)
            }
            return try FlowAPI.encoded(report)
        }
    }

    private func decode<T: Decodable>(_ request: Request, _ context: PalisadeRequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }

    private func scope(of request: Request) -> Scope {
        let parameters = request.uri.queryParameters
        return Scope(
            accountId: parameters["account"].map(String.init) ?? configuration.defaultAccountId,
            region: parameters["region"].map(String.init) ?? configuration.defaultRegion)
    }

    static func encoded(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: ["error": message])) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The compiled policy of each scope at the store revision it was compiled at, so repeated questions
/// between writes never recompile. Reachability (class structure over the policy) is built on first use.
final class CompiledPolicyCache: Sendable {
    private struct Entry {
        var revision: Int64
        var policy: CompiledPolicy
        var reachability: Reachability?
    }

    private let entries = Mutex<[Scope: Entry]>([:])
    /// How many times a policy was compiled (for tests).
    private let compilations = Atomic<Int>(0)

    var compileCount: Int { compilations.load(ordering: .relaxed) }

    func policy(store: PolicyStore, scope: Scope) -> CompiledPolicy {
        entry(store: store, scope: scope).policy
    }

    func reachability(store: PolicyStore, scope: Scope) -> Reachability {
        let current = entry(store: store, scope: scope)
        if let reachability = current.reachability { return reachability }
        let reachability = Reachability(policy: current.policy)
        entries.withLock { entries in
            if entries[scope]?.revision == current.revision { entries[scope]?.reachability = reachability }
        }
        return reachability
    }

    private func entry(store: PolicyStore, scope: Scope) -> Entry {
        let revision = store.revision
        if let hit = entries.withLock({ $0[scope] }), hit.revision == revision { return hit }
        let snapshot = store.read { $0.snapshot(of: scope) }
        let entry = Entry(revision: snapshot.revision, policy: CompiledPolicy(snapshot), reachability: nil)
        compilations.add(1, ordering: .relaxed)
        entries.withLock { entries in
            if (entries[scope]?.revision ?? -1) < entry.revision { entries[scope] = entry }
        }
        return entry
    }
}
