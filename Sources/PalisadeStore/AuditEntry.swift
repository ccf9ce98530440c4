public import PalisadeCore

/// One audit event as stored: a CloudTrail record (`record`, JSON text) with the fields CloudTrail's
/// `LookupEvents` searches by, and the alert deliveries it triggered. Stored in the same transaction as
/// the change it describes, and never changed or deleted afterwards (deliveries only record their progress).
public struct AuditEntry: Sendable, Hashable {
    public var eventId: String
    public var time: Timestamp
    /// The account the event belongs to (`recipientAccountId`); empty when the caller's key was unknown.
    public var accountId: String
    public var region: String
    public var eventName: String
    public var eventSource: String
    public var accessKeyId: String?
    public var userName: String?
    public var readOnly: Bool
    public var errorCode: String?
    /// The resources the event names, for `LookupEvents`' ResourceName and ResourceType attributes.
    public var resources: [AuditResource]
    /// The CloudTrail record, compact JSON.
    public var record: String
    /// Webhook deliveries of the alert rules the event matched, kept in an outbox until delivered.
    public var deliveries: [AlertDelivery]

    public init(
        eventId: String, time: Timestamp, accountId: String, region: String, eventName: String, eventSource: String,
        accessKeyId: String?, userName: String?, readOnly: Bool, errorCode: String?, resources: [AuditResource],
        record: String, deliveries: [AlertDelivery] = []
    ) {
        self.eventId = eventId
        self.time = time
        self.accountId = accountId
        self.region = region
        self.eventName = eventName
        self.eventSource = eventSource
        self.accessKeyId = accessKeyId
        self.userName = userName
        self.readOnly = readOnly
        self.errorCode = errorCode
        self.resources = resources
        self.record = record
        self.deliveries = deliveries
    }
}

/// An audit event as a write hands it to the store: the entry, or the call it records, to be rendered later.
///
/// Rendering a CloudTrail record (the request's parameters and the response as JSON, the resources they name)
/// costs more than most operations. A draft is made under the store's write lock, where the state is at hand, and
/// rendered outside it: by the writer that commits the batch, or, by a storage that journals the call itself
/// (``PolicyStorage/commit(_:drafts:)``), when it copies the journal into its tables, off the request path.
public struct AuditDraft: Sendable {
    public enum Content: Sendable {
        case made(AuditEntry)
        /// A call no alert rule looks at: its entry follows from the call alone, made by `render` (the same entry
        /// whenever it runs; the renderer lives above this module, in PalisadeAudit).
        case call(AuditCall, render: @Sendable (AuditCall) -> AuditEntry)
    }

    public var content: Content

    /// A call whose entry `render` makes.
    public init(call: AuditCall, render: @escaping @Sendable (AuditCall) -> AuditEntry) {
        content = .call(call, render: render)
    }

    /// An event already made.
    public static func made(_ entry: AuditEntry) -> AuditDraft { AuditDraft(content: .made(entry)) }

    private init(content: Content) { self.content = content }

    /// The entry: as made, or rendered now.
    public func make() -> AuditEntry {
        switch content {
        case .made(let entry): entry
        case .call(let call, let render): render(call)
        }
    }

    /// Webhook deliveries it holds (a call has none: no alert rule looks at it).
    public var deliveries: Int {
        if case .made(let entry) = content { entry.deliveries.count } else { 0 }
    }
}

/// What CloudTrail records of one API call, before rendering: who, when, the request's parameters and the response.
public struct AuditCall: Sendable, Hashable {
    public var eventId: String
    public var time: Timestamp
    public var eventName: String
    public var eventSource: String
    public var region: String
    public var accountId: String
    public var accessKeyId: String?
    public var sourceIPAddress: String
    public var userAgent: String
    /// The request's parameters (form and query string).
    public var parameters: [String: String]
    /// The EC2 XML response of a call that succeeded.
    public var response: [UInt8]?
    /// CloudTrail's form of the error code (`Client.InvalidGroup.NotFound`).
    public var errorCode: String?
    public var errorMessage: String?
    public var requestId: String
    public var readOnly: Bool

    public init(
        eventId: String, time: Timestamp, eventName: String, eventSource: String, region: String, accountId: String,
        accessKeyId: String?, sourceIPAddress: String, userAgent: String, parameters: [String: String], response: [UInt8]?,
        errorCode: String?, errorMessage: String?, requestId: String, readOnly: Bool
    ) {
        self.eventId = eventId
        self.time = time
        self.eventName = eventName
        self.eventSource = eventSource
        self.region = region
        self.accountId = accountId
        self.accessKeyId = accessKeyId
        self.sourceIPAddress = sourceIPAddress
        self.userAgent = userAgent
        self.parameters = parameters
        self.response = response
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.requestId = requestId
        self.readOnly = readOnly
    }
}

