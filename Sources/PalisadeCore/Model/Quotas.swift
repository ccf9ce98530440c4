/// Service quotas, with AWS's defaults. Settable per server (`palisade serve --quota NAME=VALUE`).
public struct Quotas: Hashable, Sendable, Codable {
    /// VPC security groups per Region.
    public var securityGroupsPerRegion = 2500
    /// Inbound or outbound rules per group, counted per direction and per IP family.
    public var rulesPerSecurityGroup = 60
    /// Security groups per network interface (AWS allows up to 16).
    public var securityGroupsPerNetworkInterface = 5
    /// Rules per group × groups per interface may not exceed this.
    public var rulesTimesGroupsPerInterface = 1000
    public var vpcsPerRegion = 5
    public var subnetsPerVpc = 200
    public var networkInterfacesPerRegion = 5000
    public var prefixListsPerRegion = 100
    public var entriesPerPrefixList = 1000
    public var tagsPerResource = 50

    public init() {}

    /// Names accepted by `--quota`, with their key paths. Key paths are immutable values, so sharing is safe.
    nonisolated(unsafe) public static let names: [String: WritableKeyPath<Quotas, Int>] = [
        "security-groups-per-region": \.securityGroupsPerRegion,
        "rules-per-security-group": \.rulesPerSecurityGroup,
        "security-groups-per-network-interface": \.securityGroupsPerNetworkInterface,
        "rules-times-groups-per-interface": \.rulesTimesGroupsPerInterface,
        "vpcs-per-region": \.vpcsPerRegion,
        "subnets-per-vpc": \.subnetsPerVpc,
        "network-interfaces-per-region": \.networkInterfacesPerRegion,
        "prefix-lists-per-region": \.prefixListsPerRegion,
        "entries-per-prefix-list": \.entriesPerPrefixList,
        "tags-per-resource": \.tagsPerResource,
    ]

    /// Sets one quota by name; validates AWS's own ceilings.
    public mutating func set(_ name: String, to value: Int) throws(PolicyError) {
        guard let path = Quotas.names[name] else {
            throw .invalidValue("Unknown quota '\(name)'. Known: \(Quotas.names.keys.sorted().joined(separator: ", "))")
        }
        guard value > 0 else { throw .invalidValue("Quota '\(name)' must be positive") }
        if path == \Quotas.securityGroupsPerNetworkInterface, value > 16 {
            throw .invalidValue("AWS allows at most 16 security groups per network interface")
        }
        self[keyPath: path] = value
    }
}
