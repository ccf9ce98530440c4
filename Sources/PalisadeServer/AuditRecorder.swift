import Foundation
public import Logging
public import PalisadeAudit
public import PalisadeCore
public import PalisadeJSON
public import PalisadeStore

/// Where a request came from, as CloudTrail records it.
public struct RequestOrigin: Sendable {
    public var sourceIPAddress: String
    public var userAgent: String

    public init(sourceIPAddress: String, userAgent: String) {
        self.sourceIPAddress = sourceIPAddress
        self.userAgent = userAgent
    }

    /// An in-process caller (tests).
    public static let local = RequestOrigin(sourceIPAddress: "127.0.0.1", userAgent: "palisade")
}

/// Turns API calls into audit events (CloudTrail records) and matches them against the alert rules: webhook
/// deliveries go into the event's outbox entries, log targets are logged at once.
public struct AuditRecorder: Sendable {
    public var alerts: AlertRules
    let logger: Logger?
    let clock: @Sendable () -> Timestamp

    public init(
        alerts: AlertRules = AlertRules(), logger: Logger? = nil,
        clock: @escaping @Sendable () -> Timestamp = AuditRecorder.wallClock
    ) {
        self.alerts = alerts
        self.logger = logger
        self.clock = clock
    }

    public static let wallClock: @Sendable () -> Timestamp = { .wallClock }

    /// One call, as far as it is known before it runs.
    public struct Call: Sendable {
        public var eventName: String
        public var eventSource = "ec2.amazonaws.com"
        public var scope: Scope
        public var accessKeyId: String?
        public var origin: RequestOrigin
        /// The request's parameters, as CloudTrail records them; computed on first use, since reads that are
        /// not refused never need them.
        public lazy var requestParameters: JSONValue = RequestParameters.json(parameters)
        let parameters: [String: String]
        public var requestId: String
        public var readOnly: Bool

        public init(
            eventName: String, eventSource: String = "ec2.amazonaws.com", scope: Scope, accessKeyId: String?,
            origin: RequestOrigin, parameters: [String: String], requestId: String, readOnly: Bool
        ) {
            self.eventName = eventName
            self.eventSource = eventSource
            self.scope = scope
            self.accessKeyId = accessKeyId
            self.origin = origin
            self.parameters = parameters
            self.requestId = requestId
            self.readOnly = readOnly
        }

        /// The EC2 IDs the parameters name.
        mutating func namedResources() -> [String] {
            AuditEvent.resourceIDs(in: requestParameters)
        }
    }

    /// The tags of each named resource that exists in `scope`.
    static func tags(of ids: [String], in state: borrowing PolicyState, scope: Scope) -> [String: [Tag]] {
        var tags: [String: [Tag]] = [:]
        for id in ids {
            if let record = try? state.taggableRecord(id, in: scope) { tags[id] = PolicyState.tags(of: record) }
        }
        return tags
    }

    /// The stored event of `call`: its response (success) or error, the tags of the resources it names (from
    /// `state`, after the call, where they still exist; else from before it, for what the call deleted), and
    /// the alert deliveries it triggers.
    public func entry(
        _ call: consuming Call, state: borrowing PolicyState, response: [UInt8]?, error: PolicyError?, tagsBefore: [String: [Tag]]
    ) -> AuditEntry {
        let scope = call.scope
        var event = AuditEvent(auditCall(call, at: clock(), response: response, error: error))
        if !alerts.rules.isEmpty {
            let ids = event.resources.map(\.resourceName)
            event.resourceTags = AuditRecorder.tags(of: ids, in: state, scope: scope).merging(tagsBefore) { after, _ in after }
        }
        return finish(event)
    }

    /// ``entry(_:state:response:error:tagsBefore:)`` as a draft for the store's write lock: the record is rendered
    /// later, outside it (``AuditDraft``). Alert rules look at the tags in `state`, found through the rendered
    /// event's resources: with rules, the entry is made at once.
    public func draft(
        _ call: consuming Call, state: borrowing PolicyState, response: [UInt8]?, error: PolicyError?, tagsBefore: [String: [Tag]]
    ) -> AuditDraft {
        if !alerts.rules.isEmpty {
            return .made(entry(call, state: state, response: response, error: error, tagsBefore: tagsBefore))
        }
        return AuditDraft(call: auditCall(call, at: clock(), response: response, error: error), render: AuditEvent.entry(of:))
    }

