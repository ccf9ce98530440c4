/// A VPC: an IPv4 (and optionally IPv6) address space that owns subnets and security groups.
public struct Vpc: Hashable, Sendable, Codable {
    public struct CidrAssociation: Hashable, Sendable, Codable {
        public var associationId: String
        public var cidrBlock: String
        public init(associationId: String, cidrBlock: String) {
            self.associationId = associationId
            self.cidrBlock = cidrBlock
        }
    }

    public var vpcId: String
    public var scope: Scope
    /// The primary IPv4 block.
    public var cidrBlock: IPv4CIDR
    public var cidrBlockAssociations: [CidrAssociation]
    public var ipv6CidrBlockAssociations: [CidrAssociation]
    public var isDefault: Bool
    public var instanceTenancy: String
    public var dhcpOptionsId: String
    public var mainRouteTableId: String
    public var defaultNetworkAclId: String
    public var enableDnsSupport: Bool
    public var enableDnsHostnames: Bool
    public var enableNetworkAddressUsageMetrics: Bool
    public var tags: [Tag]

    public init(
        vpcId: String, scope: Scope, cidrBlock: IPv4CIDR, cidrBlockAssociations: [CidrAssociation],
        ipv6CidrBlockAssociations: [CidrAssociation] = [], isDefault: Bool, instanceTenancy: String = "default",
        dhcpOptionsId: String, mainRouteTableId: String, defaultNetworkAclId: String,
        enableDnsSupport: Bool = true, enableDnsHostnames: Bool, enableNetworkAddressUsageMetrics: Bool = false,
        tags: [Tag] = []
    ) {
        self.vpcId = vpcId
        self.scope = scope
        self.cidrBlock = cidrBlock
        self.cidrBlockAssociations = cidrBlockAssociations
        self.ipv6CidrBlockAssociations = ipv6CidrBlockAssociations
        self.isDefault = isDefault
        self.instanceTenancy = instanceTenancy
        self.dhcpOptionsId = dhcpOptionsId
        self.mainRouteTableId = mainRouteTableId
        self.defaultNetworkAclId = defaultNetworkAclId
        self.enableDnsSupport = enableDnsSupport
        self.enableDnsHostnames = enableDnsHostnames
        self.enableNetworkAddressUsageMetrics = enableNetworkAddressUsageMetrics
        self.tags = tags
    }

    /// Every IPv4 block of the VPC.
    public var ipv4Blocks: [IPv4CIDR] { cidrBlockAssociations.compactMap { IPv4CIDR($0.cidrBlock) } }
    /// Every IPv6 block of the VPC.
    public var ipv6Blocks: [IPv6CIDR] { ipv6CidrBlockAssociations.compactMap { IPv6CIDR($0.cidrBlock) } }
}
