import Foundation
public import PalisadeCore
import PalisadeJSON
public import PalisadeStore

/// CloudTrail's `LookupEvents` over the audit log (JSON 1.1 protocol, `X-Amz-Target:
/// com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents`), so `aws cloudtrail lookup-events
/// --endpoint-url …` and boto3 read Palisade's events. A caller sees only its own account's events in the
/// region it signs for. CloudTrail's other operations (none of which could edit or delete an event here) are
/// answered `UnknownOperationException`.
public struct CloudTrailAPI: Sendable {
    let audit: any AuditStorage

    public init(audit: any AuditStorage) { self.audit = audit }

    /// An answer: HTTP status and JSON body.
    public struct Reply: Sendable {
        public var status: Int
        public var body: String
    }

    /// The operation named by an `X-Amz-Target` header, if it is CloudTrail's.
    public static func operation(ofTarget target: String) -> String? {
        for prefix in ["com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.", "CloudTrail_20131101."]
        where target.hasPrefix(prefix) {
            return String(target.dropFirst(prefix.count))
        }
        return nil
    }

    public func handle(operation: String, body: [UInt8], accountId: String, region: String) -> Reply {
        guard operation == "LookupEvents" else {
            return failure("UnknownOperationException", "The operation \(operation) is not supported by this endpoint.")
        }
        let request: JSONValue
        do {
            let text = String(decoding: body, as: UTF8.self)
            request = text.allSatisfy(\.isWhitespace) ? .object([]) : try JSONParser.parse(text)
        } catch {
            return failure("SerializationException", "The request body is not valid JSON: \(error.description)")
        }
        guard request.members != nil else { return failure("SerializationException", "The request body must be a JSON object") }
        var query = AuditQuery(accountId: accountId, region: region)
        if let attributes = request["LookupAttributes"] {
            guard let list = attributes.array else {
                return failure("SerializationException", "LookupAttributes must be a list")
            }
            if list.count > 1 {
                return failure("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.")
            }
            if let attribute = list.first {
                guard let keyText = attribute["AttributeKey"]?.string, let key = AuditQuery.AttributeKey(rawValue: keyText)
                else {
                    return failure(
                        "InvalidLookupAttributesException",
                        "AttributeKey must be one of \(AuditQuery.AttributeKey.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                guard let value = attribute["AttributeValue"]?.string, !value.isEmpty, value.count <= 2000 else {
                    return failure("InvalidLookupAttributesException", "AttributeValue must be 1 to 2000 characters.")
                }
                query.attribute = (key, value)
            }
        }
        do throws(ReplyError) {
            query.startTime = try time(request["StartTime"], "StartTime")
            query.endTime = try time(request["EndTime"], "EndTime")
        } catch {
            return failure(error.code, error.message)
        }
        if let start = query.startTime, let end = query.endTime, start > end {
            return failure("InvalidTimeRangeException", "Start time cannot be after end time.")
        }
        if let category = request["EventCategory"] {
            guard category.string == "insight" else {
                return failure("InvalidEventCategoryException", "EventCategory must be insight.")
            }
            // Palisade records management events only: an Insights lookup finds nothing.
            return Reply(status: 200, body: JSONValue.object([("Events", .array([]))]).serialized(pretty: false))
        }
        if let maxResults = request["MaxResults"] {
            guard let limit = maxResults.int, (1...50).contains(limit) else {
                return failure("InvalidMaxResultsException", "MaxResults must be between 1 and 50.")
            }
            query.limit = limit
        }
        let fingerprint = CloudTrailAPI.fingerprint(of: query)
        if let token = request["NextToken"] {
            guard let text = token.string, let before = CloudTrailAPI.position(in: text, fingerprint: fingerprint) else {
                return failure("InvalidNextTokenException", "The token is not valid for these lookup parameters.")
            }
            query.before = before
        }
        let pageSize = query.limit
        query.limit += 1
        let found: [StoredAuditEntry]
        do {
            found = try audit.auditEvents(query)
        } catch {
            return Reply(status: 500, body: JSONValue.object([
                ("__type", .string("InternalFailure")), ("message", .string("The audit log cannot be read.")),
            ]).serialized(pretty: false))
        }
        let page = found.prefix(pageSize)
        var members: [(String, JSONValue)] = [("Events", .array(page.map { CloudTrailAPI.event($0.entry) }))]
        if found.count > pageSize, let last = page.last {
            members.append(("NextToken", .string("\(last.sequence).\(fingerprint)")))
        }
        return Reply(status: 200, body: JSONValue.object(members).serialized(pretty: false))
    }

    private struct ReplyError: Error {
        var code: String
        var message: String
    }

    /// botocore sends timestamps as epoch seconds; ISO 8601 text is accepted too.
    private func time(_ value: JSONValue?, _ name: String) throws(ReplyError) -> Timestamp? {
        guard let value else { return nil }
        if case .number(let seconds) = value { return Timestamp(millisecondsSince1970: Int64((seconds * 1000).rounded())) }
        if let text = value.string, let time = CloudTrailAPI.timestamp(iso8601: text) { return time }
        throw ReplyError(code: "SerializationException", message: "\(name) must be a timestamp")
    }

    /// An ISO 8601 time with or without fractional seconds (`2026-11-27T14:00:00Z`), as CloudTrail accepts.
    public static func timestamp(iso8601 text: String) -> Timestamp? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = withFraction.date(from: text) ?? ISO8601DateFormatter().date(from: text) else { return nil }
        return Timestamp(millisecondsSince1970: Int64(date.timeIntervalSince1970 * 1000))
    }

    static func event(_ entry: AuditEntry) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("EventId", .string(entry.eventId)),
            ("EventName", .string(entry.eventName)),
            ("ReadOnly", .string(entry.readOnly ? "true" : "false")),
        ]
        if let accessKeyId = entry.accessKeyId { members.append(("AccessKeyId", .string(accessKeyId))) }
        members.append(("EventTime", .number(Double(entry.time.millisecondsSince1970) / 1000)))
        members.append(("EventSource", .string(entry.eventSource)))
        if let userName = entry.userName { members.append(("Username", .string(userName))) }
        members.append(("Resources", .array(entry.resources.map { resource in
            .object([("ResourceType", .string(resource.resourceType)), ("ResourceName", .string(resource.resourceName))])
        })))
        members.append(("CloudTrailEvent", .string(entry.record)))
        return .object(members)
    }

    /// Ties a page token to the lookup it came from, as CloudTrail requires the same parameters with it.
    static func fingerprint(of query: AuditQuery) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let text = [
            query.accountId ?? "", query.region ?? "", query.attribute?.key.rawValue ?? "", query.attribute?.value ?? "",
            query.startTime.map { String($0.millisecondsSince1970) } ?? "",
            query.endTime.map { String($0.millisecondsSince1970) } ?? "",
        ].joined(separator: "\u{1F}")
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    static func position(in token: String, fingerprint: String) -> Int64? {
        let parts = token.split(separator: ".")
        guard parts.count == 2, parts[1] == fingerprint, let sequence = Int64(parts[0]), sequence > 0 else { return nil }
        return sequence
    }

    private func failure(_ type: String, _ message: String) -> Reply {
        Reply(
            status: type == "InternalFailure" ? 500 : 400,
            body: JSONValue.object([("__type", .string(type)), ("message", .string(message))]).serialized(pretty: false))
    }
}
