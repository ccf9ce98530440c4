import Foundation
public import Logging
import PalisadeAudit
public import PalisadeAuth
import PalisadeCore
import PalisadeJSON
public import PalisadeStore
public import PalisadeWire

/// Answers one EC2 Query request: finds the action, runs it against the store, renders XML or the error envelope.
/// No HTTP here, so tests can drive it in-process.
///
/// Every call of a mutating action, and every request refused by the rate limit, becomes one audit event
/// (``AuditRecorder``), stored in the transaction of the change it made, or alone when it failed.
public struct EC2Dispatcher: Sendable {
    public let store: PolicyStore
    public let configuration: ServerConfiguration
    let metrics: ServerMetrics
    let recorder: AuditRecorder
    let rateLimiter: RateLimiter?

    public init(
        store: PolicyStore, configuration: ServerConfiguration, metrics: ServerMetrics = ServerMetrics(),
        recorder: AuditRecorder = AuditRecorder(), rateLimiter: RateLimiter? = nil
    ) {
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
        self.recorder = recorder
        self.rateLimiter = rateLimiter
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
    public func handle(
        _ request: QueryRequest, region: String?, origin: RequestOrigin = .local, requestId: String? = nil,
        logger: Logger? = nil
    ) async -> Outcome {
        let caller = Caller(
            scope: Scope(accountId: configuration.defaultAccountId, region: region ?? configuration.defaultRegion),
            accessKeyId: nil, service: "ec2", origin: origin)
        return await handle(request, caller: caller, requestId: requestId, logger: logger)
    }

    /// Handles a request authenticated as `principal`: it sees and changes only the principal's account,
    /// in the region of its credential scope.
    public func handle(
        _ request: QueryRequest, principal: Principal, origin: RequestOrigin = .local, requestId: String? = nil,
        logger: Logger? = nil
    ) async -> Outcome {
        let caller = Caller(
            scope: Scope(accountId: principal.accountId, region: principal.region), accessKeyId: principal.accessKeyId,
            service: principal.service, origin: origin)
        return await handle(request, caller: caller, requestId: requestId, logger: logger)
    }

    /// Whose request this is.
    struct Caller {
        var scope: Scope
        var accessKeyId: String?
        var service: String
        var origin: RequestOrigin
    }

    private func handle(_ request: QueryRequest, caller: Caller, requestId: String?, logger: Logger?) async -> Outcome {
        let requestId = requestId ?? RequestID.next()
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
            self.failure(error, requestId: requestId, action: action)
        }
        if actionName.isEmpty {
            return failure(PolicyError(.init("MissingAction"), "The request must contain the parameter Action"), action: "-")
        }
        let action = caller.service == "ec2" ? EC2Actions.all[actionName] : nil
        let mutating = action is any EC2WriteAction.Type
        let call = AuditRecorder.Call(
            eventName: actionName, scope: caller.scope, accessKeyId: caller.accessKeyId, origin: caller.origin,
            parameters: request.parameters, requestId: requestId, readOnly: !mutating)
        if let rateLimiter, !rateLimiter.admit(account: caller.scope.accountId, mutating: mutating) {
            // Refused calls are audited whether they would have changed anything or not, as CloudTrail does.
            let error = PolicyError(.init("RequestLimitExceeded"), "Request limit exceeded.")
            return await recorded(failure(error, action: actionName), call: call, error: error)
        }
        if actionName == "GetCallerIdentity" {
            return callerIdentity(caller, requestId: requestId)
        }
        guard let action else {
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
            switch decoded {
            case let read as any EC2ReadAction:
                let result = try store.read { state throws(PolicyError) in try read.query(state, context) }
                if dryRun { throw PolicyError.dryRun }
                return Outcome(
                    status: 200, body: EC2Envelope.success(action: actionName, requestId: requestId, result: result),
                    action: actionName, errorCode: nil)
            case let write as any EC2WriteAction:
                return await perform(write, dryRun: dryRun, context: context, call: call)
            default:
                throw PolicyError(.internalError, "Action \(actionName) has no handler")
            }
        } catch {
            // Failures before the write (unknown parameters, malformed values) are audited here; the write
            // audits its own outcome.
            let outcome = failure(error, action: actionName)
            return mutating ? await recorded(outcome, call: call, error: error) : outcome
        }
    }

    /// Runs a mutating action as one store write whose audit event is stored in the same transaction.
    private func perform(_ write: any EC2WriteAction, dryRun: Bool, context: ActionContext, call: AuditRecorder.Call)
        async -> Outcome
    {
        var tagsBefore: [String: [Tag]] = [:]
        var body: [UInt8] = []
        var call = call
        // Tags matter only to alert rules; without rules nothing needs them.
        let named = recorder.alerts.rules.isEmpty ? [] : call.namedResources()
        do throws(PolicyError) {
        _ = try await store.write(
            dryRun: dryRun,
            { state throws(PolicyError) in
                if !named.isEmpty { tagsBefore = AuditRecorder.tags(of: named, in: state, scope: context.scope) }
                return try write.perform(&state, context)
            },
            audit: { state, outcome in
                switch outcome {
                case .success(let result) where !dryRun:
                    body = EC2Envelope.success(action: call.eventName, requestId: call.requestId, result: result)
                    return recorder.draft(call, state: state, response: body, error: nil, tagsBefore: tagsBefore)
                case .success:
                    return recorder.draft(call, state: state, response: nil, error: .dryRun, tagsBefore: tagsBefore)
                case .failure(let error):
                    return recorder.draft(call, state: state, response: nil, error: error, tagsBefore: tagsBefore)
                }
            })
        } catch {
            return failure(error, requestId: call.requestId, action: call.eventName)
        }
        if dryRun { return failure(.dryRun, requestId: call.requestId, action: call.eventName) }
        return Outcome(status: 200, body: body, action: call.eventName, errorCode: nil)
    }

    private func failure(_ error: PolicyError, requestId: String, action: String) -> Outcome {
        Outcome(
            status: EC2Envelope.httpStatus(for: error.code), body: EC2Envelope.error(error, requestId: requestId),
            action: action, errorCode: error.code.rawValue)
    }

    /// Stores the event of a call that failed outside a write, then answers; if the event cannot be stored,
    /// the call fails with `InternalError` (an unaudited answer would lose it).
    private func recorded(_ outcome: Outcome, call: AuditRecorder.Call, error: PolicyError) async -> Outcome {
        let entry = store.read { state in recorder.entry(call, state: state, response: nil, error: error, tagsBefore: [:]) }
        do throws(PolicyError) {
            try await store.record([entry])
            return outcome
        } catch {
            return Outcome(
                status: 500, body: EC2Envelope.error(error, requestId: call.requestId), action: outcome.action,
                errorCode: error.code.rawValue)
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
}
