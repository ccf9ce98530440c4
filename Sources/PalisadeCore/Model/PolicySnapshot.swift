/// Everything that decides which packets pass, in one account and region, at one store revision.
///
/// The hub of Palisade: the control plane, Terraform and AWS exports produce it; the flow engine,
/// the agent and the analyzer read it. Immutable once made.
public struct PolicySnapshot: Hashable, Sendable, Codable {
    public var revision: Int64
    public var scope: Scope
    public var vpcs: [Vpc]
    public var subnets: [Subnet]
    public var securityGroups: [SecurityGroup]
    public var securityGroupRules: [SecurityGroupRule]
    public var networkInterfaces: [NetworkInterface]
    public var prefixLists: [ManagedPrefixList]

    public init(
        revision: Int64, scope: Scope, vpcs: [Vpc] = [], subnets: [Subnet] = [], securityGroups: [SecurityGroup] = [],
        securityGroupRules: [SecurityGroupRule] = [], networkInterfaces: [NetworkInterface] = [],
        prefixLists: [ManagedPrefixList] = []
    ) {
        self.revision = revision
        self.scope = scope
        self.vpcs = vpcs
        self.subnets = subnets
        self.securityGroups = securityGroups
        self.securityGroupRules = securityGroupRules
        self.networkInterfaces = networkInterfaces
        self.prefixLists = prefixLists
    }

    /// The rules of one group, in one direction.
    public func rules(of groupId: String, direction: Direction) -> [SecurityGroupRule] {
        securityGroupRules.filter { $0.groupId == groupId && $0.direction == direction }
    }
}
