public import PalisadeCore
public import PalisadeFlow

/// Reachability between security groups rather than interfaces, for configurations that define groups but few or no
/// interfaces (Terraform, plans, exports). Each group stands on a probe interface of its own (an address in the
/// reserved 240.0.0.0/4) and the flow engine's ``Reachability`` answers for the probes:
///
/// - group to group: every egress rule, and only ingress rules that reference groups (a CIDR rule that happens to
///   cover 240.0.0.0/4 says nothing about the probes' groups);
/// - outside sources and internet exposure: every rule.
///
/// ```swift
/// let groups = GroupReachability(snapshot)
/// groups.inbound(toGroup: databaseId).groups   // [(web_servers_sg, tcp 3306), (bastion_sg, tcp 3306)]
/// ```
/// A path between groups needs the source's egress to admit the probe address: egress limited to a private CIDR
/// (rather than a group or 0.0.0.0/0) does not reach probes.
public struct GroupReachability: Sendable {
    /// Who can open flows to one group.
    public struct Inbound: Sendable {
        /// The group.
        public var groupId: String
        /// Other groups whose members can open flows to its members, and with what.
        public var groups: [(groupId: String, services: ServiceSet)]
        /// Addresses outside the configuration, by CIDR block of its ingress rules.
        public var outsideSources: [InboundReachability.Source]
    }

    /// The snapshot.
    public let snapshot: PolicySnapshot
    /// The probe interface of each group.
    public let probes: [String: String]
    private let groupOfProbe: [String: String]
    private let peers: Reachability
    private let everything: Reachability

    /// Builds the probes of every group of `snapshot`.
    /// - Parameter snapshot: The policy.
    public init(_ snapshot: PolicySnapshot) {
        self.snapshot = snapshot
        var probes: [String: String] = [:]
        var groupOfProbe: [String: String] = [:]
        var probeSnapshot = snapshot
        probeSnapshot.networkInterfaces = []
        for (index, group) in snapshot.securityGroups.enumerated() {
            let id = "eni-group\(index)"
            probes[group.groupId] = id
            groupOfProbe[id] = group.groupId
            let address = IPv4Address(0xF000_0000 &+ UInt32(truncatingIfNeeded: index + 1))
            probeSnapshot.networkInterfaces.append(
                NetworkInterface(
                    networkInterfaceId: id, scope: snapshot.scope, subnetId: "subnet-probe", vpcId: group.vpcId,
                    availabilityZone: "", groupIds: [group.groupId],
                    privateIpAddresses: [.init(address: address, primary: true)], macAddress: ""
                )
            )
        }
        self.probes = probes
        self.groupOfProbe = groupOfProbe
        everything = Reachability(probeSnapshot)
        var referencesOnly = probeSnapshot
        referencesOnly.securityGroupRules = probeSnapshot.securityGroupRules.filter {
            $0.isEgress || $0.peer.referencedGroupId != nil
        }
        peers = Reachability(referencesOnly)
    }

    /// What members of `sourceGroupId` can open to members of `destinationGroupId` (empty for the same group).
    public func services(fromGroup sourceGroupId: String, toGroup destinationGroupId: String) -> ServiceSet {
        guard let source = probes[sourceGroupId], let destination = probes[destinationGroupId] else { return ServiceSet() }
        return peers.services(from: source, to: destination)
    }

    /// Who can open flows to `groupId`: other groups and outside CIDR blocks.
    /// - Returns: Nil for a group the snapshot does not hold.
    public func inbound(toGroup groupId: String) -> Inbound? {
        guard let probe = probes[groupId], let fromGroups = peers.inbound(to: probe),
            let fromAnywhere = everything.inbound(to: probe)
        else { return nil }
        let groups = fromGroups.interfaces.compactMap { entry in
            groupOfProbe[entry.networkInterfaceId].map { (groupId: $0, services: entry.services) }
        }
        return Inbound(groupId: groupId, groups: groups, outsideSources: fromAnywhere.outsideSources)
    }

    /// Groups whose ingress admits something from public address space.
    public func internetExposure() -> [(groupId: String, exposure: InternetExposure)] {
        everything.internetExposure().compactMap { exposure in
            groupOfProbe[exposure.networkInterfaceId].map { (groupId: $0, exposure: exposure) }
        }
    }
}

/// The difference of two ``ServiceSet``s, which a ``ServiceSet`` cannot always express ("everything but tcp 22").
public struct ServiceDelta: Hashable, Sendable, CustomStringConvertible, Encodable {
    /// Per protocol name (`tcp`, `udp`, `icmp`, `proto-50`), the ports or ICMP types.
    public var protocols: [String: String]
    /// Whether every protocol not listed is included too.
    public var otherProtocols: Bool

    /// `left` minus `right`.
    public init(_ left: ServiceSet, minus right: ServiceSet) {
        var protocols: [String: String] = [:]
        var numbers = Set(left.byProtocol.keys)
        if left.allProtocols {
            numbers.formUnion([ProtocolNumber.tcp, ProtocolNumber.udp, ProtocolNumber.icmp, ProtocolNumber.icmpv6])
            numbers.formUnion(right.byProtocol.keys)
        }
        for number in numbers.sorted() {
            let remaining = ServiceDelta.subtract(left.ports(number), right.ports(number))
            guard !remaining.isEmpty else { continue }
            protocols[ProtocolNumber.name(number)] = ServiceDelta.describe(number, remaining)
        }
        self.protocols = protocols
        otherProtocols = left.allProtocols && !right.allProtocols
    }

    /// Whether nothing differs.
    public var isEmpty: Bool { protocols.isEmpty && !otherProtocols }

    /// `all traffic`, or e.g. `tcp 0-442, 444-65535; all other protocols`.
    public var description: String {
        var parts = protocols.keys.sorted().map { "\($0) \(protocols[$0]!)" }
        if otherProtocols { parts.append(parts.isEmpty ? "all traffic" : "all other protocols") }
        return parts.joined(separator: "; ")
    }

    private static func describe(_ number: UInt8, _ ports: PortRangeSet) -> String {
        switch number {
        case ProtocolNumber.tcp, ProtocolNumber.udp: return ports.description
        case ProtocolNumber.icmp, ProtocolNumber.icmpv6: return ports.icmpDescription
        default: return "all"
        }
    }

    /// The ports of `left` that `right` does not hold.
    static func subtract(_ left: PortRangeSet, _ right: PortRangeSet) -> PortRangeSet {
        var result: [ClosedRange<UInt16>] = []
        for range in left.ranges {
            var pieces = [range]
            for cut in right.ranges {
                pieces = pieces.flatMap { piece -> [ClosedRange<UInt16>] in
                    guard piece.overlaps(cut) else { return [piece] }
                    var kept: [ClosedRange<UInt16>] = []
                    if cut.lowerBound > piece.lowerBound { kept.append(piece.lowerBound...(cut.lowerBound - 1)) }
                    if cut.upperBound < piece.upperBound { kept.append((cut.upperBound + 1)...piece.upperBound) }
                    return kept
                }
            }
            result += pieces
        }
        return PortRangeSet(result)
    }
}
