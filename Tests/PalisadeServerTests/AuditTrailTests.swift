import Foundation
import PalisadeAudit
import PalisadeCore
import PalisadeJSON
import PalisadeServer
import PalisadeStore
import PalisadeStoreSQLite
import PalisadeWire
import Testing

/// Every mutating call, and every refused one, becomes exactly one CloudTrail event, stored with its change.
struct AuditTrailTests {
    static let scope = Scope(accountId: "123456789012", region: "us-east-1")

    static func dispatcher(storage: any PolicyStorage = MemoryPolicyStorage(), rateLimiter: RateLimiter? = nil) throws
        -> EC2Dispatcher
    {
        let store = try PolicyStore(storage: storage, clock: { Timestamp(millisecondsSince1970: 1_700_000_000_000) })
        return EC2Dispatcher(store: store, configuration: ServerConfiguration(), rateLimiter: rateLimiter)
    }

    static func events(_ dispatcher: EC2Dispatcher) throws -> [AuditEntry] {
        try dispatcher.store.audit.auditEvents(AuditQuery(accountId: nil, limit: 1000)).reversed().map(\.entry)
    }

    @Test func oneEventPerMutatingCallWhateverItsOutcome() async throws {
        let dispatcher = try Self.dispatcher()
        let (_, created) = await DispatcherTests.call(
            dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "web", "GroupDescription": "web tier"])
        let groupId = try #require(DispatcherTests.value("groupId", in: created))
        let calls: [([String: String], String?)] = [
            (["Action": "DescribeSecurityGroups"], nil),
            (["Action": "AuthorizeSecurityGroupIngress", "GroupId": groupId, "IpPermissions.1.IpProtocol": "tcp",
              "IpPermissions.1.FromPort": "22", "IpPermissions.1.ToPort": "22", "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0"], "ok"),
            (["Action": "AuthorizeSecurityGroupIngress", "GroupId": groupId, "IpPermissions.1.IpProtocol": "tcp",
              "IpPermissions.1.FromPort": "22", "IpPermissions.1.ToPort": "22", "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0"],
             "Client.InvalidPermission.Duplicate"),
            (["Action": "CreateSecurityGroup", "GroupName": "x", "GroupDescription": "y", "DryRun": "true"], "Client.DryRunOperation"),
            (["Action": "CreateSecurityGroup", "GroupName": "x", "GroupDescription": "y", "Bogus": "1"], "Client.UnknownParameter"),
            (["Action": "DeleteSecurityGroup", "GroupId": "sg-0000000000000000f"], "Client.InvalidGroup.NotFound"),
            (["Action": "DescribeVpcs", "DryRun": "true"], nil),
            (["Action": "LaunchRockets"], nil),
        ]
        var expected = ["ok"]
        for (parameters, outcome) in calls {
            _ = await DispatcherTests.call(dispatcher, parameters)
            if let outcome { expected.append(outcome) }
        }
        let events = try Self.events(dispatcher)
        #expect(events.map { $0.errorCode ?? "ok" } == expected)
        #expect(events.map(\.eventName) == [
            "CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupIngress", "CreateSecurityGroup",
            "CreateSecurityGroup", "DeleteSecurityGroup",
        ])
        #expect(events.allSatisfy { !$0.readOnly && $0.accountId == "123456789012" && $0.eventSource == "ec2.amazonaws.com" })
        // The successful authorize records the request, the response, and the group and rule it names.
        let authorize = try JSONParser.parse(events[1].record)
        #expect(authorize["requestParameters"]?["groupId"]?.string == groupId)
        #expect(authorize["responseElements"]?["_return"] == .bool(true))
        let ruleId = try #require(authorize["responseElements"]?["securityGroupRuleSet"]?["items"]?.array?.first?["securityGroupRuleId"]?.string)
        #expect(events[1].resources.map(\.resourceName) == [groupId, ruleId])
        let failed = try JSONParser.parse(events[2].record)
        #expect(failed["responseElements"] == .null)
        #expect(failed["errorMessage"]?.string?.contains("already exists") == true)
    }

    @Test func aFailedCommitStoresNeitherTheChangeNorItsEvent() async throws {
        let dispatcher = try Self.dispatcher(storage: DispatcherTests.FailingStorage(allowed: 1))
        _ = await DispatcherTests.call(dispatcher, ["Action": "DescribeVpcs"])
        let (status, _) = await DispatcherTests.call(
            dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "lost", "GroupDescription": "d"])
        #expect(status == 500)
        #expect(try Self.events(dispatcher).isEmpty)
        #expect(dispatcher.store.read { $0.snapshot(of: Self.scope) }.securityGroups.allSatisfy { $0.groupName == "default" })
    }

    @Test func eventsSurviveARestartAndAreSearchable() async throws {
        let path = DispatcherTests.temporaryPath()
        let first = try Self.dispatcher(storage: SQLitePolicyStorage(path: path))
        let (_, created) = await DispatcherTests.call(
            first, ["Action": "CreateSecurityGroup", "GroupName": "db", "GroupDescription": "database"])
        let groupId = try #require(DispatcherTests.value("groupId", in: created))
        _ = await DispatcherTests.call(first, ["Action": "CreateTags", "ResourceId.1": groupId, "Tag.1.Key": "Tier", "Tag.1.Value": "data"])
        _ = await DispatcherTests.call(first, ["Action": "CreateSecurityGroup", "GroupName": "other", "GroupDescription": "o"])
        let storage = try SQLitePolicyStorage(path: path)
        let byGroup = try storage.auditEvents(AuditQuery(accountId: "123456789012", attribute: (.resourceName, groupId)))
        #expect(byGroup.map(\.entry.eventName) == ["CreateTags", "CreateSecurityGroup"])
        let byName = try storage.auditEvents(AuditQuery(accountId: nil, attribute: (.eventName, "CreateSecurityGroup")))
        #expect(byName.count == 2)
        let otherAccount = try storage.auditEvents(AuditQuery(accountId: "999999999999"))
        #expect(otherAccount.isEmpty)
        let page = try storage.auditEvents(AuditQuery(accountId: nil, limit: 2))
        let rest = try storage.auditEvents(AuditQuery(accountId: nil, before: page.last!.sequence, limit: 2))
        #expect(page.count == 2 && rest.count == 1)
        #expect(Set((page + rest).map(\.entry.eventId)).count == 3)
    }

    @Test func rateLimitRefusesWithRequestLimitExceededAndAuditsIt() async throws {
        let limiter = RateLimiter(
            limits: RateLimiter.Limits(mutating: .init(refillPerSecond: 0.001, capacity: 2)), clock: { .now })
        let dispatcher = try Self.dispatcher(rateLimiter: limiter)
        var statuses: [Int] = []
        for index in 0..<3 {
            let (status, body) = await DispatcherTests.call(
                dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "g\(index)", "GroupDescription": "d"])
            statuses.append(status)
            if status == 503 { #expect(body.contains("<Code>RequestLimitExceeded</Code>")) }
        }
        #expect(statuses == [200, 200, 503])
        // Reads have their own bucket (unlimited here).
        let (readStatus, _) = await DispatcherTests.call(dispatcher, ["Action": "DescribeSecurityGroups"])
        #expect(readStatus == 200)
        #expect(try Self.events(dispatcher).map { $0.errorCode ?? "ok" } == ["ok", "ok", "Client.RequestLimitExceeded"])
    }

    @Test func rateLimitBucketsRefillAndArePerAccount() throws {
        final class Clock: @unchecked Sendable {
            var now = ContinuousClock.now
        }
        let clock = Clock()
        let limiter = RateLimiter(
            limits: RateLimiter.Limits(nonMutating: .init(refillPerSecond: 2, capacity: 2)), clock: { clock.now })
        #expect(limiter.admit(account: "a", mutating: false))
        #expect(limiter.admit(account: "a", mutating: false))
        #expect(!limiter.admit(account: "a", mutating: false))
        #expect(limiter.admit(account: "b", mutating: false))
        #expect(limiter.admit(account: "a", mutating: true))
        clock.now += .milliseconds(500)
        #expect(limiter.admit(account: "a", mutating: false))
        #expect(!limiter.admit(account: "a", mutating: false))
        #expect(throws: RateLimiter.LimitError.self) { try RateLimiter.Limits(parsing: ["mutating=5"]) }
        #expect(throws: RateLimiter.LimitError.self) { try RateLimiter.Limits(parsing: ["writes=5/10"]) }
        #expect(try RateLimiter.Limits(parsing: ["aws"]) == .aws)
        #expect(try RateLimiter.Limits(parsing: ["mutating=5/200"]).mutating == .init(refillPerSecond: 5, capacity: 200))
    }

    @Test func lookupEventsPagesNewestFirstWithinTheAccount() async throws {
        let dispatcher = try Self.dispatcher()
        for index in 0..<5 {
            _ = await DispatcherTests.call(
                dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "g\(index)", "GroupDescription": "d"])
        }
        let api = CloudTrailAPI(audit: dispatcher.store.audit)
        var names: [String] = []
        var token: String?
        repeat {
            var request: [(String, JSONValue)] = [("MaxResults", .number(2))]
            if let token { request.append(("NextToken", .string(token))) }
            let reply = api.handle(
                operation: "LookupEvents", body: Array(JSONValue.object(request).serialized().utf8),
                accountId: "123456789012", region: "us-east-1")
            #expect(reply.status == 200)
            let page = try JSONParser.parse(reply.body)
            for event in page["Events"]?.array ?? [] {
                let record = try JSONParser.parse(try #require(event["CloudTrailEvent"]?.string))
                names.append(record["requestParameters"]?["groupName"]?.string ?? "?")
                #expect(event["ReadOnly"]?.string == "false")
            }
            token = page["NextToken"]?.string
        } while token != nil
        #expect(names == ["g4", "g3", "g2", "g1", "g0"])
        let otherRegion = api.handle(operation: "LookupEvents", body: [], accountId: "123456789012", region: "eu-west-1")
        #expect(try JSONParser.parse(otherRegion.body)["Events"]?.array?.isEmpty == true)
        let twoAttributes = api.handle(
            operation: "LookupEvents",
            body: Array(#"{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"a"},{"AttributeKey":"EventName","AttributeValue":"b"}]}"#.utf8),
            accountId: "123456789012", region: "us-east-1")
        #expect(twoAttributes.status == 400 && twoAttributes.body.contains("InvalidLookupAttributesException"))
        let badToken = api.handle(
            operation: "LookupEvents", body: Array(#"{"NextToken":"12.deadbeef"}"#.utf8), accountId: "123456789012",
            region: "us-east-1")
        #expect(badToken.status == 400 && badToken.body.contains("InvalidNextTokenException"))
        let badRange = api.handle(
            operation: "LookupEvents", body: Array(#"{"StartTime":20,"EndTime":10}"#.utf8), accountId: "123456789012",
            region: "us-east-1")
        #expect(badRange.body.contains("InvalidTimeRangeException"))
        let delete = api.handle(operation: "DeleteTrail", body: [], accountId: "123456789012", region: "us-east-1")
        #expect(delete.status == 400 && delete.body.contains("UnknownOperationException"))
    }

    @Test func timeBoundsSelectExactlyTheEventsBetween() throws {
        let storage = try SQLitePolicyStorage(path: DispatcherTests.temporaryPath())
        // Ten events a minute and a half apart (more than the commit-lag allowance), one slightly out of order.
        let minutes: [Int64] = [0, 90, 180, 270, 360, 359, 450, 540, 630, 720]
        for (index, seconds) in minutes.enumerated() {
            try storage.commit([], events: [AuditEntry(
                eventId: "e\(index)", time: Timestamp(millisecondsSince1970: seconds * 1000), accountId: "1", region: "r",
                eventName: "E\(index)", eventSource: "ec2.amazonaws.com", accessKeyId: nil, userName: nil, readOnly: false,
                errorCode: nil, resources: [], record: "{}")])
        }
        func names(start: Int64?, end: Int64?) throws -> [String] {
            try storage.auditEvents(AuditQuery(
                accountId: nil, startTime: start.map { Timestamp(millisecondsSince1970: $0 * 1000) },
                endTime: end.map { Timestamp(millisecondsSince1970: $0 * 1000) }, limit: 100)
            ).map(\.entry.eventName).reversed()
        }
        #expect(try names(start: 300, end: nil) == ["E4", "E5", "E6", "E7", "E8", "E9"])
        #expect(try names(start: nil, end: 359) == ["E0", "E1", "E2", "E3", "E5"])
        #expect(try names(start: 180, end: 450) == ["E2", "E3", "E4", "E5", "E6"])
        #expect(try names(start: 800, end: nil).isEmpty)
        #expect(try names(start: nil, end: -1).isEmpty)
        #expect(try storage.auditEvents(AuditQuery(accountId: nil, attribute: (.eventId, "e7"))).map(\.entry.eventName) == ["E7"])
    }

    @Test(arguments: ["memory", "sqlite"])
    func outboxHandsOutEachTargetsDeliveriesInOrder(kind: String) throws {
        let storage: any PolicyStorage = kind == "memory" ? MemoryPolicyStorage() : try SQLitePolicyStorage(path: DispatcherTests.temporaryPath())
        for index in 0..<6 {
            let target = index % 2 == 0 ? "http://a" : "http://b"
            try storage.commit([], events: [AuditEntry(
                eventId: "e\(index)", time: Timestamp(millisecondsSince1970: 1000), accountId: "1", region: "r", eventName: "E",
                eventSource: "ec2.amazonaws.com", accessKeyId: nil, userName: nil, readOnly: false, errorCode: nil,
                resources: [], record: "{}", deliveries: [AlertDelivery(ruleName: "r", target: target, body: "\(index)")])])
        }
        let now = Timestamp(millisecondsSince1970: 2000)
        var heads = try storage.dueDeliveries(at: now, limit: 10)
        #expect(heads.map(\.delivery.body) == ["0", "1"])
        // A failed attempt holds back its target's queue, not the other's.
        try storage.rescheduleDelivery(heads[0].id, attempts: 1, next: Timestamp(millisecondsSince1970: 5000), error: "down")
        try storage.markDelivered(heads[1].id, at: now)
        heads = try storage.dueDeliveries(at: now, limit: 10)
        #expect(heads.map(\.delivery.body) == ["3"])
        heads = try storage.dueDeliveries(at: Timestamp(millisecondsSince1970: 6000), limit: 10)
        #expect(heads.map(\.delivery.body) == ["0", "3"])
        #expect(heads[0].attempts == 1)
        #expect(try storage.nextDeliveryTime() == Timestamp(millisecondsSince1970: 1000))
    }
}
