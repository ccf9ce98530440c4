import Foundation
import PalisadeCore
import PalisadeJSON

/// Writes the two records that writes store most often, security groups and their rules, as the JSON that
/// their `Codable` conformances write (`{"securityGroupRule":{"_0":{…}}}`, the peer as RulePeer writes it),
/// without `JSONEncoder`: its
/// per-call setup dominated the cost of creating groups and authorizing rules. `JSONDecoder` reads both
/// forms alike (RecordJSONTests checks the round trip); every other record still goes through `JSONEncoder`.
enum RecordJSON {
    /// The record's JSON, or `nil` for kinds written with `JSONEncoder`.
    static func encode(_ record: PolicyRecord) -> Data? {
        var out = ""
        switch record {
        case .securityGroup(let group):
            out.reserveCapacity(256)
            out += "{\"securityGroup\":{\"_0\":{"
            member("groupId", group.groupId, to: &out, first: true)
            scope(group.scope, to: &out)
            member("vpcId", group.vpcId, to: &out)
            member("groupName", group.groupName, to: &out)
            member("description", group.description, to: &out)
            tags(group.tags, to: &out)
            out += "}}}"
        case .securityGroupRule(let rule):
            out.reserveCapacity(320)
            out += "{\"securityGroupRule\":{\"_0\":{"
            member("ruleId", rule.ruleId, to: &out, first: true)
            member("groupId", rule.groupId, to: &out)
            scope(rule.scope, to: &out)
            out += rule.isEgress ? ",\"isEgress\":true" : ",\"isEgress\":false"
            member("ipProtocol", rule.ipProtocol.wireValue, to: &out)
            if let fromPort = rule.fromPort { out += ",\"fromPort\":\(fromPort)" }
            if let toPort = rule.toPort { out += ",\"toPort\":\(toPort)" }
            out += ",\"peer\":{"
            // RulePeer's own Codable: one key per peer kind.
            switch rule.peer {
            case .cidrIpv4(let cidr): member("cidrIpv4", cidr.description, to: &out, first: true)
            case .cidrIpv6(let cidr): member("cidrIpv6", cidr.description, to: &out, first: true)
            case .prefixList(let id): member("prefixListId", id, to: &out, first: true)
            case .securityGroup(let group):
                out += "\"referencedGroup\":{"
                member("groupId", group.groupId, to: &out, first: true)
                member("userId", group.userId, to: &out)
                if let vpcId = group.vpcId { member("vpcId", vpcId, to: &out) }
                if let peering = group.vpcPeeringConnectionId { member("vpcPeeringConnectionId", peering, to: &out) }
                if let status = group.peeringStatus { member("peeringStatus", status, to: &out) }
                out += "}"
            }
            out += "}"
            if let description = rule.description { member("description", description, to: &out) }
            tags(rule.tags, to: &out)
            out += "}}}"
        default:
            return nil
        }
        return Data(out.utf8)
    }

    private static func member(_ key: String, _ value: String, to out: inout String, first: Bool = false) {
        if !first { out += "," }
        out += "\"\(key)\":"
        JSONValue.writeString(value, to: &out)
    }

    private static func scope(_ scope: Scope, to out: inout String) {
        out += ",\"scope\":{"
        member("accountId", scope.accountId, to: &out, first: true)
        member("region", scope.region, to: &out)
        out += "}"
    }

    private static func tags(_ tags: [Tag], to out: inout String) {
        out += ",\"tags\":["
        for (index, tag) in tags.enumerated() {
            out += index == 0 ? "{" : ",{"
            member("key", tag.key, to: &out, first: true)
            member("value", tag.value, to: &out)
            out += "}"
        }
        out += "]"
    }
}
