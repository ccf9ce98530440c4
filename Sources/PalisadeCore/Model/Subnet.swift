/// A subnet: a range of a VPC in one availability zone, where network interfaces live.
public struct Subnet: Hashable, Sendable, Codable {
    public var subnetId: String
    public var scope: Scope
    public var vpcId: String
    public var cidrBlock: IPv4CIDR
    public var ipv6CidrBlockAssociations: [Vpc.CidrAssociation]
    public var availabilityZone: String
    public var availabilityZoneId: String
    public var defaultForAz: Bool
    public var mapPublicIpOnLaunch: Bool
    public var assignIpv6AddressOnCreation: Bool
    /// DNS options set with ModifySubnetAttribute; absent from subnets stored before they existed.
    public var enableDns64 = false
    /// `ip-name` or `resource-name`.
    public var privateDnsHostnameTypeOnLaunch = "ip-name"
    public var enableResourceNameDnsARecordOnLaunch = false
    public var enableResourceNameDnsAAAARecordOnLaunch = false
    public var tags: [Tag]

    public init(
        subnetId: String, scope: Scope, vpcId: String, cidrBlock: IPv4CIDR,
        ipv6CidrBlockAssociations: [Vpc.CidrAssociation] = [], availabilityZone: String, availabilityZoneId: String,
        defaultForAz: Bool, mapPublicIpOnLaunch: Bool, assignIpv6AddressOnCreation: Bool = false, tags: [Tag] = []
    ) {
        self.subnetId = subnetId
        self.scope = scope
        self.vpcId = vpcId
        self.cidrBlock = cidrBlock
        self.ipv6CidrBlockAssociations = ipv6CidrBlockAssociations
        self.availabilityZone = availabilityZone
        self.availabilityZoneId = availabilityZoneId
        self.defaultForAz = defaultForAz
        self.mapPublicIpOnLaunch = mapPublicIpOnLaunch
        self.assignIpv6AddressOnCreation = assignIpv6AddressOnCreation
        self.tags = tags
    }

    /// Reads stored subnets, including those written before the DNS options existed.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        subnetId = try container.decode(String.self, forKey: .subnetId)
        scope = try container.decode(Scope.self, forKey: .scope)
        vpcId = try container.decode(String.self, forKey: .vpcId)
        cidrBlock = try container.decode(IPv4CIDR.self, forKey: .cidrBlock)
        ipv6CidrBlockAssociations = try container.decode([Vpc.CidrAssociation].self, forKey: .ipv6CidrBlockAssociations)
        availabilityZone = try container.decode(String.self, forKey: .availabilityZone)
        availabilityZoneId = try container.decode(String.self, forKey: .availabilityZoneId)
        defaultForAz = try container.decode(Bool.self, forKey: .defaultForAz)
        mapPublicIpOnLaunch = try container.decode(Bool.self, forKey: .mapPublicIpOnLaunch)
        assignIpv6AddressOnCreation = try container.decode(Bool.self, forKey: .assignIpv6AddressOnCreation)
        enableDns64 = try container.decodeIfPresent(Bool.self, forKey: .enableDns64) ?? false
        privateDnsHostnameTypeOnLaunch =
            try container.decodeIfPresent(String.self, forKey: .privateDnsHostnameTypeOnLaunch) ?? "ip-name"
        enableResourceNameDnsARecordOnLaunch =
            try container.decodeIfPresent(Bool.self, forKey: .enableResourceNameDnsARecordOnLaunch) ?? false
        enableResourceNameDnsAAAARecordOnLaunch =
            try container.decodeIfPresent(Bool.self, forKey: .enableResourceNameDnsAAAARecordOnLaunch) ?? false
        tags = try container.decode([Tag].self, forKey: .tags)
    }

    public var ipv6Blocks: [IPv6CIDR] { ipv6CidrBlockAssociations.compactMap { IPv6CIDR($0.cidrBlock) } }

    /// Addresses usable by interfaces: AWS reserves the first four and the last of every subnet.
    public var totalUsableAddresses: Int { Int(cidrBlock.size) - 5 }
}
