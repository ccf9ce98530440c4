public import PalisadeCore
public import PalisadeJSON
public import PalisadeStore

/// One API call as CloudTrail records it: who (account, access key), what (event name, parameters), the
/// outcome (response elements or error), from where and when.
///
/// ```swift
/// let event = AuditEvent(eventId: id, eventTime: now, eventName: "AuthorizeSecurityGroupIngress", …)
/// event.record.serialized(pretty: false)   // the CloudTrail record
/// event.eventBridgeEvent()                  // what an EventBridge rule sees ("AWS API Call via CloudTrail")
/// ```
public struct AuditEvent: Sendable {
    public var eventId: String
    public var eventTime: Timestamp
    public var eventName: String
    /// `ec2.amazonaws.com`, `sts.amazonaws.com` or `cloudtrail.amazonaws.com`.
    public var eventSource: String
    public var awsRegion: String
    /// The account acted in; empty when the caller's key is unknown.
    public var accountId: String
    public var accessKeyId: String?
    public var sourceIPAddress: String
    public var userAgent: String
    public var requestParameters: JSONValue
    public var responseElements: JSONValue
    public var errorCode: String?
    public var errorMessage: String?
    public var requestId: String
    public var readOnly: Bool
    /// Tags of the resources the call names, as they were when it ran (before a delete, after a create), for
    /// alert rules about tagged resources. Not part of the CloudTrail record.
    public var resourceTags: [String: [Tag]]

    public init(
        eventId: String, eventTime: Timestamp, eventName: String, eventSource: String = "ec2.amazonaws.com",
        awsRegion: String, accountId: String, accessKeyId: String?, sourceIPAddress: String, userAgent: String,
        requestParameters: JSONValue, responseElements: JSONValue = .null, errorCode: String? = nil,
        errorMessage: String? = nil, requestId: String, readOnly: Bool, resourceTags: [String: [Tag]] = [:]
    ) {
        self.eventId = eventId
        self.eventTime = eventTime
        self.eventName = eventName
        self.eventSource = eventSource
        self.awsRegion = awsRegion
        self.accountId = accountId
        self.accessKeyId = accessKeyId
        self.sourceIPAddress = sourceIPAddress
        self.userAgent = userAgent
        self.requestParameters = requestParameters
        self.responseElements = responseElements
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.requestId = requestId
        self.readOnly = readOnly
        self.resourceTags = resourceTags
    }

    /// The event of a drafted call: its parameters and response rendered as CloudTrail records them.
    public init(_ call: AuditCall) {
        self.init(
            eventId: call.eventId, eventTime: call.time, eventName: call.eventName, eventSource: call.eventSource,
            awsRegion: call.region, accountId: call.accountId, accessKeyId: call.accessKeyId,
            sourceIPAddress: call.sourceIPAddress, userAgent: call.userAgent,
            requestParameters: RequestParameters.json(call.parameters),
            responseElements: call.response.map(ResponseElements.json(xml:)) ?? .null, errorCode: call.errorCode,
            errorMessage: call.errorMessage, requestId: call.requestId, readOnly: call.readOnly)
    }

    /// The stored entry of a drafted call (one no alert rule looks at), rendered.
    @Sendable public static func entry(of call: AuditCall) -> AuditEntry {
        AuditEvent(call).entry(alerts: AlertRules()).entry
    }

    /// The IAM user name CloudTrail shows for Palisade's access keys.
    public static let userName = "palisade"

    /// CloudTrail's time format: seconds, UTC (`2026-11-27T14:05:09Z`).
    public var eventTimeText: String {
        let text = eventTime.iso8601
        return String(text.prefix(19)) + "Z"
    }

    /// The CloudTrail record (eventVersion 1.08).
    public var record: JSONValue {
        var identity: [(String, JSONValue)] = []
        if let accessKeyId, !accountId.isEmpty {
            identity = [
                ("type", .string("IAMUser")), ("principalId", .string(accessKeyId)),
                ("arn", .string("arn:aws:iam::\(accountId):user/\(AuditEvent.userName)")),
                ("accountId", .string(accountId)), ("accessKeyId", .string(accessKeyId)),
                ("userName", .string(AuditEvent.userName)),
            ]
        } else if let accessKeyId {
            identity = [("type", .string("Unknown")), ("accessKeyId", .string(accessKeyId))]
        } else if accountId.isEmpty {
            identity = [("type", .string("Unknown"))]
        } else {
            // --no-auth: every caller acts as the account itself.
            identity = [
                ("type", .string("Root")), ("principalId", .string(accountId)),
                ("arn", .string("arn:aws:iam::\(accountId):root")), ("accountId", .string(accountId)),
            ]
        }
        var members: [(String, JSONValue)] = [
            ("eventVersion", .string("1.08")),
            ("userIdentity", .object(identity)),
            ("eventTime", .string(eventTimeText)),
            ("eventSource", .string(eventSource)),
            ("eventName", .string(eventName)),
            ("awsRegion", .string(awsRegion)),
            ("sourceIPAddress", .string(sourceIPAddress)),
            ("userAgent", .string(userAgent)),
        ]
        if let errorCode { members.append(("errorCode", .string(errorCode))) }
        if let errorMessage { members.append(("errorMessage", .string(errorMessage))) }
        members += [
            ("requestParameters", requestParameters),
            ("responseElements", responseElements),
            ("requestID", .string(requestId)),
            ("eventID", .string(eventId)),
            ("readOnly", .bool(readOnly)),
            ("eventType", .string("AwsApiCall")),
            ("managementEvent", .bool(true)),
            ("recipientAccountId", .string(accountId)),
            ("eventCategory", .string("Management")),
        ]
        return .object(members)
    }