    private func auditCall(_ call: borrowing Call, at now: Timestamp, response: [UInt8]?, error: PolicyError?) -> AuditCall {
        AuditCall(
            eventId: AuditRecorder.eventId(at: now), time: now, eventName: call.eventName, eventSource: call.eventSource,
            region: call.scope.region, accountId: call.scope.accountId, accessKeyId: call.accessKeyId,
            sourceIPAddress: call.origin.sourceIPAddress, userAgent: call.origin.userAgent, parameters: call.parameters,
            response: response, errorCode: error.map { AuditRecorder.cloudTrailErrorCode($0.code.rawValue) },
            errorMessage: error?.message, requestId: call.requestId, readOnly: call.readOnly)
    }

    /// The stored event of a request refused before it reached the EC2 layer (authentication), whose account
    /// is `accountId` if the key is known.
    public func deniedEntry(
        eventName: String, eventSource: String, region: String, accountId: String, accessKeyId: String?,
        origin: RequestOrigin, parameters: [String: String], requestId: String, errorCode: String, errorMessage: String
    ) -> AuditEntry {
        let now = clock()
        let event = AuditEvent(
            eventId: AuditRecorder.eventId(at: now), eventTime: now, eventName: eventName, eventSource: eventSource,
            awsRegion: region, accountId: accountId, accessKeyId: accessKeyId, sourceIPAddress: origin.sourceIPAddress,
            userAgent: origin.userAgent, requestParameters: RequestParameters.json(parameters),
            errorCode: AuditRecorder.cloudTrailErrorCode(errorCode), errorMessage: errorMessage, requestId: requestId,
            readOnly: !eventName.isEmpty && AuditRecorder.looksReadOnly(eventName))
        return finish(event)
    }

    private func finish(_ event: AuditEvent) -> AuditEntry {
        let (entry, matched) = event.entry(alerts: alerts)
        if let logger {
            for rule in matched where rule.log {
                logger.notice(
                    "alert",
                    metadata: [
                        "rule": "\(rule.name)", "eventName": "\(event.eventName)", "eventID": "\(event.eventId)",
                        "account": "\(event.accountId)", "accessKeyId": "\(event.accessKeyId ?? "-")",
                        "resources": "\(entry.resources.map(\.resourceName).joined(separator: ","))",
                        "errorCode": "\(event.errorCode ?? "")",
                    ])
            }
        }
        return entry
    }

    /// A UUID whose first 48 bits are the time (version 7, RFC 9562): unique like CloudTrail's event IDs, and
    /// increasing, so the event-ID index grows at its end instead of touching a random page on every write.
    static func eventId(at time: Timestamp) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let millis = UInt64(max(0, time.millisecondsSince1970))
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: millis >> (40 - 8 * UInt64(index))) }
        // 74 random bits from the process's ID stream: the system generator would cost a system call per byte.
        let random = (IDGenerator.random.draw(), IDGenerator.random.draw())
        for index in 6..<14 { bytes[index] = UInt8(truncatingIfNeeded: random.0 >> (8 * UInt64(index - 6))) }
        for index in 14..<16 { bytes[index] = UInt8(truncatingIfNeeded: random.1 >> (8 * UInt64(index - 14))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return RequestID.uuidText(bytes)
    }

    /// CloudTrail writes EC2's error codes with the fault side: `Client.InvalidGroup.NotFound`, `Server.InternalError`.
    static func cloudTrailErrorCode(_ code: String) -> String {
        switch code {
        case "InternalError", "InternalFailure", "Unavailable", "ServiceUnavailable": "Server.\(code)"
        default: "Client.\(code)"
        }
    }

    /// Whether an action name that never reached the EC2 layer reads only (Describe*, Get*, List*, Lookup*).
    static func looksReadOnly(_ eventName: String) -> Bool {
        ["Describe", "Get", "List", "Lookup"].contains { eventName.hasPrefix($0) }
    }
}
