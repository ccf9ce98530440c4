/// A permission as clients send it: one protocol and port range with any number of peers.
/// AWS stores one rule per peer (see ``SecurityGroupRule``).
public struct IpPermission: Hashable, Sendable {
    public struct IpRange: Hashable, Sendable {
        public var cidrIp: String?
        public var description: String?
        public init(cidrIp: String?, description: String? = nil) {
            self.cidrIp = cidrIp
            self.description = description
        }
    }

    public struct Ipv6Range: Hashable, Sendable {
        public var cidrIpv6: String?
        public var description: String?
        public init(cidrIpv6: String?, description: String? = nil) {
            self.cidrIpv6 = cidrIpv6
            self.description = description
        }
    }

    public struct PrefixListId: Hashable, Sendable {
        public var prefixListId: String?
        public var description: String?
        public init(prefixListId: String?, description: String? = nil) {
            self.prefixListId = prefixListId
            self.description = description
        }
    }

    public struct UserIdGroupPair: Hashable, Sendable {
        public var groupId: String?
        public var groupName: String?
        public var userId: String?
        public var vpcId: String?
        public var vpcPeeringConnectionId: String?
        public var description: String?
        public init(
            groupId: String? = nil, groupName: String? = nil, userId: String? = nil, vpcId: String? = nil,
            vpcPeeringConnectionId: String? = nil, description: String? = nil
        ) {
            self.groupId = groupId
            self.groupName = groupName
            self.userId = userId
            self.vpcId = vpcId
            self.vpcPeeringConnectionId = vpcPeeringConnectionId
            self.description = description
        }
    }

    public var ipProtocol: String?
    public var fromPort: Int?
    public var toPort: Int?
    public var ipRanges: [IpRange]
    public var ipv6Ranges: [Ipv6Range]
    public var prefixListIds: [PrefixListId]
    public var userIdGroupPairs: [UserIdGroupPair]

    public init(
        ipProtocol: String?, fromPort: Int? = nil, toPort: Int? = nil, ipRanges: [IpRange] = [],
        ipv6Ranges: [Ipv6Range] = [], prefixListIds: [PrefixListId] = [], userIdGroupPairs: [UserIdGroupPair] = []
    ) {
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
        self.ipRanges = ipRanges
        self.ipv6Ranges = ipv6Ranges
        self.prefixListIds = prefixListIds
        self.userIdGroupPairs = userIdGroupPairs
    }

    public var peerCount: Int { ipRanges.count + ipv6Ranges.count + prefixListIds.count + userIdGroupPairs.count }

    /// The legacy `SourceSecurityGroupName` form, which "grants full ICMP, UDP, and TCP access".
    public static func legacySourceGroup(name: String, ownerId: String?) -> [IpPermission] {
        let pair = UserIdGroupPair(groupName: name, userId: ownerId)
        return [
            IpPermission(ipProtocol: "icmp", fromPort: -1, toPort: -1, userIdGroupPairs: [pair]),
            IpPermission(ipProtocol: "tcp", fromPort: 0, toPort: 65535, userIdGroupPairs: [pair]),
            IpPermission(ipProtocol: "udp", fromPort: 0, toPort: 65535, userIdGroupPairs: [pair]),
        ]
    }
}

/// A rule before it is stored: what one peer of an ``IpPermission`` resolves to.
public struct RuleDraft: Hashable, Sendable {
    public var ipProtocol: IPProtocol
    public var fromPort: Int?
    public var toPort: Int?
    public var peer: RulePeer
    public var description: String?

    public func key(isEgress: Bool) -> SecurityGroupRule.Key {
        SecurityGroupRule.Key(isEgress: isEgress, ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort, peer: peer.key)
    }

    /// The permission this draft came from, with only its own peer (for `unknownIpPermissionSet`).
    public var permission: IpPermission {
        var permission = IpPermission(ipProtocol: ipProtocol.wireValue, fromPort: fromPort, toPort: toPort)
        switch peer {
        case .cidrIpv4(let cidr): permission.ipRanges = [.init(cidrIp: cidr.description, description: description)]
        case .cidrIpv6(let cidr): permission.ipv6Ranges = [.init(cidrIpv6: cidr.description, description: description)]
        case .prefixList(let id): permission.prefixListIds = [.init(prefixListId: id, description: description)]
        case .securityGroup(let group):
            permission.userIdGroupPairs = [.init(groupId: group.groupId, userId: group.userId, description: description)]
        }
        return permission
    }
}
