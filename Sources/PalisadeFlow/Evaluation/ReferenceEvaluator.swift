public import PalisadeCore

/// The obvious evaluator: scans every rule of the snapshot for each question. Slow and simple on purpose,
/// it is the oracle that property tests and benchmarks compare ``CompiledPolicy`` with.
///
/// ```swift
/// let reference = ReferenceEvaluator(snapshot)
/// reference.matchingRuleIds(interfaceId: "eni-1", direction: .ingress, packet: packet)
/// ```
public struct ReferenceEvaluator: Sendable {
    public var snapshot: PolicySnapshot

    public init(_ snapshot: PolicySnapshot) {
        self.snapshot = snapshot
    }

    /// The rule IDs on `interfaceId`'s groups that admit `packet` in `direction`, sorted.
    public func matchingRuleIds(interfaceId: String, direction: Direction, packet: Packet) -> [String] {
        guard let networkInterface = snapshot.networkInterfaces.first(where: { $0.networkInterfaceId == interfaceId })
        else { return [] }
        var result: [String] = []
        for rule in snapshot.securityGroupRules
        where rule.direction == direction && networkInterface.groupIds.contains(rule.groupId) {
            if admits(rule, direction: direction, packet: packet) { result.append(rule.ruleId) }
        }
        return result.sorted()
    }

    /// Whether `packet` passes: the source interface's egress and the destination interface's ingress,
    /// each resolved by address, each only when it exists.
    public func isAllowed(_ packet: Packet) -> Bool {
        if let sender = snapshot.networkInterfaces.first(where: { $0.privateAddresses.contains(packet.source) }),
            matchingRuleIds(interfaceId: sender.networkInterfaceId, direction: .egress, packet: packet).isEmpty
        {
            return false
        }
        if let receiver = snapshot.networkInterfaces.first(where: {
            $0.privateAddresses.contains(packet.destination)
        }),
            matchingRuleIds(interfaceId: receiver.networkInterfaceId, direction: .ingress, packet: packet).isEmpty
        {
            return false
        }
        return true
    }

    func admits(_ rule: SecurityGroupRule, direction: Direction, packet: Packet) -> Bool {
        switch rule.ipProtocol {
        case .all:
            break
        case .tcp, .udp:
            guard Int(packet.protocolNumber) == rule.ipProtocol.number else { return false }
            let from = rule.fromPort ?? 0
            let to = rule.toPort ?? 65_535
            if from >= 0, to >= 0, !(from...to).contains(Int(packet.destinationPort)) { return false }
        case .icmp, .icmpv6:
            guard Int(packet.protocolNumber) == rule.ipProtocol.number else { return false }
            let type = rule.fromPort ?? -1
            let code = rule.toPort ?? -1
            if type >= 0, type <= 255 {
                if Int(packet.icmpType) != type { return false }
                if code >= 0, code <= 255, Int(packet.icmpCode) != code { return false }
            }
        case .number(let number):
            guard Int(packet.protocolNumber) == number else { return false }
        }
        let peer = direction == .ingress ? packet.source : packet.destination
        switch rule.peer {
        case .cidrIpv4(let cidr):
            if case .v4(let address) = peer { return cidr.contains(address) }
            return false
        case .cidrIpv6(let cidr):
            if case .v6(let address) = peer { return cidr.contains(address) }
            return false
        case .prefixList(let id):
            guard let list = snapshot.prefixLists.first(where: { $0.prefixListId == id }) else { return false }
            switch peer {
            case .v4(let address): return list.ipv4Blocks.contains { $0.contains(address) }
            case .v6(let address): return list.ipv6Blocks.contains { $0.contains(address) }
            }
        case .securityGroup(let group):
            return snapshot.networkInterfaces.contains {
                $0.groupIds.contains(group.groupId) && $0.privateAddresses.contains(peer)
            }
        }
    }
}
