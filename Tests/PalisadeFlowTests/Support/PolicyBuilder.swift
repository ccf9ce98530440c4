import PalisadeCore
import PalisadeFlow

/// Builds snapshots by hand for tests.
struct PolicyBuilder {
    static let scope = Scope(accountId: Scope.defaultAccountId, region: "us-east-1")
    static let vpcId = "vpc-0test"

    var snapshot = PolicySnapshot(revision: 1, scope: PolicyBuilder.scope)
    private var ruleCounter = 0

    mutating func group(_ groupId: String, name: String? = nil) {
        snapshot.securityGroups.append(
            SecurityGroup(
                groupId: groupId, scope: Self.scope, vpcId: Self.vpcId, groupName: name ?? groupId,
                description: "test group"))
    }

    @discardableResult
    mutating func rule(
        _ groupId: String, egress: Bool = false, _ ipProtocol: IPProtocol, _ fromPort: Int? = nil,
        _ toPort: Int? = nil, _ peer: RulePeer, id: String? = nil
    ) -> String {
        ruleCounter += 1
        let ruleId = id ?? "sgr-\(String(ruleCounter, radix: 16))"
        snapshot.securityGroupRules.append(
            SecurityGroupRule(
                ruleId: ruleId, groupId: groupId, scope: Self.scope, isEgress: egress, ipProtocol: ipProtocol,
                fromPort: fromPort, toPort: toPort ?? fromPort, peer: peer))
        return ruleId
    }

    mutating func interface(
        _ id: String, groups: [String], v4: [String], v6: [String] = [],
        tracking: ConnectionTrackingConfiguration? = nil
    ) {
        snapshot.networkInterfaces.append(
            makeInterface(id, groups: groups, v4: v4, v6: v6, tracking: tracking))
    }

    mutating func prefixList(_ id: String, _ cidrs: [String]) {
        let family: ManagedPrefixList.AddressFamily = cidrs.first?.contains(":") == true ? .ipv6 : .ipv4
        snapshot.prefixLists.append(
            ManagedPrefixList(
                prefixListId: id, scope: Self.scope, prefixListName: id, addressFamily: family, maxEntries: 10,
                entries: cidrs.map { .init(cidr: $0) }, ownerId: Scope.defaultAccountId))
    }
}

func makeInterface(
    _ id: String, groups: [String], v4: [String], v6: [String] = [], tracking: ConnectionTrackingConfiguration? = nil
) -> NetworkInterface {
    NetworkInterface(
        networkInterfaceId: id, scope: PolicyBuilder.scope, subnetId: "subnet-0test", vpcId: PolicyBuilder.vpcId,
        availabilityZone: "us-east-1a", groupIds: groups,
        privateIpAddresses: v4.enumerated().map { .init(address: IPv4Address($1)!, primary: $0 == 0) },
        ipv6Addresses: v6.map { IPv6Address($0)! }, macAddress: "02:00:00:00:00:01", connectionTracking: tracking)
}

func ip(_ text: String) -> IPAddress { IPAddress(text)! }

extension RulePeer {
    static func cidr(_ text: String) -> RulePeer {
        if let v4 = IPv4CIDR(text) { return .cidrIpv4(v4) }
        return .cidrIpv6(IPv6CIDR(text)!)
    }

    static func group(_ groupId: String) -> RulePeer {
        .securityGroup(ReferencedGroup(groupId: groupId, userId: Scope.defaultAccountId))
    }
}

/// A test clock: seconds since an arbitrary start.
struct TestClock {
    var milliseconds: Int64 = 1_700_000_000_000
    var now: Timestamp { Timestamp(millisecondsSince1970: milliseconds) }
    mutating func advance(seconds: Int) { milliseconds += Int64(seconds) * 1000 }
}
