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

    public var ipv6Blocks: [IPv6CIDR] { ipv6CidrBlockAssociations.compactMap { IPv6CIDR($0.cidrBlock) } }

    /// Addresses usable by interfaces: AWS reserves the first four and the last of every subnet.
    public var totalUsableAddresses: Int { Int(cidrBlock.size) - 5 }
}
