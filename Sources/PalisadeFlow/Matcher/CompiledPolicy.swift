public import PalisadeCore

/// A ``PolicySnapshot`` compiled for packet decisions.
///
/// Each group's rules are compiled into one ``RuleMatcher`` per direction; interfaces with the same set
/// of groups share one ``GroupMatcher`` per direction made of their groups' matchers. Security-group peers
/// are resolved at decision time through one map from private address to the groups of the interfaces
/// that hold it, so membership changes never touch the matchers. Updates (see `CompiledPolicy+Updates`)
/// recompile only the groups whose rules changed; a new set of groups is formed from existing matchers.
///
/// ```swift
/// let policy = CompiledPolicy(snapshot)
/// let rules = policy.matchingRules(interfaceId: "eni-1", direction: .ingress, packet: packet)
/// ```
public struct CompiledPolicy: Sendable {
    /// The snapshot revision the policy reflects.
    public internal(set) var revision: Int64

    var groupIds: [String] = []
    var groupIndexById: [String: Int32] = [:]
    var ingressRulesOfGroup: [[Int32]] = []
    var egressRulesOfGroup: [[Int32]] = []

    var rules: [CompiledRule?] = []
    var ruleIndexById: [String: Int32] = [:]
    var freeRuleSlots: [Int32] = []

    var prefixLists: [String: PrefixListBlocks] = [:]
    var rulesOfPrefixList: [String: Set<Int32>] = [:]

    var interfaces: [InterfaceSlot?] = []
    var interfaceIndexById: [String: Int32] = [:]
    var freeInterfaceSlots: [Int32] = []
    var interfacesByAddress: [IPAddress: [Int32]] = [:]
    var groupsByAddress: [IPAddress: [Int32]] = [:]
    /// The per-packet view of `interfacesByAddress` (first slot per address); see ``AddressIndex``.
    var addressIndex = AddressIndex()

    var groupSets: [GroupSet?] = []
    var groupSetIndexByKey: [[Int32]: Int32] = [:]
    var groupSetsOfGroup: [Int32: Set<Int32>] = [:]
    var freeGroupSetSlots: [Int32] = []

    /// Per group index: its rules compiled per direction.
    var groupMatchers: [GroupMatchers] = []
    /// Groups whose matchers must be rebuilt before the next decision, per direction.
    var dirtyIngress: Set<Int32> = []
    var dirtyEgress: Set<Int32> = []

    /// Compiles `snapshot`.
    /// - Parameter snapshot: The policy to compile; rules whose group is absent are kept (they apply once
    ///   an interface carries the group).
    public init(_ snapshot: PolicySnapshot) {
        revision = snapshot.revision
        for list in snapshot.prefixLists {
            prefixLists[list.prefixListId] = PrefixListBlocks(list)
        }
        for group in snapshot.securityGroups { _ = groupIndex(for: group.groupId) }
        for rule in snapshot.securityGroupRules { insertRule(rule) }
        flush()
        for networkInterface in snapshot.networkInterfaces { insertInterface(networkInterface) }
    }

    /// An empty policy.
    public init() {
        revision = 0
    }

    // MARK: Lookups

    /// The interface with `id`.
    public func interface(id: String) -> CompiledInterface? {
        interfaceIndexById[id].flatMap { interfaces[Int($0)]?.info }
    }

    /// The interfaces holding `address` as a private address (more than one only across VPCs).
    public func interfaces(at address: IPAddress) -> [CompiledInterface] {
        (interfacesByAddress[address] ?? []).compactMap { interfaces[Int($0)]?.info }
    }

    /// Every interface, in slot order.
    public var allInterfaces: [CompiledInterface] { interfaces.compactMap { $0?.info } }

    /// The groups a security-group reference would match `address` as a member of.
    public func groupIds(containing address: IPAddress) -> [String] {
        (groupsByAddress[address] ?? []).map { groupIds[Int($0)] }
    }

    /// The rule with `ruleId`.
    public func rule(id ruleId: String) -> SecurityGroupRule? {
        ruleIndexById[ruleId].flatMap { rules[Int($0)]?.rule }
    }

    /// Number of distinct group sets (interfaces with the same groups share one).
    public var groupSetCount: Int { groupSetIndexByKey.count }

