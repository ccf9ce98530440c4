public import PalisadeCore

/// A network interface as the compiled policy sees it.
public struct CompiledInterface: Hashable, Sendable {
    public var networkInterfaceId: String
    public var vpcId: String
    /// Attached groups, in the order the snapshot gives them.
    public var groupIds: [String]
    /// Private addresses of both families: what security-group references to its groups match.
    public var addresses: [IPAddress]
    public var connectionTracking: ConnectionTrackingConfiguration?

    public init(_ networkInterface: NetworkInterface) {
        networkInterfaceId = networkInterface.networkInterfaceId
        vpcId = networkInterface.vpcId
        groupIds = networkInterface.groupIds
        addresses = networkInterface.privateAddresses
        connectionTracking = networkInterface.connectionTracking
    }
}

/// Per-interface state kept by ``CompiledPolicy``.
struct InterfaceSlot: Sendable {
    var info: CompiledInterface
    /// Sorted, unique group indices: the key of its group set.
    var groupKey: [Int32]
    var groupSet: Int32
}

/// The compiled matchers shared by every interface with the same set of groups.
struct GroupSet: Sendable {
    var groups: [Int32]
    var ingress: RuleMatcher
    var egress: RuleMatcher
    var interfaceCount: Int

    func matcher(_ direction: Direction) -> RuleMatcher { direction == .ingress ? ingress : egress }
}
