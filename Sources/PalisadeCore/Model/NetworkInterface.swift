/// A network interface (ENI): private addresses in a subnet, and the security groups that guard it.
public struct NetworkInterface: Hashable, Sendable, Codable {
    public struct PrivateIPv4: Hashable, Sendable, Codable {
        public var address: IPv4Address
        public var primary: Bool
        public init(address: IPv4Address, primary: Bool) {
            self.address = address
            self.primary = primary
        }
    }

    public var networkInterfaceId: String
    public var scope: Scope
    public var subnetId: String
    public var vpcId: String
    public var availabilityZone: String
    public var description: String
    /// Attached groups, in the order given.
    public var groupIds: [String]
    public var privateIpAddresses: [PrivateIPv4]
    public var ipv6Addresses: [IPv6Address]
    public var macAddress: String
    public var interfaceType: String
    public var sourceDestCheck: Bool
    public var connectionTracking: ConnectionTrackingConfiguration?
    public var clientToken: String?
    public var tags: [Tag]

    public init(
        networkInterfaceId: String, scope: Scope, subnetId: String, vpcId: String, availabilityZone: String,
        description: String = "", groupIds: [String], privateIpAddresses: [PrivateIPv4], ipv6Addresses: [IPv6Address] = [],
        macAddress: String, interfaceType: String = "interface", sourceDestCheck: Bool = true,
        connectionTracking: ConnectionTrackingConfiguration? = nil, clientToken: String? = nil, tags: [Tag] = []
    ) {
        self.networkInterfaceId = networkInterfaceId
        self.scope = scope
        self.subnetId = subnetId
        self.vpcId = vpcId
        self.availabilityZone = availabilityZone
        self.description = description
        self.groupIds = groupIds
        self.privateIpAddresses = privateIpAddresses
        self.ipv6Addresses = ipv6Addresses
        self.macAddress = macAddress
        self.interfaceType = interfaceType
        self.sourceDestCheck = sourceDestCheck
        self.connectionTracking = connectionTracking
        self.clientToken = clientToken
        self.tags = tags
    }

    public var primaryPrivateIpAddress: IPv4Address? {
        privateIpAddresses.first { $0.primary }?.address ?? privateIpAddresses.first?.address
    }

    /// Every private address, both families: what a security-group reference to one of its groups matches.
    public var privateAddresses: [IPAddress] {
        privateIpAddresses.map { .v4($0.address) } + ipv6Addresses.map { .v6($0) }
    }
}

/// Idle timeouts of tracked connections on one interface (seconds). `nil` means AWS's default.
public struct ConnectionTrackingConfiguration: Hashable, Sendable, Codable {
    public var tcpEstablishedTimeout: Int?
    public var udpStreamTimeout: Int?
    public var udpTimeout: Int?

    public init(tcpEstablishedTimeout: Int? = nil, udpStreamTimeout: Int? = nil, udpTimeout: Int? = nil) {
        self.tcpEstablishedTimeout = tcpEstablishedTimeout
        self.udpStreamTimeout = udpStreamTimeout
        self.udpTimeout = udpTimeout
    }

    /// AWS's defaults: TCP established 432,000 s, UDP stream 180 s, UDP 30 s.
    public static let awsDefaults = ConnectionTrackingConfiguration(
        tcpEstablishedTimeout: 432_000, udpStreamTimeout: 180, udpTimeout: 30)

    /// Bounds AWS enforces on each timeout.
    public static let tcpEstablishedBounds = 60...432_000
    public static let udpStreamBounds = 60...180
    public static let udpBounds = 30...60

    /// Values in effect: the configured ones, else AWS's defaults.
    public var effective: ConnectionTrackingConfiguration {
        ConnectionTrackingConfiguration(
            tcpEstablishedTimeout: tcpEstablishedTimeout ?? 432_000,
            udpStreamTimeout: udpStreamTimeout ?? 180,
            udpTimeout: udpTimeout ?? 30)
    }
}
