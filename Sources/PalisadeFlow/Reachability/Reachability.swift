public import PalisadeCore

/// Static reachability of a snapshot, derived from rule and group structure rather than by probing
/// packets: who can open flows to whom, on which protocols and ports, and what is open to the internet.
///
/// Addresses fall into classes (the same CIDR blocks of any rule contain them, the same groups hold
/// them); interfaces with the same group set and address classes answer alike, and each answer is
/// computed once per pair of classes.
///
/// ```swift
/// let reachability = Reachability(snapshot)
/// reachability.services(from: "eni-web", to: "eni-db")   // tcp 3306
/// reachability.matrix().reachablePairCount
/// ```
public struct Reachability: Sendable {
    public let policy: CompiledPolicy

    /// The services a matcher admits per peer kind.
    struct Profile: Sendable {
        var byV4: [Int32: ServiceSet] = [:]
        var byV6: [Int32: ServiceSet] = [:]
        var byGroup: [Int32: ServiceSet] = [:]
    }

    struct PeerClass: Hashable, Sendable {
        var ipv6: Bool
        var chain: Int
        var groups: [Int32]
    }

    struct Signature: Hashable, Sendable {
        var groupSet: Int32
        var classes: [Int32]
    }

    private var v4Blocks: [IPv4CIDR] = []
    private var v6Blocks: [IPv6CIDR] = []
    private var v4Index = IntervalIndex<UInt32>()
    private var v6Index = IntervalIndex<UInt128>()
    private var ingressProfiles: [Int32: Profile] = [:]
    private var egressProfiles: [Int32: Profile] = [:]
    private var peerClasses: [PeerClass] = []
    private var signatures: [Signature] = []
    /// Per interface slot, its signature (-1 for empty slots).
    private var signatureOfSlot: [Int32] = []

    public init(_ snapshot: PolicySnapshot) {
        self.init(policy: CompiledPolicy(snapshot))
    }

    public init(policy: CompiledPolicy) {
        self.policy = policy
        var v4Ids: [IPv4CIDR: Int32] = [:]
        var v6Ids: [IPv6CIDR: Int32] = [:]
        var profilesIn: [Int32: Profile] = [:]
        var profilesOut: [Int32: Profile] = [:]
        for (index, groupSet) in policy.groupSets.enumerated() {
            guard let groupSet else { continue }
            for direction in Direction.allCases {
                var profile = Profile()
                for term in groupSet.matcher(direction).terms {
                    let services = Reachability.services(of: term)
                    switch term.peer {
                    case .v4(let cidr):
                        let id: Int32
                        if let known = v4Ids[cidr] {
                            id = known
                        } else {
                            id = Int32(v4Blocks.count)
                            v4Blocks.append(cidr)
                            v4Ids[cidr] = id
                        }
                        profile.byV4[id, default: ServiceSet()].formUnion(services)
                    case .v6(let cidr):
                        let id: Int32
                        if let known = v6Ids[cidr] {
                            id = known
                        } else {
                            id = Int32(v6Blocks.count)
                            v6Blocks.append(cidr)
                            v6Ids[cidr] = id
                        }
                        profile.byV6[id, default: ServiceSet()].formUnion(services)
                    case .group(let group):
                        profile.byGroup[group, default: ServiceSet()].formUnion(services)
                    }
                }
                if direction == .ingress { profilesIn[Int32(index)] = profile } else { profilesOut[Int32(index)] = profile }
            }
        }
        ingressProfiles = profilesIn
        egressProfiles = profilesOut
        v4Index = IntervalIndex(v4Blocks.enumerated().map { .init(low: $1.first.value, high: $1.last.value, item: Int32($0)) })
        v6Index = IntervalIndex(
            v6Blocks.enumerated().map {
                .init(low: IPAddress.v6($1.first).wideValue, high: IPAddress.v6($1.last).wideValue, item: Int32($0))
            })
        var classIds: [PeerClass: Int32] = [:]
        var signatureIds: [Signature: Int32] = [:]
        signatureOfSlot = Array(repeating: -1, count: policy.interfaces.count)
        for (slot, interface) in policy.interfaces.enumerated() {
            guard let interface else { continue }
            var classes = Set<Int32>()
            for address in interface.info.addresses {
                let peerClass = peerClass(of: address)
                let id: Int32
                if let known = classIds[peerClass] {
                    id = known
                } else {
                    id = Int32(peerClasses.count)
                    peerClasses.append(peerClass)
                    classIds[peerClass] = id
                }
                classes.insert(id)
            }
            let signature = Signature(groupSet: interface.groupSet, classes: classes.sorted())
            let id: Int32
            if let known = signatureIds[signature] {
                id = known
            } else {
                id = Int32(signatures.count)
                signatures.append(signature)
                signatureIds[signature] = id
            }
            signatureOfSlot[slot] = id
        }
    }