/// A resource an audit event names, in CloudTrail's vocabulary (`AWS::EC2::SecurityGroup`, `sg-…`).
public struct AuditResource: Sendable, Hashable {
    public var resourceType: String
    public var resourceName: String
    public init(resourceType: String, resourceName: String) {
        self.resourceType = resourceType
        self.resourceName = resourceName
    }
}

/// An event on its way to a webhook: the EventBridge event (JSON text) for one alert rule's target.
public struct AlertDelivery: Sendable, Hashable {
    public var ruleName: String
    public var target: String
    public var body: String
    public init(ruleName: String, target: String, body: String) {
        self.ruleName = ruleName
        self.target = target
        self.body = body
    }
}

/// A delivery waiting in the outbox.
public struct PendingDelivery: Sendable, Hashable {
    public var id: Int64
    public var delivery: AlertDelivery
    public var attempts: Int
    public init(id: Int64, delivery: AlertDelivery, attempts: Int) {
        self.id = id
        self.delivery = delivery
        self.attempts = attempts
    }
}

/// A stored event with its position in the log (later events have larger sequence numbers).
public struct StoredAuditEntry: Sendable, Hashable {
    public var sequence: Int64
    public var entry: AuditEntry
    public init(sequence: Int64, entry: AuditEntry) {
        self.sequence = sequence
        self.entry = entry
    }
}

/// What to look up, as CloudTrail's `LookupEvents` asks: newest first, at most `limit`, older than `before`.
public struct AuditQuery: Sendable {
    /// The attributes `LookupEvents` accepts (`LookupAttributes[].AttributeKey`).
    public enum AttributeKey: String, Sendable, CaseIterable {
        case eventId = "EventId"
        case eventName = "EventName"
        case readOnly = "ReadOnly"
        case username = "Username"
        case resourceType = "ResourceType"
        case resourceName = "ResourceName"
        case eventSource = "EventSource"
        case accessKeyId = "AccessKeyId"
    }

    /// Only this account's events; `nil` for all (the `palisade events` command on the database).
    public var accountId: String?
    /// Only events of this region (CloudTrail's lookups are per region); `nil` for all.
    public var region: String?
    public var startTime: Timestamp?
    public var endTime: Timestamp?
    public var attribute: (key: AttributeKey, value: String)?
    /// Only events with a smaller sequence number (the page token).
    public var before: Int64?
    public var limit: Int

    public init(
        accountId: String?, region: String? = nil, startTime: Timestamp? = nil, endTime: Timestamp? = nil,
        attribute: (key: AttributeKey, value: String)? = nil, before: Int64? = nil, limit: Int = 50
    ) {
        self.accountId = accountId
        self.region = region
        self.startTime = startTime
        self.endTime = endTime
        self.attribute = attribute
        self.before = before
        self.limit = limit
    }

    /// Whether `entry` satisfies the filters (not the page position). Storage backends without an index use it.
    public func matches(_ entry: AuditEntry) -> Bool {
        if let accountId, entry.accountId != accountId { return false }
        if let region, entry.region != region { return false }
        if let startTime, entry.time < startTime { return false }
        if let endTime, entry.time > endTime { return false }
        guard let (key, value) = attribute else { return true }
        return switch key {
        case .eventId: entry.eventId == value
        case .eventName: entry.eventName == value
        case .readOnly: (entry.readOnly ? "true" : "false") == value
        case .username: entry.userName == value
        case .resourceType: entry.resources.contains { $0.resourceType == value }
        case .resourceName: entry.resources.contains { $0.resourceName == value }
        case .eventSource: entry.eventSource == value
        case .accessKeyId: entry.accessKeyId == value
        }
    }
}

/// Reads the audit log and works the alert outbox. Writing happens only through ``PolicyStorage/commit(_:events:)``,
/// so an event is stored in the transaction of its change; nothing here edits or deletes an event.
public protocol AuditStorage: Sendable {
    /// Matching events, newest first.
    func auditEvents(_ query: AuditQuery) throws -> [StoredAuditEntry]
    /// Undelivered deliveries due at `time`, oldest first: of each target only its oldest undelivered one, so
    /// every target receives its events in order.
    func dueDeliveries(at time: Timestamp, limit: Int) throws -> [PendingDelivery]
    /// When the next undelivered delivery is due, if any.
    func nextDeliveryTime() throws -> Timestamp?
    /// Records a successful delivery.
    func markDelivered(_ id: Int64, at time: Timestamp) throws
    /// Records a failed attempt and when to try again.
    func rescheduleDelivery(_ id: Int64, attempts: Int, next: Timestamp, error: String) throws
}
