import Foundation
import PalisadeAuth
import PalisadeCore
import PalisadeServer
import PalisadeStore
import PalisadeStoreSQLite
import PalisadeWire
import Testing

/// Drives the EC2 endpoint in-process: real parameter decoding, store, and XML, without HTTP.
struct DispatcherTests {
    static func temporaryPath() -> String {
        NSTemporaryDirectory() + "palisade-test-\(UUID().uuidString).sqlite"
    }

    /// Deletes a test database with its WAL, shared-memory index, key file and record snapshots.
    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", ".key", "-commits"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where name.hasPrefix(url.lastPathComponent + "-snapshot-") {
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }

    static func dispatcher(path: String? = nil, storage: (any PolicyStorage)? = nil) throws -> EC2Dispatcher {
        let storage = try storage ?? path.map { try SQLitePolicyStorage(path: $0) } ?? MemoryPolicyStorage()
        let store = try PolicyStore(storage: storage, clock: { Timestamp(millisecondsSince1970: 1_700_000_000_000) })
        return EC2Dispatcher(store: store, configuration: ServerConfiguration())
    }

    static func call(_ dispatcher: EC2Dispatcher, _ parameters: [String: String], region: String? = nil) async -> (Int, String) {
        var all = parameters
        all["Version"] = "2016-11-15"
        let outcome = await dispatcher.handle(QueryRequest(parameters: all), region: region, requestId: "req-1")
        return (outcome.status, String(decoding: outcome.body, as: UTF8.self))
    }

    static func value(_ element: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(element)>"), let end = xml.range(of: "</\(element)>", range: start.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[start.upperBound..<end.lowerBound])
    }

    @Test func createDescribeAndErrors() async throws {
        let dispatcher = try Self.dispatcher()
        let (status, created) = await Self.call(dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "web", "GroupDescription": "web tier"])
        #expect(status == 200)
        let groupId = try #require(Self.value("groupId", in: created))
        let (_, described) = await Self.call(dispatcher, ["Action": "DescribeSecurityGroups", "GroupId.1": groupId])
        #expect(described.contains("<groupName>web</groupName>"))
        #expect(described.contains("<ipPermissionsEgress><item><ipProtocol>-1</ipProtocol>"))
        let (badStatus, bad) = await Self.call(dispatcher, ["Action": "DescribeSecurityGroups", "GroupId.1": "sg-nope"])
        #expect(badStatus == 400)
        #expect(bad.contains("<Code>InvalidGroupId.Malformed</Code>"))
        let (unknownStatus, unknown) = await Self.call(dispatcher, ["Action": "LaunchRockets"])
        #expect(unknownStatus == 400 && unknown.contains("<Code>InvalidAction</Code>"))
    }

    @Test func dryRunValidatesButChangesNothing() async throws {
        let dispatcher = try Self.dispatcher()
        let revision = dispatcher.store.revision
        _ = await Self.call(dispatcher, ["Action": "DescribeVpcs"])
        let afterSetup = dispatcher.store.revision
        #expect(afterSetup == revision + 1)
        let (status, body) = await Self.call(dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "x", "GroupDescription": "y", "DryRun": "true"])
        #expect(status == 412 && body.contains("<Code>DryRunOperation</Code>"))
        #expect(dispatcher.store.revision == afterSetup)
        let (failStatus, failure) = await Self.call(dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "default", "GroupDescription": "y", "DryRun": "true"])
        #expect(failStatus == 400 && failure.contains("InvalidGroup.Reserved"))
        let (readStatus, _) = await Self.call(dispatcher, ["Action": "DescribeSecurityGroups", "DryRun": "true"])
        #expect(readStatus == 412)
    }

    @Test func regionsAreSeparate() async throws {
        let dispatcher = try Self.dispatcher()
        _ = await Self.call(dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "eu-only", "GroupDescription": "d"], region: "eu-west-1")
        let (_, us) = await Self.call(dispatcher, ["Action": "DescribeSecurityGroups"], region: "us-east-1")
        let (_, eu) = await Self.call(dispatcher, ["Action": "DescribeSecurityGroups"], region: "eu-west-1")
        #expect(!us.contains("eu-only"))
        #expect(eu.contains("eu-only"))
        let claimed = SigV4Verifier.claimedCredential(
            authorization: "AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/ec2/aws4_request, SignedHeaders=host, Signature=abc",
            query: "")
        #expect(claimed?.region == "eu-west-1" && claimed?.accessKeyId == "AKID")
        #expect(SigV4Verifier.claimedCredential(authorization: nil, query: "X-Amz-Credential=AKQ%2F20240101%2Fus-west-2%2Fec2%2Faws4_request")?.region == "us-west-2")
        #expect(SigV4Verifier.claimedCredential(authorization: "AWS4-HMAC-SHA256 Credential=AKX/bad, SignedHeaders=host, Signature=x", query: "")?.accessKeyId == "AKX")
    }

    @Test func sqliteStateSurvivesReopening() async throws {
        let path = Self.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let groupId: String
        do {
            let dispatcher = try Self.dispatcher(path: path)
            let (_, created) = await Self.call(dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "db", "GroupDescription": "d",
                                                      "TagSpecification.1.ResourceType": "security-group",
                                                      "TagSpecification.1.Tag.1.Key": "Tier", "TagSpecification.1.Tag.1.Value": "data"])
            groupId = try #require(Self.value("groupId", in: created))
            let (status, _) = await Self.call(dispatcher, [
                "Action": "AuthorizeSecurityGroupIngress", "GroupId": groupId, "IpPermissions.1.IpProtocol": "tcp",
                "IpPermissions.1.FromPort": "5432", "IpPermissions.1.ToPort": "5432",
                "IpPermissions.1.IpRanges.1.CidrIp": "10.0.0.0/16",
            ])
            #expect(status == 200)
        }
        let reopened = try Self.dispatcher(path: path)
        let (_, described) = await Self.call(reopened, ["Action": "DescribeSecurityGroups", "GroupId.1": groupId])
        #expect(described.contains("<fromPort>5432</fromPort>"))
        #expect(described.contains("<key>Tier</key><value>data</value>"))
        // The default VPC is not made twice.
        let (_, vpcs) = await Self.call(reopened, ["Action": "DescribeVpcs"])
        #expect(vpcs.components(separatedBy: "<isDefault>true</isDefault>").count == 2)
    }

    @Test func concurrentWritersNeitherLoseNorInterleave() async throws {
        let path = Self.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let dispatcher = try Self.dispatcher(path: path)
        let (_, created) = await Self.call(dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "race", "GroupDescription": "d"])
        let groupId = try #require(Self.value("groupId", in: created))
        let statuses = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    // Every worker adds the same rule and a rule of its own.
                    let same = await Self.call(dispatcher, [
                        "Action": "AuthorizeSecurityGroupIngress", "GroupId": groupId, "IpPermissions.1.IpProtocol": "tcp",
                        "IpPermissions.1.FromPort": "443", "IpPermissions.1.ToPort": "443",
                        "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0",
                    ]).0
                    let own = await Self.call(dispatcher, [
                        "Action": "AuthorizeSecurityGroupIngress", "GroupId": groupId, "IpPermissions.1.IpProtocol": "tcp",
                        "IpPermissions.1.FromPort": "\(1000 + worker)", "IpPermissions.1.ToPort": "\(1000 + worker)",
                        "IpPermissions.1.IpRanges.1.CidrIp": "10.0.0.0/8",
                    ]).0
                    return same * 1000 + own
                }
            }
            var all: [Int] = []
            for await status in group { all.append(status) }
            return all
        }
        #expect(statuses.filter { $0 / 1000 == 200 }.count == 1)
        #expect(statuses.filter { $0 / 1000 == 400 }.count == 7)
        #expect(statuses.allSatisfy { $0 % 1000 == 200 })
        let reopened = try Self.dispatcher(path: path)
        let rules = reopened.store.read { $0.rules(of: groupId, direction: .ingress) }
        #expect(rules.count == 9)
    }

    /// A storage that fails every commit after the first `allowed`.
    final class FailingStorage: ForwardingStorage, @unchecked Sendable {
        let lock = NSLock()
        var allowed: Int
        init(allowed: Int) { self.allowed = allowed }
        override func commit(_ batch: [CommittedChanges], events: [AuditEntry]) throws {
            lock.lock()
            defer { lock.unlock() }
            guard allowed > 0 else { throw StorageError.corrupt("disk on fire") }
            allowed -= 1
            try inner.commit(batch, events: events)
        }
    }

    @Test func failedPersistenceLeavesStateUntouched() async throws {
        let dispatcher = try Self.dispatcher(storage: FailingStorage(allowed: 1))
        _ = await Self.call(dispatcher, ["Action": "DescribeVpcs"])
        let before = dispatcher.store.read { $0.snapshot(of: Scope(accountId: "123456789012", region: "us-east-1")) }
        let (status, body) = await Self.call(dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "lost", "GroupDescription": "d"])
        #expect(status == 500 && body.contains("<Code>InternalError</Code>"))
        let after = dispatcher.store.read { $0.snapshot(of: Scope(accountId: "123456789012", region: "us-east-1")) }
        #expect(before == after)
        let (_, described) = await Self.call(dispatcher, ["Action": "DescribeSecurityGroups"])
        #expect(!described.contains("lost"))
    }

    @Test func changeFeedReturnsDeltasInOrder() async throws {
        let dispatcher = try Self.dispatcher()
        _ = await Self.call(dispatcher, ["Action": "DescribeVpcs"])
        let start = dispatcher.store.revision
        _ = await Self.call(dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "a", "GroupDescription": "d"])
        _ = await Self.call(dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "b", "GroupDescription": "d"])
        let changes = try #require(try dispatcher.store.changes(since: start))
        #expect(changes.map(\.revision) == [start + 1, start + 2])
        // Each creation stores the group and its default egress rule.
        #expect(changes.allSatisfy { $0.changes.count == 2 })
    }
}