    private func peerClass(of address: IPAddress) -> PeerClass {
        let groups = policy.groupsByAddress[address] ?? []
        switch address {
        case .v4(let v4): return PeerClass(ipv6: false, chain: v4Index.chain(at: v4.value), groups: groups)
        case .v6: return PeerClass(ipv6: true, chain: v6Index.chain(at: address.wideValue), groups: groups)
        }
    }

    static func services(of term: RuleMatcher.Term) -> ServiceSet {
        if term.protocolNumber < 0 { return .everything }
        let number = UInt8(term.protocolNumber)
        let hasRange = [1, 6, 17, 58].contains(number)
        return ServiceSet(protocolNumber: number, ports: hasRange ? PortRangeSet(term.low...term.high) : .all)
    }

    /// What `profile` admits to or from an address of `peerClass`.
    private func services(_ profile: Profile?, toward peerClass: PeerClass) -> ServiceSet {
        guard let profile else { return ServiceSet() }
        var result = ServiceSet()
        if peerClass.ipv6 {
            if !profile.byV6.isEmpty {
                v6Index.forEachItem(inChain: peerClass.chain) { id in
                    if let services = profile.byV6[id] { result.formUnion(services) }
                }
            }
        } else if !profile.byV4.isEmpty {
            v4Index.forEachItem(inChain: peerClass.chain) { id in
                if let services = profile.byV4[id] { result.formUnion(services) }
            }
        }
        if !profile.byGroup.isEmpty {
            for group in peerClass.groups {
                if let services = profile.byGroup[group] { result.formUnion(services) }
            }
        }
        return result
    }

    private func services(from source: Signature, to destination: Signature, memo: inout [Int64: ServiceSet])
        -> ServiceSet
    {
        var result = ServiceSet()
        for destinationClass in destination.classes {
            let egress = memoized(source.groupSet, .egress, destinationClass, &memo)
            if egress.isEmpty { continue }
            for sourceClass in source.classes
            where peerClasses[Int(sourceClass)].ipv6 == peerClasses[Int(destinationClass)].ipv6 {
                let ingress = memoized(destination.groupSet, .ingress, sourceClass, &memo)
                if ingress.isEmpty { continue }
                result.formUnion(egress.intersection(ingress))
                if result.allProtocols { return result }
            }
        }
        return result
    }

    private func memoized(_ groupSet: Int32, _ direction: Direction, _ peerClass: Int32, _ memo: inout [Int64: ServiceSet])
        -> ServiceSet
    {
        let key = Int64(groupSet) << 33 | Int64(peerClass) << 1 | (direction == .egress ? 1 : 0)
        if let known = memo[key] { return known }
        let profile = direction == .egress ? egressProfiles[groupSet] : ingressProfiles[groupSet]
        let value = services(profile, toward: peerClasses[Int(peerClass)])
        memo[key] = value
        return value
    }

    // MARK: Queries

    /// What `sourceId` can open to `destinationId` (its egress and the destination's ingress both allow).
    public func services(from sourceId: String, to destinationId: String) -> ServiceSet {
        guard sourceId != destinationId, let source = policy.interfaceIndexById[sourceId],
            let destination = policy.interfaceIndexById[destinationId]
        else { return ServiceSet() }
        var memo: [Int64: ServiceSet] = [:]
        return services(
            from: signatures[Int(signatureOfSlot[Int(source)])], to: signatures[Int(signatureOfSlot[Int(destination)])],
            memo: &memo)
    }

    /// Which interfaces and outside CIDR blocks can open flows to `networkInterfaceId`, and with what.
    public func inbound(to networkInterfaceId: String) -> InboundReachability? {
        guard let slot = policy.interfaceIndexById[networkInterfaceId] else { return nil }
        let target = signatures[Int(signatureOfSlot[Int(slot)])]
        var memo: [Int64: ServiceSet] = [:]
        var interfaces: [(networkInterfaceId: String, services: ServiceSet)] = []
        var bySignature: [Int32: ServiceSet] = [:]
        for (otherSlot, other) in policy.interfaces.enumerated() where otherSlot != Int(slot) {
            guard let other else { continue }
            let signature = signatureOfSlot[otherSlot]
            let services = bySignature[signature] ?? {
                let value = self.services(from: signatures[Int(signature)], to: target, memo: &memo)
                bySignature[signature] = value
                return value
            }()
            if !services.isEmpty { interfaces.append((other.info.networkInterfaceId, services)) }
        }
        interfaces.sort { $0.networkInterfaceId < $1.networkInterfaceId }
        return InboundReachability(
            networkInterfaceId: networkInterfaceId, interfaces: interfaces,
            outsideSources: outsideSources(groupSet: target.groupSet, publicOnly: false))
    }

