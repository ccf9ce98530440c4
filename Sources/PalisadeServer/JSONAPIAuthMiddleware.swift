import Foundation
import Hummingbird
import Logging
import NIOCore
import PalisadeAuth
import PalisadeCore
import PalisadeStore

/// Requires SigV4 (the same keys as the EC2 endpoint, service `ec2`) on Palisade's JSON API, and pins the
/// request to the signer's account: `?account=` is replaced by the principal's account, and `?region=`
/// defaults to the credential scope's region. Health and metrics stay open; the EC2 endpoint at `/` verifies
/// in its own handler, where a failure is answered in the EC2 error envelope. Refused requests are audited
/// (event source `palisade`, event name `METHOD /path`), as the EC2 endpoint's are.
struct JSONAPIAuthMiddleware: RouterMiddleware {
    typealias Context = PalisadeRequestContext
    let authenticator: Authenticator
    let configuration: ServerConfiguration
    let store: PolicyStore
    let recorder: AuditRecorder

    static let openPaths: Set<String> = ["/palisade/v1/health", "/metrics"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        guard path.hasPrefix("/palisade/") || path.hasPrefix("/moto-api/"), !Self.openPaths.contains(path) else {
            return try await next(request, context)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: configuration.maxBodyBytes)
        } catch {
            return problem(.contentTooLarge, "InvalidParameterValue", "the request body is too large")
        }
        let principal: Principal
        do throws(AuthError) {
            principal = try authenticator.authenticate(
                Authenticator.sigV4Request(request, body: Array(body.readableBytesView)), now: .wallClock)
        } catch {
            context.logger.notice("authentication failed", metadata: ["path": "\(path)", "reason": "\(error)"])
            let claimant = authenticator.claimant(authorization: request.headers[.authorization], query: request.uri.query ?? "")
            let entry = recorder.deniedEntry(
                eventName: "\(request.method.rawValue) \(path)", eventSource: JSONAPI.eventSource,
                region: claimant.region ?? configuration.defaultRegion, accountId: claimant.accountId,
                accessKeyId: claimant.accessKeyId,
                origin: RequestOrigin(sourceIPAddress: context.sourceIPAddress, userAgent: request.headers[.userAgent] ?? ""),
                parameters: [:], requestId: RequestID.next(), errorCode: error.code.rawValue,
                errorMessage: error.message)
            do {
                try await store.record([entry])
            } catch {
                return problem(.internalServerError, "InternalError", "the refusal could not be audited")
            }
            return problem(HTTPResponse.Status(code: error.httpStatus), error.code.rawValue, error.message)
        }
        var items = (request.uri.query ?? "").split(separator: "&", omittingEmptySubsequences: true)
            .map(String.init).filter { !$0.hasPrefix("account=") }
        items.append("account=\(principal.accountId)")
        if !items.contains(where: { $0.hasPrefix("region=") }) { items.append("region=\(principal.region)") }
        var head = request.head
        head.path = path + "?" + items.joined(separator: "&")
        return try await next(Request(head: head, body: request.body), context)
    }

    private func problem(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: ["error": message, "code": code])) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Timestamp {
    /// The wall clock, for SigV4's request-time check.
    static var wallClock: Timestamp {
        Timestamp(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000))
    }
}
