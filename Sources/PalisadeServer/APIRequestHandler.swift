import Foundation
public import Logging
import PalisadeAuth
public import PalisadeCore
import PalisadeJSON
import PalisadeStore
import PalisadeWire

/// An HTTP request to the API endpoint (`/`), as received: raw path and query, headers in order, body.
public struct APIRequest: Sendable {
    public var method: String
    /// Percent-encoded as received, without the query.
    public var path: String
    /// Percent-encoded as received, without `?`; empty when there is none.
    public var query: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var sourceIPAddress: String

    public init(
        method: String, path: String, query: String, headers: [(name: String, value: String)], body: [UInt8],
        sourceIPAddress: String
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.sourceIPAddress = sourceIPAddress
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name }?.value
    }
}

/// An answer: status, content type and body.
public struct APIReply: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
}

/// Everything the API endpoint does with a request, without HTTP: SigV4, then either CloudTrail's JSON protocol
/// (`X-Amz-Target`) or the EC2 Query API (form body and query string). Requests that fail authentication are
/// audited. Kept apart from Hummingbird so tests and the fuzzer drive the whole path in-process.
public struct APIRequestHandler: Sendable {
    let dispatcher: EC2Dispatcher
    let cloudTrail: CloudTrailAPI
    let authenticator: Authenticator?
    let recorder: AuditRecorder

    public init(dispatcher: EC2Dispatcher, cloudTrail: CloudTrailAPI, authenticator: Authenticator?, recorder: AuditRecorder) {
        self.dispatcher = dispatcher
        self.cloudTrail = cloudTrail
        self.authenticator = authenticator
        self.recorder = recorder
    }

    var configuration: ServerConfiguration { dispatcher.configuration }

    public func handle(_ request: APIRequest, logger: Logger?) async -> APIReply {
        await handle(request, logger: logger, now: .wallClock)
    }

    /// Handles `request` as if it arrived at `now` (SigV4's clock-skew window is checked against it).
    public func handle(_ request: APIRequest, logger: Logger?, now: Timestamp) async -> APIReply {
        let requestId = RequestID.next()
        let target = request.header("x-amz-target")
        let cloudTrailOperation = target.flatMap(CloudTrailAPI.operation(ofTarget:))
        let origin = RequestOrigin(sourceIPAddress: request.sourceIPAddress, userAgent: request.header("user-agent") ?? "")
        let authorization = request.header("authorization")
        /// The region an unverified request names (`--no-auth`), from its credential scope.
        func claimedRegion() -> String? {
            SigV4Verifier.claimedCredential(authorization: authorization, query: request.query)?.region
        }
        var principal: Principal?
        if let authenticator {
            let signed = SigV4Request(
                method: request.method, path: request.path, query: request.query, headers: request.headers,
                payload: .bytes(request.body))
            do throws(AuthError) {
                principal = try authenticator.authenticate(signed, now: now)
            } catch {
                logger?.notice("authentication failed", metadata: ["requestId": "\(requestId)", "reason": "\(error)"])
                let recorded = await recordDenial(
                    request, cloudTrailOperation: cloudTrailOperation, error: error, origin: origin, requestId: requestId,
                    authenticator: authenticator)
                if !recorded {
                    return xml(500, EC2Envelope.error(PolicyError(.internalError, "An internal error has occurred"), requestId: requestId))
                }
                if target != nil { return json(error.httpStatus, APIRequestHandler.jsonError(error.code.rawValue, error.message)) }
                return xml(error.httpStatus, EC2Envelope.error(PolicyError(.init(error.code.rawValue), error.message), requestId: requestId))
            }
        }
        if let target {
            guard let cloudTrailOperation, principal.map({ $0.service == "cloudtrail" }) ?? true else {
                return json(400, APIRequestHandler.jsonError("UnknownOperationException", "Unknown operation \(target)"))
            }
            let region = principal?.region ?? claimedRegion() ?? configuration.defaultRegion
            let reply = cloudTrail.handle(
                operation: cloudTrailOperation, body: request.body,
                accountId: principal?.accountId ?? configuration.defaultAccountId, region: region)
            return json(reply.status, reply.body)
        }
        let query: QueryRequest
        do throws(PolicyError) {
            query = try APIRequestHandler.formParameters(of: request)
        } catch {
            return xml(EC2Envelope.httpStatus(for: error.code), EC2Envelope.error(error, requestId: requestId))
        }
        let outcome: EC2Dispatcher.Outcome
        if let principal {
            outcome = await dispatcher.handle(query, principal: principal, origin: origin, requestId: requestId, logger: logger)
        } else {
            outcome = await dispatcher.handle(
                query, region: claimedRegion(), origin: origin, requestId: requestId, logger: logger)
        }
        return xml(outcome.status, outcome.body)
    }

    /// Audits a request whose signature failed; returns whether the event was stored.
    private func recordDenial(
        _ request: APIRequest, cloudTrailOperation: String?, error: AuthError, origin: RequestOrigin, requestId: String,
        authenticator: Authenticator
    ) async -> Bool {
        // A request refused this early may not even be well-formed: record what can be read of it.
        let parameters = cloudTrailOperation == nil ? (try? APIRequestHandler.formParameters(of: request))?.parameters ?? [:] : [:]
        let claimant = authenticator.claimant(authorization: request.header("authorization"), query: request.query)
        let entry = recorder.deniedEntry(
            eventName: cloudTrailOperation ?? parameters["Action"] ?? "",
            eventSource: cloudTrailOperation == nil ? "ec2.amazonaws.com" : "cloudtrail.amazonaws.com",
            region: claimant.region ?? configuration.defaultRegion, accountId: claimant.accountId,
            accessKeyId: claimant.accessKeyId, origin: origin, parameters: parameters, requestId: requestId,
            errorCode: error.code.rawValue, errorMessage: error.message)
        do {
            try await dispatcher.store.record([entry])
            return true
        } catch {
            return false
        }
    }

    /// The EC2 parameters of the query string and the form body together.
    static func formParameters(of request: APIRequest) throws(PolicyError) -> QueryRequest {
        var query = QueryRequest(parameters: [:])
        if !request.query.isEmpty { query.merge(try QueryRequest(formEncoded: request.query)) }
        if !request.body.isEmpty { query.merge(try QueryRequest(formEncoded: request.body)) }
        return query
    }

    private func xml(_ status: Int, _ body: [UInt8]) -> APIReply {
        APIReply(status: status, contentType: "text/xml;charset=UTF-8", body: body)
    }

    private func json(_ status: Int, _ text: String) -> APIReply {
        APIReply(status: status, contentType: "application/x-amz-json-1.1", body: Array(text.utf8))
    }

    static func jsonError(_ type: String, _ message: String) -> String {
        JSONValue.object([("__type", .string(type)), ("message", .string(message))]).serialized(pretty: false)
    }
}
