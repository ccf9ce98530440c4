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
///
/// The interface's data lives in one immutable object, so that reading a slot on the packet path is one
/// retain rather than one per string and array of the interface.
struct InterfaceSlot: Sendable {
    final class Record: Sendable {
        let info: CompiledInterface
        /// Sorted, unique group indices: the key of its group set.
        let groupKey: [Int32]
        /// Idle timeouts of flows tracked on the interface, resolved once.
        let timeouts: ConnectionTimeouts

        init(info: CompiledInterface, groupKey: [Int32]) {
            self.info = info
            self.groupKey = groupKey
            timeouts = ConnectionTimeouts(info.connectionTracking)
        }
    }

    var record: Record
    var groupSet: Int32

    init(info: CompiledInterface, groupKey: [Int32], groupSet: Int32) {
        record = Record(info: info, groupKey: groupKey)
        self.groupSet = groupSet
    }

    var info: CompiledInterface { record.info }
    var groupKey: [Int32] { record.groupKey }
    var timeouts: ConnectionTimeouts { record.timeouts }
}

/// The matchers shared by every interface with the same set of groups: its groups' matchers, per direction.
struct GroupSet: Sendable {
    var groups: [Int32]
    var ingress: GroupMatcher
    var egress: GroupMatcher
    var interfaceCount: Int

    func matcher(_ direction: Direction) -> GroupMatcher { direction == .ingress ? ingress : egress }
}

/// One group's rules compiled per direction, shared by every group set holding the group.
struct GroupMatchers: Sendable {
    var ingress = RuleMatcher()
    var egress = RuleMatcher()
}
