import Foundation
public import Logging
public import PalisadeAuth
import PalisadeCore
public import PalisadeStore
public import PalisadeWire

/// Answers one EC2 Query request: finds the action, runs it against the store, renders XML or the error envelope.
/// No HTTP here, so tests can drive it in-process.
public struct EC2Dispatcher: Sendable {
    public let store: PolicyStore
    public let configuration: ServerConfiguration
    let metrics: ServerMetrics

    public init(store: PolicyStore, configuration: ServerConfiguration, metrics: ServerMetrics = ServerMetrics()) {
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
    }

    /// The outcome of a request: HTTP status, XML body, and the EC2 error code if it failed.
    public struct Outcome: Sendable {
        public var status: Int
        public var body: [UInt8]
        public var action: String
        public var errorCode: String?
    }

    /// Handles an unauthenticated request (`--no-auth`): it belongs to the configured default account;
    /// `region` comes from the SigV4 credential scope if any.
    public func handle(_ request: QueryRequest, region: String?, requestId: String? = nil, logger: Logger? = nil)
        async -> Outcome
    {
        let caller = Caller(
            scope: Scope(accountId: configuration.defaultAccountId, region: region ?? configuration.defaultRegion),
            accessKeyId: nil, service: "ec2")
        return await handle(request, caller: caller, requestId: requestId, logger: logger)
    }

    /// Handles a request authenticated as `principal`: it sees and changes only the principal's account,
    /// in the region of its credential scope.
    public func handle(_ request: QueryRequest, principal: Principal, requestId: String? = nil, logger: Logger? = nil)
        async -> Outcome
    {
        let caller = Caller(
            scope: Scope(accountId: principal.accountId, region: principal.region), accessKeyId: principal.accessKeyId,
            service: principal.service)
        return await handle(request, caller: caller, requestId: requestId, logger: logger)
    }

    /// Whose request this is.
    struct Caller {
        var scope: Scope
        var accessKeyId: String?
        var service: String
    }

    private func handle(_ request: QueryRequest, caller: Caller, requestId: String?, logger: Logger?) async -> Outcome {
        let requestId = requestId ?? UUID().uuidString.lowercased()
        let started = ContinuousClock.now
        let actionName = request.action ?? ""
        let outcome = await run(request, actionName: actionName, caller: caller, requestId: requestId)
        let elapsed = ContinuousClock.now - started
        metrics.record(action: outcome.action, errorCode: outcome.errorCode, duration: elapsed)
        logger?.info(
            "request",
            metadata: [
                "action": "\(outcome.action)", "status": "\(outcome.status)", "code": "\(outcome.errorCode ?? "")",
                "requestId": "\(requestId)", "account": "\(caller.scope.accountId)",
                "accessKeyId": "\(caller.accessKeyId ?? "-")",
                "durationMs": "\(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)",
            ])
        return outcome
    }

    private func run(_ request: QueryRequest, actionName: String, caller: Caller, requestId: String) async -> Outcome {
        func failure(_ error: PolicyError, action: String) -> Outcome {
            Outcome(
                status: EC2Envelope.httpStatus(for: error.code), body: EC2Envelope.error(error, requestId: requestId),
                action: action, errorCode: error.code.rawValue)
        }
        if actionName.isEmpty {
            return failure(PolicyError(.init("MissingAction"), "The request must contain the parameter Action"), action: "-")
        }
        if actionName == "GetCallerIdentity" {
            return callerIdentity(caller, requestId: requestId)
        }
        guard caller.service == "ec2", let action = EC2Actions.all[actionName] else {
            return failure(
                PolicyError(.invalidAction, "The action \(actionName) is not valid for this web service."),
                action: "unknown")
        }
        let scope = caller.scope
        let context = ActionContext(scope: scope, requestId: requestId)
        do throws(PolicyError) {
            try EC2InputMembers.validate(request, action: actionName)
            let dryRun = try request.bool("DryRun") ?? false
            try await ensureScope(scope)
            let decoded = try action.init(request)
            let result: EC2Result
            switch decoded {
            case let read as any EC2ReadAction:
                result = try store.read { state throws(PolicyError) in try read.query(state, context) }
                if dryRun { throw PolicyError.dryRun }
            case let write as any EC2WriteAction:
                result = try await store.write(dryRun: dryRun) { state throws(PolicyError) in
                    try write.perform(&state, context)
                }
                if dryRun { throw PolicyError.dryRun }
            default:
                throw PolicyError(.internalError, "Action \(actionName) has no handler")
            }
            return Outcome(
                status: 200, body: EC2Envelope.success(action: actionName, requestId: requestId, result: result),
                action: actionName, errorCode: nil)
        } catch {
            return failure(error, action: actionName)
        }
    }

    /// A new account/region gets its default VPC on first use, as in AWS.
    private func ensureScope(_ scope: Scope) async throws(PolicyError) {
        if store.read({ $0.scopes.contains(scope) }) { return }
        try await store.write { state throws(PolicyError) in state.ensureScope(scope) }
    }

    /// STS GetCallerIdentity, which SDKs and Terraform call on the same endpoint.
    private func callerIdentity(_ caller: Caller, requestId: String) -> Outcome {
        let account = caller.scope.accountId
        var writer = XMLWriter()
        writer.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        writer.raw("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
        writer.element("GetCallerIdentityResult") { writer in
            if let accessKeyId = caller.accessKeyId {
                writer.element("Arn", "arn:aws:iam::\(account):user/palisade")
                writer.element("UserId", accessKeyId)
            } else {
                writer.element("Arn", "arn:aws:iam::\(account):root")
                writer.element("UserId", account)
            }
            writer.element("Account", account)
        }
        writer.element("ResponseMetadata") { $0.element("RequestId", requestId) }
        writer.close("GetCallerIdentityResponse")
        return Outcome(status: 200, body: writer.bytes, action: "GetCallerIdentity", errorCode: nil)
    }

    /// The region of a SigV4 `Authorization` header's credential scope, if any.
    public static func region(fromAuthorization header: String?) -> String? {
        guard let header, let range = header.range(of: "Credential=") else { return nil }
        let credential = header[range.upperBound...].prefix { $0 != "," && $0 != " " }
        let parts = credential.split(separator: "/")
        return parts.count >= 5 ? String(parts[2]) : nil
    }
}