    /// ``inbound(to:)`` for each interface carrying `groupId`.
    public func inbound(toGroup groupId: String) -> [InboundReachability] {
        policy.allInterfaces.filter { $0.groupIds.contains(groupId) }
            .sorted { $0.networkInterfaceId < $1.networkInterfaceId }
            .compactMap { inbound(to: $0.networkInterfaceId) }
    }

    private func outsideSources(groupSet: Int32, publicOnly: Bool) -> [InboundReachability.Source] {
        guard let profile = ingressProfiles[groupSet] else { return [] }
        var sources: [(sortKey: (Bool, UInt128, Int), source: InboundReachability.Source)] = []
        for (id, services) in profile.byV4 {
            let cidr = v4Blocks[Int(id)]
            if publicOnly && !AddressSpace.overlapsPublic(cidr) { continue }
            sources.append(((false, UInt128(cidr.network.value), cidr.prefixLength), .init(cidr: cidr.description, services: services)))
        }
        for (id, services) in profile.byV6 {
            let cidr = v6Blocks[Int(id)]
            if publicOnly && !AddressSpace.overlapsPublic(cidr) { continue }
            sources.append(
                ((true, IPAddress.v6(cidr.network).wideValue, cidr.prefixLength), .init(cidr: cidr.description, services: services)))
        }
        sources.sort { ($0.sortKey.0 ? 1 : 0, $0.sortKey.1, $0.sortKey.2) < ($1.sortKey.0 ? 1 : 0, $1.sortKey.1, $1.sortKey.2) }
        return sources.map(\.source)
    }

    /// Every interface whose ingress admits something from public address space.
    public func internetExposure() -> [InternetExposure] {
        var byGroupSet: [Int32: [InboundReachability.Source]] = [:]
        var result: [InternetExposure] = []
        for interface in policy.interfaces {
            guard let interface else { continue }
            let sources = byGroupSet[interface.groupSet] ?? {
                let value = outsideSources(groupSet: interface.groupSet, publicOnly: true)
                byGroupSet[interface.groupSet] = value
                return value
            }()
            guard !sources.isEmpty else { continue }
            let services = sources.reduce(ServiceSet()) { $0.union($1.services) }
            result.append(
                InternetExposure(networkInterfaceId: interface.info.networkInterfaceId, services: services, sources: sources))
        }
        return result.sorted { $0.networkInterfaceId < $1.networkInterfaceId }
    }

    /// The full matrix of what each interface can open to each other one.
    public func matrix() -> ReachabilityMatrix {
        var memo: [Int64: ServiceSet] = [:]
        var ids: [String] = []
        var classes: [Int32] = []
        var used: [Int32: Int32] = [:]
        var usedSignatures: [Signature] = []
        for (slot, interface) in policy.interfaces.enumerated() {
            guard let interface else { continue }
            ids.append(interface.info.networkInterfaceId)
            let signature = signatureOfSlot[slot]
            let local = used[signature] ?? {
                let local = Int32(usedSignatures.count)
                used[signature] = local
                usedSignatures.append(signatures[Int(signature)])
                return local
            }()
            classes.append(local)
        }
        let count = usedSignatures.count
        var cells = [Int32](repeating: -1, count: count * count)
        var distinct: [ServiceSet] = []
        var distinctIds: [ServiceSet: Int32] = [:]
        for source in 0..<count {
            for destination in 0..<count {
                let services = self.services(from: usedSignatures[source], to: usedSignatures[destination], memo: &memo)
                if services.isEmpty { continue }
                let id = distinctIds[services] ?? {
                    let id = Int32(distinct.count)
                    distinct.append(services)
                    distinctIds[services] = id
                    return id
                }()
                cells[source * count + destination] = id
            }
        }
        return ReachabilityMatrix(
            interfaceIds: ids, classOfInterface: classes, classCount: count, cells: cells, distinctServices: distinct)
    }
}