    /// The rules of `interfaceId` that admit `packet` in `direction`.
    /// - Parameters:
    ///   - interfaceId: The enforcing interface.
    ///   - direction: `.ingress` judges the packet's source, `.egress` its destination.
    ///   - packet: The packet.
    /// - Returns: Every matching rule, ordered by rule ID; empty means the interface drops the packet.
    public func matchingRules(interfaceId: String, direction: Direction, packet: Packet) -> [SecurityGroupRule] {
        guard let slot = interfaceIndexById[interfaceId] else { return [] }
        return judge(slot: slot, direction: direction, packet: packet).rules
            .compactMap { rules[Int($0)]?.rule }
            .sorted { $0.ruleId < $1.ruleId }
    }

    /// The rule IDs of `interfaceId` that admit `packet` in `direction`, sorted.
    public func matchingRuleIds(interfaceId: String, direction: Direction, packet: Packet) -> [String] {
        matchingRules(interfaceId: interfaceId, direction: direction, packet: packet).map(\.ruleId)
    }

    // MARK: Decisions

    /// What one side decided about a packet.
    struct SideJudgement {
        var rules: [Int32]
        /// The flow would not be tracked (spec 5.2).
        var untracked: Bool
        var isAllowed: Bool { !rules.isEmpty }
    }

    /// The identity of the record of the interface in `slot`, if any, read in place: copying the slot out
    /// would retain and release the record (atomic operations the per-packet path can do without).
    @inline(__always)
    func recordIdentity(slot: Int32) -> ObjectIdentifier? {
        interfaces.withUnsafeBufferPointer { buffer in buffer[Int(slot)].map { ObjectIdentifier($0.record) } }
    }

    @inline(__always)
    func matcher(slot: Int32, direction: Direction) -> GroupMatcher {
        let groupSet = Int(interfaces[Int(slot)]!.groupSet)
        return direction == .ingress ? groupSets[groupSet]!.ingress : groupSets[groupSet]!.egress
    }

    /// The matchers of `slot`'s group set: the one for `direction` and the opposite one.
    @inline(__always)
    func matchers(slot: Int32, direction: Direction) -> (this: GroupMatcher, opposite: GroupMatcher)? {
        guard let groupSetIndex = interfaces[Int(slot)]?.groupSet, groupSetIndex >= 0,
            Int(groupSetIndex) < groupSets.count, let groupSet = groupSets[Int(groupSetIndex)]
        else { return nil }
        return direction == .ingress ? (groupSet.ingress, groupSet.egress) : (groupSet.egress, groupSet.ingress)
    }

    func judge(slot: Int32, direction: Direction, packet: Packet) -> SideJudgement {
        guard let (matcher, opposite) = matchers(slot: slot, direction: direction) else {
            return SideJudgement(rules: [], untracked: false)
        }
        let peer = direction == .ingress ? packet.source : packet.destination
        let peerGroups = peerGroups(of: peer)
        let (matched, anywhere) = matcher.matchingRules(
            protocolNumber: packet.protocolNumber, key: packet.ruleKey, peer: peer, peerGroups: peerGroups)
        var untracked = false
        if !matched.isEmpty, packet.hasPorts {
            if anywhere {
                untracked = opposite.isOpenToAnywhere(protocolNumber: packet.protocolNumber, ipv6: peer.isIPv6)
            }
            // A reply of an untracked flow must not open a tracked one: it is untracked when the packet it
            // answers would be admitted untracked the other way.
            if !untracked, matcher.isOpenToAnywhere(protocolNumber: packet.protocolNumber, ipv6: peer.isIPv6) {
                let reply = packet.reversed
                let (_, replyAnywhere) = opposite.matchingRules(
                    protocolNumber: reply.protocolNumber, key: reply.ruleKey, peer: peer, peerGroups: peerGroups)
                untracked = replyAnywhere
            }
        }
        return SideJudgement(rules: matched, untracked: untracked)
    }

    /// Whether `slot` admits `packet` in `direction`, without collecting rules.
    @inline(__always)
    func admits(slot: Int32, direction: Direction, packet: Packet) -> Bool {
        guard let (matcher, _) = matchers(slot: slot, direction: direction) else { return false }
        let peer = direction == .ingress ? packet.source : packet.destination
        return matcher.admits(
            protocolNumber: packet.protocolNumber, key: packet.ruleKey, peer: peer, peerGroups: peerGroups(of: peer))
    }

    func groupIdList(slot: Int32) -> [String] { interfaces[Int(slot)]?.info.groupIds ?? [] }

    func ruleReference(_ index: Int32) -> RuleReference {
        let rule = rules[Int(index)]!.rule
        return RuleReference(ruleId: rule.ruleId, groupId: rule.groupId)
    }
}