struct SQLiteStorageTests {
    @Test func changeLogRoundTripsThroughSQLite() async throws {
        let path = DispatcherTests.temporaryPath()
        defer { DispatcherTests.removeDatabase(path) }
        let dispatcher = try DispatcherTests.dispatcher(path: path)
        _ = await DispatcherTests.call(dispatcher, ["Action": "DescribeVpcs"])
        let start = dispatcher.store.revision
        let (_, created) = await DispatcherTests.call(dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "a", "GroupDescription": "d"])
        let groupId = try #require(DispatcherTests.value("groupId", in: created))
        _ = await DispatcherTests.call(dispatcher, ["Action": "DeleteSecurityGroup", "GroupId": groupId])
        let storage = try SQLitePolicyStorage(path: path)
        let changes = try #require(try storage.changes(since: start))
        #expect(changes.map(\.revision) == [start + 1, start + 2])
        guard case .put(.securityGroup(let group)) = changes[0].changes.first else {
            Issue.record("first change is not the group: \(changes[0].changes)")
            return
        }
        #expect(group.groupId == groupId && group.groupName == "a")
        #expect(changes[1].changes.contains { $0.key == PolicyRecordKey(kind: .securityGroup, id: groupId) })
        #expect(changes[1].changes.allSatisfy { if case .delete = $0 { true } else { false } })
        // Too old: nothing before revision 1 was pruned yet, so the log reaches back to 0.
        #expect(try storage.changes(since: 0)?.first?.revision == 1)
    }

    @Test(arguments: ["sg-0123456789abcdef0", "odd \"id\" \\ with\ttab", "ünïcode"])
    func handWrittenDeletionJSONDecodesAsCodableWould(id: String) throws {
        let key = PolicyRecordKey(kind: .securityGroupRule, id: id)
        let scope = Scope(accountId: "123456789012", region: "eu-west-1")
        let text = SQLitePolicyStorage.deletionJSON(key, scope)
        let decoded = try JSONDecoder().decode(PolicyChange.self, from: Data(text.utf8))
        #expect(decoded == .delete(key, scope))
    }
}