    /// The resources the call names: every EC2 ID in its parameters and response.
    public var resources: [AuditResource] {
        AuditEvent.resourceIDs(in: .array([requestParameters, responseElements])).map { id in
            AuditResource(resourceType: AuditEvent.resourceType(of: id)!, resourceName: id)
        }
    }

    /// Every EC2 ID among the strings of `value`, once each, in order of appearance.
    public static func resourceIDs(in value: JSONValue) -> [String] {
        var seen: Set<String> = []
        var found: [String] = []
        func visit(_ value: JSONValue) {
            switch value {
            case .string(let text):
                if AuditEvent.resourceType(of: text) != nil, seen.insert(text).inserted { found.append(text) }
            case .array(let values): values.forEach(visit)
            case .object(let members): members.forEach { visit($0.1) }
            default: break
            }
        }
        visit(value)
        return found
    }

    /// CloudTrail's resource type of an EC2 ID, if it is one.
    public static func resourceType(of id: String) -> String? {
        // Byte-wise: every string of every event's parameters and response passes through here.
        let bytes = id.utf8
        guard bytes.count <= 40, let dash = bytes.firstIndex(of: UInt8(ascii: "-")), dash != bytes.startIndex else {
            return nil
        }
        let suffix = bytes[bytes.index(after: dash)...]
        guard !suffix.isEmpty,
            suffix.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) })
        else { return nil }
        return switch Substring(bytes[..<dash]) {
        case "sg": "AWS::EC2::SecurityGroup"
        case "sgr": "AWS::EC2::SecurityGroupRule"
        case "vpc": "AWS::EC2::VPC"
        case "subnet": "AWS::EC2::Subnet"
        case "eni": "AWS::EC2::NetworkInterface"
        case "pl": "AWS::EC2::PrefixList"
        case "nip": "AWS::EC2::NetworkInsightsPath"
        case "nia": "AWS::EC2::NetworkInsightsAnalysis"
        default: nil
        }
    }

    /// The event EventBridge delivers for this call (`detail-type` "AWS API Call via CloudTrail"), with
    /// Palisade's addition `detail.palisade.resources`: each named resource with its tags as an object,
    /// so a pattern such as `{"detail": {"palisade": {"resources": {"tags": {"Environment": ["Production"]}}}}}`
    /// can select changes to tagged groups.
    public func eventBridgeEvent() -> JSONValue { eventBridgeEvent(record: record, resources: resources) }

    private func eventBridgeEvent(record: JSONValue, resources: [AuditResource]) -> JSONValue {
        var detail = record.members ?? []
        let tagged: [JSONValue] = resources.map { resource in
            let tags = resourceTags[resource.resourceName] ?? []
            return .object([
                ("resourceType", .string(resource.resourceType)), ("resourceName", .string(resource.resourceName)),
                ("tags", .object(tags.map { ($0.key, .string($0.value)) })),
            ])
        }
        detail.append(("palisade", .object([("resources", .array(tagged))])))
        let service = eventSource.split(separator: ".").first.map(String.init) ?? "ec2"
        return .object([
            ("version", .string("0")),
            ("id", .string(eventId)),
            ("detail-type", .string("AWS API Call via CloudTrail")),
            ("source", .string("aws.\(service)")),
            ("account", .string(accountId)),
            ("time", .string(eventTimeText)),
            ("region", .string(awsRegion)),
            ("resources", .array([])),
            ("detail", .object(detail)),
        ])
    }

    /// The stored form, with the webhook deliveries of the alert rules that match, and those rules (for their
    /// log targets). The record, the resources and the EventBridge event are each built once.
    public func entry(alerts: AlertRules) -> (entry: AuditEntry, matched: [AlertRules.Rule]) {
        let resources = self.resources
        let record = self.record
        var deliveries: [AlertDelivery] = []
        var matched: [AlertRules.Rule] = []
        if !alerts.rules.isEmpty {
            let document = eventBridgeEvent(record: record, resources: resources)
            matched = alerts.matching(document: document)
            if matched.contains(where: { !$0.webhooks.isEmpty }) {
                let body = document.serialized(pretty: false)
                for rule in matched {
                    for webhook in rule.webhooks {
                        deliveries.append(AlertDelivery(ruleName: rule.name, target: webhook, body: body))
                    }
                }
            }
        }
        let entry = AuditEntry(
            eventId: eventId, time: eventTime, accountId: accountId, region: awsRegion, eventName: eventName,
            eventSource: eventSource, accessKeyId: accessKeyId,
            userName: accessKeyId != nil && !accountId.isEmpty ? AuditEvent.userName : nil, readOnly: readOnly,
            errorCode: errorCode, resources: resources, record: record.serialized(pretty: false), deliveries: deliveries)
        return (entry, matched)
    }
}
