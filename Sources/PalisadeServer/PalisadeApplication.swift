import Foundation
public import Hummingbird
public import Logging
import NIOCore
import PalisadeAuth
import PalisadeCore
public import PalisadeStore
import PalisadeWire
import PalisadeJSON

/// Builds Palisade's HTTP application: the EC2 Query endpoint at `/` and Palisade's JSON API under `/palisade/v1/`.
///
/// With an `authenticator`, every EC2 request and every JSON API request except health and metrics must carry a
/// valid SigV4 signature, and acts in the signer's account; without one (`--no-auth`) every request belongs to
/// `configuration.defaultAccountId`.
///
/// ```swift
/// let app = PalisadeApplication.make(store: store, configuration: .init(), host: "127.0.0.1", port: 4566, logger: logger)
/// try await app.runService()
/// ```
public enum PalisadeApplication {
    public static func make(
        store: PolicyStore, configuration: ServerConfiguration, authenticator: Authenticator? = nil, host: String,
        port: Int, logger: Logger, recorder: AuditRecorder = AuditRecorder(), rateLimiter: RateLimiter? = nil,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let dispatcher = EC2Dispatcher(
            store: store, configuration: configuration, recorder: recorder, rateLimiter: rateLimiter)
        let cloudTrail = CloudTrailAPI(audit: store.audit)
        let router = Router(context: PalisadeRequestContext.self)
        if let authenticator {
            router.add(
                middleware: JSONAPIAuthMiddleware(
                    authenticator: authenticator, configuration: configuration, store: store, recorder: recorder))
        }
        let jsonAPI = JSONAPI(store: store, configuration: configuration, metrics: dispatcher.metrics, recorder: recorder)

        let handler = APIRequestHandler(
            dispatcher: dispatcher, cloudTrail: cloudTrail, authenticator: authenticator, recorder: recorder)

        @Sendable func root(_ request: Request, _ context: PalisadeRequestContext) async throws -> Response {
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: configuration.maxBodyBytes)
            } catch {
                let error = PolicyError(
                    .invalidParameterValue, "The request body is larger than \(configuration.maxBodyBytes) bytes")
                return xml(
                    EC2Envelope.httpStatus(for: error.code),
                    EC2Envelope.error(error, requestId: RequestID.next()))
            }
            let raw = Authenticator.sigV4Request(request, body: Array(body.readableBytesView))
            let reply = await handler.handle(
                APIRequest(
                    method: raw.method, path: raw.path, query: raw.query, headers: raw.headers,
                    body: Array(body.readableBytesView), sourceIPAddress: context.sourceIPAddress),
                logger: context.logger)
            return Response(
                status: HTTPResponse.Status(code: reply.status), headers: [.contentType: reply.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
        }

        router.post("/", use: root)
        router.get("/", use: root)
        jsonAPI.register(on: router)

        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "Palisade"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    static func xml(_ status: Int, _ bytes: [UInt8]) -> Response {
        Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "text/xml;charset=UTF-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
