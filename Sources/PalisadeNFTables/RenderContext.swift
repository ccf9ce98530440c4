import PalisadeCore
import PalisadeFlow

/// What rendering one snapshot for one set of bindings needs, computed once: the compiled policy, the
/// bound interfaces, names, and who is a member of which group.
struct RenderContext {
    struct Binding {
        var id: String
        var interfaceName: String
        /// `nil` when the snapshot has no such interface (its chains then drop everything).
        var networkInterface: NetworkInterface?
    }

    let snapshot: PolicySnapshot
    let policy: CompiledPolicy
    /// Ordered by network interface ID.
    let bound: [Binding]
    let interfaceNames: NameTable
    let groupNames: NameTable
    let prefixListNames: NameTable
    let prefixListsById: [String: ManagedPrefixList]
    /// Rules of the groups attached to bound interfaces, by group.
    let rulesByGroup: [String: [SecurityGroupRule]]
    /// Groups that rules of bound interfaces reference, sorted.
    let referencedGroups: [String]
    /// Prefix lists that rules of bound interfaces reference and the snapshot holds, sorted.
    let referencedPrefixLists: [String]

    init(snapshot: PolicySnapshot, bindings: InterfaceBindings) {
        self.snapshot = snapshot
        policy = CompiledPolicy(snapshot)
        var interfacesById: [String: NetworkInterface] = [:]
        for networkInterface in snapshot.networkInterfaces {
            interfacesById[networkInterface.networkInterfaceId] = networkInterface
        }
        bound = bindings.sorted.map {
            Binding(
                id: $0.networkInterfaceId, interfaceName: $0.interfaceName,
                networkInterface: interfacesById[$0.networkInterfaceId])
        }
        var lists: [String: ManagedPrefixList] = [:]
        for list in snapshot.prefixLists { lists[list.prefixListId] = list }
        prefixListsById = lists

        let attached = Set(bound.flatMap { $0.networkInterface?.groupIds ?? [] })
        var rulesByGroup: [String: [SecurityGroupRule]] = [:]
        var groups: Set<String> = []
        var prefixLists: Set<String> = []
        for rule in snapshot.securityGroupRules where attached.contains(rule.groupId) {
            rulesByGroup[rule.groupId, default: []].append(rule)
            switch rule.peer {
            case .securityGroup(let group): groups.insert(group.groupId)
            case .prefixList(let id) where lists[id] != nil: prefixLists.insert(id)
            default: break
            }
        }
        self.rulesByGroup = rulesByGroup
        referencedGroups = groups.sorted()
        referencedPrefixLists = prefixLists.sorted()
        interfaceNames = NameTable(prefix: "eni", ids: bound.map(\.id))
        groupNames = NameTable(prefix: "sg", ids: referencedGroups)
        prefixListNames = NameTable(prefix: "pl", ids: referencedPrefixLists)
    }

    func groupSetName(_ groupId: String, _ family: NFTMatch.Family) -> String {
        "\(groupNames[groupId])_\(family == .ipv4 ? "v4" : "v6")"
    }

    func prefixListSetName(_ prefixListId: String, _ family: NFTMatch.Family) -> String {
        "\(prefixListNames[prefixListId])_\(family == .ipv4 ? "v4" : "v6")"
    }

    /// The families a prefix list has a set for: its declared family, and any family its entries hold.
    func families(ofPrefixList id: String) -> [NFTMatch.Family] {
        guard let list = prefixListsById[id] else { return [] }
        var families: [NFTMatch.Family] = []
        if list.addressFamily == .ipv4 || !list.ipv4Blocks.isEmpty { families.append(.ipv4) }
        if list.addressFamily == .ipv6 || !list.ipv6Blocks.isEmpty { families.append(.ipv6) }
        return families
    }

    /// One IPv4 and one IPv6 set per referenced group: the private addresses of every interface holding it.
    func groupSets() -> [NFTSet] {
        let referenced = Set(referencedGroups)
        var v4: [String: Set<IPv4Address>] = [:]
        var v6: [String: Set<IPv6Address>] = [:]
        for networkInterface in snapshot.networkInterfaces {
            for group in Set(networkInterface.groupIds) where referenced.contains(group) {
                v4[group, default: []].formUnion(networkInterface.privateIpAddresses.map(\.address))
                v6[group, default: []].formUnion(networkInterface.ipv6Addresses)
            }
        }
        return referencedGroups.flatMap { group in
            [
                NFTSet(
                    name: groupSetName(group, .ipv4), type: [.ipv4Address],
                    elements: (v4[group] ?? []).sorted().map(\.description)),
                NFTSet(
                    name: groupSetName(group, .ipv6), type: [.ipv6Address],
                    elements: (v6[group] ?? []).sorted().map(\.description)),
            ]
        }
    }

    /// Interval sets per referenced prefix list and family, nested blocks folded into their container.
    func prefixListSets() -> [NFTSet] {
        referencedPrefixLists.flatMap { id -> [NFTSet] in
            guard let list = prefixListsById[id] else { return [] }
            return families(ofPrefixList: id).map { family in
                let elements =
                    family == .ipv4
                    ? CIDRFolding.fold(list.ipv4Blocks).map(\.description)
                    : CIDRFolding.fold(list.ipv6Blocks).map(\.description)
                return NFTSet(
                    name: prefixListSetName(id, family), type: [family == .ipv4 ? .ipv4Address : .ipv6Address],
                    isInterval: true, elements: elements)
            }
        }
    }
}
