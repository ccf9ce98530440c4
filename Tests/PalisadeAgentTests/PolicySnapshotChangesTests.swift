import Foundation
import PalisadeAgent
import PalisadeCore
import Testing

struct PolicySnapshotChangesTests {
    let scope = AgentFixtures.scope

    @Test
    func putReplacesInPlaceAndAppendsNewRecords() {
        let base = AgentFixtures.snapshot(revision: 1)
        var moved = base.networkInterfaces[1]
        moved.groupIds = ["sg-server"]
        let added = AgentFixtures.eni("eni-new", groups: ["sg-client"], v4: "10.99.0.9")
        let result = base.applying([.put(.networkInterface(moved)), .put(.networkInterface(added))], revision: 3)
        #expect(result.revision == 3)
        #expect(result.networkInterfaces.map(\.networkInterfaceId) == ["eni-server", "eni-client0", "eni-new"])
        #expect(result.networkInterfaces[1].groupIds == ["sg-server"])
    }

    @Test
    func deleteRemovesByKeyAndOtherScopesAreIgnored() {
        let base = AgentFixtures.snapshot(revision: 1)
        let elsewhere = Scope(accountId: "999999999999", region: "us-east-1")
        let result = base.applying(
            [
                .delete(PolicyRecordKey(kind: .securityGroupRule, id: "sgr-8080"), scope),
                .delete(PolicyRecordKey(kind: .networkInterface, id: "eni-server"), elsewhere),
            ], revision: 2)
        #expect(result.securityGroupRules.isEmpty)
        #expect(result.networkInterfaces.count == 2)
    }

    @Test
    func awsManagedPrefixListsFollowTheRulesThatUseThem() {
        let list = AWSManagedPrefixLists.lists(region: scope.region)[0]
        var rule = AgentFixtures.rule
        rule.ruleId = "sgr-s3"
        rule.peer = .prefixList(list.prefixListId)
        let base = AgentFixtures.snapshot(revision: 1)
        let added = base.applying([.put(.securityGroupRule(rule))], revision: 2)
        #expect(added.prefixLists.map(\.prefixListId) == [list.prefixListId])
        let removed = added.applying([.delete(PolicyRecordKey(kind: .securityGroupRule, id: "sgr-s3"), scope)], revision: 3)
        #expect(removed.prefixLists.isEmpty)
    }

    @Test
    func feedAdvancesOnlyWithNewerRevisions() {
        let base = AgentFixtures.snapshot(revision: 5)
        let stale = ChangeFeedFixture.feed(revision: 5, batches: [])
        #expect(stale.advance(base) == nil)
        let newer = ChangeFeedFixture.feed(
            revision: 7,
            batches: [(5, [.delete(PolicyRecordKey(kind: .securityGroupRule, id: "sgr-8080"), scope)]), (7, [])])
        let advanced = newer.advance(base)
        #expect(advanced?.revision == 7)
        #expect(advanced?.securityGroupRules.count == 1)  // revision 5's batch was already in the snapshot
    }
}

/// Feeds decoded from JSON, as the agent receives them.
enum ChangeFeedFixture {
    static func feed(revision: Int64, batches: [(Int64, [PolicyChange])]) -> ChangeFeed {
        struct Batch: Encodable {
            var revision: Int64
            var time: Int64 = 0
            var changes: [PolicyChange]
        }
        struct Feed: Encodable {
            var revision: Int64
            var changes: [Batch]
        }
        let data = try! JSONEncoder().encode(
            Feed(revision: revision, changes: batches.map { Batch(revision: $0.0, changes: $0.1) }))
        return try! JSONDecoder().decode(ChangeFeed.self, from: data)
    }
}

struct PolicySnapshotBatchChangesTests {
    let scope = AgentFixtures.scope

    /// The one-change-at-a-time meaning: replace in place or append; delete every record with the key.
    func reference(_ base: PolicySnapshot, _ changes: [PolicyChange], revision: Int64) -> PolicySnapshot {
        var result = base
        for change in changes { result = result.applying([change], revision: revision) }
        return result
    }

    @Test
    func batchesMeanTheSameAsSingleChanges() {
        let base = AgentFixtures.snapshot(revision: 1, clients: (0..<20).map { "10.99.0.\($0 + 2)" })
        func eni(_ n: Int, _ group: String) -> PolicyChange {
            .put(.networkInterface(AgentFixtures.eni("eni-client\(n)", groups: [group], v4: "10.99.1.\(n)")))
        }
        func delete(_ n: Int) -> PolicyChange {
            .delete(PolicyRecordKey(kind: .networkInterface, id: "eni-client\(n)"), scope)
        }
        let batches: [[PolicyChange]] = [
            [eni(1, "sg-server"), eni(2, "sg-server"), eni(40, "sg-client")],
            [delete(3), eni(3, "sg-server"), delete(4), eni(41, "sg-client"), delete(41)],
            [eni(5, "sg-server"), delete(5), delete(6), delete(7), eni(7, "sg-client"), eni(6, "sg-client")],
            (0..<20).map(delete) + [eni(50, "sg-client")],
            [delete(99), delete(98), eni(0, "sg-client")],
        ]
        for batch in batches {
            let batched = base.applying(batch, revision: 9)
            #expect(batched == reference(base, batch, revision: 9))
        }
    }
}
