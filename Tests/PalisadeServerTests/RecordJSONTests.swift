import Foundation
import PalisadeCore
@testable import PalisadeStoreSQLite
import Testing

/// The hand-written record JSON must decode, with the synthesised `Codable`, to exactly the record written.
struct RecordJSONTests {
    static let awkward = ["", "web", "a \"quoted\" \\ back\\slash", "tab\there\nnewline\r", "\u{1}\u{1F}", "café ☕ 日本", "</script>&"]

    static func rules() -> [SecurityGroupRule] {
        let scope = Scope(accountId: "123456789012", region: "eu-west-1")
        let peers: [RulePeer] = [
            .cidrIpv4(IPv4CIDR("10.0.0.0/8")!), .cidrIpv4(IPv4CIDR("0.0.0.0/0")!), .cidrIpv6(IPv6CIDR("2001:db8::/32")!),
            .cidrIpv6(IPv6CIDR("::/0")!), .prefixList("pl-0123"),
            .securityGroup(.init(groupId: "sg-1", userId: "123456789012")),
            .securityGroup(.init(groupId: "sg-2", userId: "210987654321", vpcId: "vpc-9", vpcPeeringConnectionId: "pcx-1", peeringStatus: "active")),
        ]
        let protocols: [(IPProtocol, Int?, Int?)] = [(.tcp, 22, 22), (.udp, 0, 65535), (.icmp, -1, -1), (.icmpv6, 128, 0), (.all, nil, nil), (.number(47), nil, nil)]
        var rules: [SecurityGroupRule] = []
        for (index, peer) in peers.enumerated() {
            for (protocolIndex, (ipProtocol, from, to)) in protocols.enumerated() {
                let text = awkward[(index + protocolIndex) % awkward.count]
                rules.append(SecurityGroupRule(
                    ruleId: "sgr-\(index)\(protocolIndex)", groupId: "sg-0abc", scope: scope, isEgress: protocolIndex % 2 == 0,
                    ipProtocol: ipProtocol, fromPort: from, toPort: to, peer: peer,
                    description: protocolIndex % 3 == 0 ? nil : text,
                    tags: protocolIndex % 2 == 0 ? [] : [Tag(key: text, value: "v"), Tag(key: "k", value: text)]))
            }
        }
        return rules
    }

    @Test func rulesRoundTrip() throws {
        for rule in Self.rules() {
            let record = PolicyRecord.securityGroupRule(rule)
            let json = try #require(RecordJSON.encode(record))
            #expect(try JSONDecoder().decode(PolicyRecord.self, from: json) == record, "\(String(decoding: json, as: UTF8.self))")
        }
    }

    @Test func groupsRoundTrip() throws {
        for (index, text) in Self.awkward.enumerated() {
            let group = SecurityGroup(
                groupId: "sg-\(index)", scope: Scope(accountId: "123456789012", region: "us-east-1"), vpcId: "vpc-1",
                groupName: text, description: text, tags: index % 2 == 0 ? [] : [Tag(key: "Name", value: text)])
            let record = PolicyRecord.securityGroup(group)
            let json = try #require(RecordJSON.encode(record))
            #expect(try JSONDecoder().decode(PolicyRecord.self, from: json) == record)
        }
    }

    @Test func otherKindsAreLeftToJSONEncoder() {
        #expect(RecordJSON.encode(.scope(Scope(accountId: "1", region: "r"))) == nil)
    }
}
