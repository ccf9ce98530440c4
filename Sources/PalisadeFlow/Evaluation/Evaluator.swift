public import PalisadeCore

/// Judges packets against a compiled policy, without connection state: would this packet open a flow?
///
/// A packet between two interfaces needs the sender's egress and the receiver's ingress to allow it;
/// an address that belongs to no interface of the snapshot is outside, and only the other side judges.
///
/// ```swift
/// let evaluator = Evaluator(snapshot)
/// let verdict = evaluator.evaluate(.tcp(from: web, to: database, destinationPort: 3306))
/// verdict.isAllowed        // true
/// verdict.matchedRuleIds   // ["sgr-web-egress-3306", "sgr-db-ingress-web"]
/// ```
public struct Evaluator: Sendable {
    public var policy: CompiledPolicy

    public init(policy: CompiledPolicy) {
        self.policy = policy
    }

    public init(_ snapshot: PolicySnapshot) {
        self.policy = CompiledPolicy(snapshot)
    }

    /// Judges `packet`.
    /// - Parameters:
    ///   - packet: The packet.
    ///   - sourceInterfaceId: The sending interface; by default the interface holding the source address.
    ///   - destinationInterfaceId: The receiving interface; by default the one holding the destination address.
    /// - Returns: The verdict with an explanation for each side.
    public func evaluate(
        _ packet: Packet, sourceInterfaceId: String? = nil, destinationInterfaceId: String? = nil
    ) -> Verdict {
        let sourceSlot = policy.resolveSlot(id: sourceInterfaceId, address: packet.source)
        let destinationSlot = policy.resolveSlot(id: destinationInterfaceId, address: packet.destination)
        let source = sourceSlot.map { policy.sideVerdict(slot: $0, direction: .egress, packet: packet).0 }
        let destination = destinationSlot.map { policy.sideVerdict(slot: $0, direction: .ingress, packet: packet).0 }
        return Verdict(packet: packet, source: source, destination: destination)
    }

    /// Whether `packet` would be allowed, without building an explanation.
    public func isAllowed(_ packet: Packet) -> Bool {
        if let slot = policy.resolveSlot(id: nil, address: packet.source),
            !policy.admits(slot: slot, direction: .egress, packet: packet)
        {
            return false
        }
        if let slot = policy.resolveSlot(id: nil, address: packet.destination),
            !policy.admits(slot: slot, direction: .ingress, packet: packet)
        {
            return false
        }
        return true
    }
}

extension CompiledPolicy {
    /// The slot of interface `id` if given, else of the first interface holding `address`.
    @inline(__always)
    func resolveSlot(id: String?, address: IPAddress) -> Int32? {
        if let id { return interfaceIndexById[id] }
        return addressIndex.lookup(address)?.interface
    }

    /// The groups a security-group reference matches `address` as a member of (sorted group indices).
    @inline(__always)
    func peerGroups(of address: IPAddress) -> [Int32] {
        guard let hit = addressIndex.lookup(address) else { return [] }
        if hit.shared { return groupsByAddress[address] ?? [] }
        return interfaces[Int(hit.interface)]?.groupKey ?? []
    }
}
