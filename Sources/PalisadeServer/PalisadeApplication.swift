import Foundation
public import Hummingbird
public import Logging
import NIOCore
import PalisadeAuth
import PalisadeCore
public import PalisadeStore
import PalisadeWire

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
        port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let dispatcher = EC2Dispatcher(store: store, configuration: configuration)
        let router = Router()
        if let authenticator {
            router.add(middleware: JSONAPIAuthMiddleware(authenticator: authenticator, configuration: configuration))
        }
        let jsonAPI = JSONAPI(store: store, configuration: configuration, metrics: dispatcher.metrics)

        @Sendable func ec2(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
            var request = request
            var query = QueryRequest(parameters: [:])
            let requestId = UUID().uuidString.lowercased()
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: configuration.maxBodyBytes)
            } catch {
                let error = PolicyError(
                    .invalidParameterValue, "The request body is larger than \(configuration.maxBodyBytes) bytes")
                return xml(EC2Envelope.httpStatus(for: error.code), EC2Envelope.error(error, requestId: requestId))
            }
            var principal: Principal?
            if let authenticator {
                do throws(AuthError) {
                    principal = try authenticator.authenticate(
                        Authenticator.sigV4Request(request, body: Array(body.readableBytesView)), now: .wallClock)
                } catch {
                    context.logger.notice(
                        "authentication failed", metadata: ["requestId": "\(requestId)", "reason": "\(error)"])
                    return xml(
                        error.httpStatus,
                        EC2Envelope.error(PolicyError(.init(error.code.rawValue), error.message), requestId: requestId))
                }
            }
            do throws(PolicyError) {
                if let text = request.uri.query { query.merge(try QueryRequest(formEncoded: text)) }
                if body.readableBytes > 0 {
                    query.merge(try QueryRequest(formEncoded: String(decoding: body.readableBytesView, as: UTF8.self)))
                }
            } catch {
                return xml(EC2Envelope.httpStatus(for: error.code), EC2Envelope.error(error, requestId: requestId))
            }
            let outcome: EC2Dispatcher.Outcome
            if let principal {
                outcome = await dispatcher.handle(query, principal: principal, requestId: requestId, logger: context.logger)
            } else {
                let region = EC2Dispatcher.region(fromAuthorization: request.headers[.authorization])
                outcome = await dispatcher.handle(query, region: region, requestId: requestId, logger: context.logger)
            }
            return xml(outcome.status, outcome.body)
        }
        router.post("/", use: ec2)
        router.get("/", use: ec2)
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
