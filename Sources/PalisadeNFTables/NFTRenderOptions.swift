/// Choices of ``NFTRenderer`` that depend on the host rather than on the policy.
public struct NFTRenderOptions: Hashable, Sendable {
    /// Name of the `inet` table Palisade owns.
    public var tableName: String
    /// Attach per-interface `ct timeout` objects (the interface's ConnectionTrackingSpecification, else
    /// AWS's defaults) to new connections. Needs `CONFIG_NF_CONNTRACK_TIMEOUT`; without it the kernel
    /// rejects the whole table, so hosts lacking it turn this off and keep the kernel's timeouts.
    public var connectionTimeouts: Bool
    /// Accept IPv6 neighbour discovery and MLD (ICMPv6 130–136, 143) before the rules. AWS's VPC answers
    /// these outside security groups; a Linux host that drops them loses IPv6 altogether.
    public var acceptsNeighborDiscovery: Bool

    public init(tableName: String = "palisade", connectionTimeouts: Bool = true, acceptsNeighborDiscovery: Bool = true)
    {
        self.tableName = tableName
        self.connectionTimeouts = connectionTimeouts
        self.acceptsNeighborDiscovery = acceptsNeighborDiscovery
    }
}
