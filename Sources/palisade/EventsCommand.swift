import ArgumentParser
import Foundation
import PalisadeCore
import PalisadeJSON
import PalisadeServer
import PalisadeStore
import PalisadeStoreSQLite

/// `palisade events`: the audit trail in the database `palisade serve` uses, oldest first.
///
/// ```
/// $ palisade events --since 1h --group sg-0a1b2c3d4e5f60718
/// 2026-11-27T14:05:09Z  402938475610  AKIA4HKQ2Y7ZQ3XWJB5C  AuthorizeSecurityGroupIngress  sg-0a1b2c3d4e5f60718 sgr-…
/// 2026-11-27T14:06:40Z  402938475610  AKIA4HKQ2Y7ZQ3XWJB5C  RevokeSecurityGroupIngress  sg-0a1b2c3d4e5f60718  Client.InvalidPermission.NotFound
/// $ palisade events --json     # {"Records": [ … ]}, as in CloudTrail's log files
/// ```
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Show the audit trail: every mutating call and every denied request (CloudTrail records).")

    @Option(help: "SQLite database file (default: the one palisade serve uses).") var db: String?
    @Option(help: "Only events at or after this time: ISO 8601 (2026-11-27T14:00:00Z) or an age (30m, 2h, 7d).")
    var since: String?
    @Option(help: "Only events naming this resource (a security group, rule, interface, … ID).") var group: String?
    @Option(help: "Only events of this account.") var account: String?
    @Option(name: .customLong("event-name"), help: "Only events of this API action.") var eventName: String?
    @Option(help: "At most this many (the most recent).") var limit = 1000
    @Flag(help: "Print CloudTrail's log file format: {\"Records\": [...]}.") var json = false

    func validate() throws {
        if let since, EventsCommand.time(since, now: Date()) == nil {
            throw ValidationError("--since takes an ISO 8601 time (2026-11-27T14:00:00Z) or an age (30m, 2h, 7d), got '\(since)'")
        }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if group != nil && eventName != nil { throw ValidationError("--group and --event-name exclude each other") }
    }

    func run() throws {
        let path = db ?? ServeCommand.defaultDatabasePath()
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no database at \(path) (start palisade serve first, or pass --db)")
        }
        let storage = try SQLitePolicyStorage(path: path)
        var query = AuditQuery(accountId: account, limit: limit)
        query.startTime = since.flatMap { EventsCommand.time($0, now: Date()) }
        if let group { query.attribute = (.resourceName, group) }
        if let eventName { query.attribute = (.eventName, eventName) }
        let events = try storage.auditEvents(query).reversed().map(\.entry)
        if json {
            var records: [JSONValue] = []
            for event in events { records.append((try? JSONParser.parse(event.record)) ?? .string(event.record)) }
            print(JSONValue.object([("Records", .array(records))]).serialized())
            return
        }
        for event in events {
            let outcome = event.errorCode ?? "OK"
            let resources = event.resources.map(\.resourceName).joined(separator: " ")
            let who = event.accountId.isEmpty ? "-" : event.accountId
            print(
                "\(event.time.iso8601.prefix(19))Z  \(who)  \(event.accessKeyId ?? "-")  \(event.eventName)  \(resources.isEmpty ? "-" : resources)  \(outcome)")
        }
    }

    /// An absolute ISO 8601 time or an age before `now`.
    static func time(_ text: String, now: Date) -> Timestamp? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let unit = text.last, let seconds = units[unit], let amount = Double(text.dropLast()), amount >= 0 {
            return Timestamp(millisecondsSince1970: Int64((now.timeIntervalSince1970 - amount * seconds) * 1000))
        }
        return CloudTrailAPI.timestamp(iso8601: text)
    }
}
