import PalisadeCore
import PalisadeNFTables

/// The fast path for membership changes: when two snapshots differ only in network interfaces that are not
/// bound in a namespace, the table of that namespace differs only in the elements of the group sets
/// (`sg_…_v4`, `sg_…_v6`) of the groups those interfaces left or joined. They are recomputed from the
/// snapshot without rendering the table (which compiles every rule), and the applied table is patched.
///
/// The set names come from the renderer's `NameTable` (PalisadeNFTables), built over the same referenced
/// groups. ``GroupSetNames/init(snapshot:bindings:ruleset:)`` checks the
/// names against the applied table and gives up (the caller renders) when they do not match it exactly.
/// Tests compare the patched table with a full rendering.
struct GroupSetNames: Sendable {
    /// Set name stem (`sg_0abc`) by group ID, for the groups that rules of bound interfaces reference.
    let stemByGroup: [String: String]
    /// Index in `ruleset.sets` by set name.
    let setIndex: [String: Int]

    /// - Returns: `nil` when the derived names do not match the group sets of `ruleset` one to one.
    init?(snapshot: PolicySnapshot, boundIds: Set<String>, ruleset: NFTRuleset) {
        var attached: Set<String> = []
        for networkInterface in snapshot.networkInterfaces where boundIds.contains(networkInterface.networkInterfaceId) {
            attached.formUnion(networkInterface.groupIds)
        }
        var referenced: Set<String> = []
        for rule in snapshot.securityGroupRules where attached.contains(rule.groupId) {
            if case .securityGroup(let group) = rule.peer { referenced.insert(group.groupId) }
        }
        let names = NameTable(prefix: "sg", ids: referenced)
        let stems = Dictionary(uniqueKeysWithValues: referenced.map { ($0, names[$0]) })
        var index: [String: Int] = [:]
        for (position, set) in ruleset.sets.enumerated() { index[set.name] = position }
        var groupSets = 0
        for stem in stems.values {
            guard index["\(stem)_v4"] != nil, index["\(stem)_v6"] != nil else { return nil }
            groupSets += 2
        }
        // Every group set of the table is one of ours (prefix-list sets are `pl_…`).
        guard ruleset.sets.count(where: { $0.name.hasPrefix("sg_") }) == groupSets else { return nil }
        stemByGroup = stems
        setIndex = index
    }
}

enum MembershipDelta {
    /// The interfaces whose records differ between `old` and `new`, or `nil` when anything else differs
    /// (rules, groups, prefix lists, VPCs, subnets, scope): then only a rendering can tell.
    static func changedInterfaces(from old: PolicySnapshot, to new: PolicySnapshot)
        -> (old: [String: NetworkInterface], new: [String: NetworkInterface])?
    {
        // Array `==` is O(1) when the buffers are shared, as they are when `PolicySnapshot.applying` left a
        // kind untouched.
        guard old.scope == new.scope, old.securityGroupRules == new.securityGroupRules,
            old.securityGroups == new.securityGroups, old.prefixLists == new.prefixLists, old.vpcs == new.vpcs,
            old.subnets == new.subnets
        else { return nil }
        if old.networkInterfaces == new.networkInterfaces { return ([:], [:]) }
        var before: [String: NetworkInterface] = [:]
        for networkInterface in old.networkInterfaces { before[networkInterface.networkInterfaceId] = networkInterface }
        var changedOld: [String: NetworkInterface] = [:]
        var changedNew: [String: NetworkInterface] = [:]
        var seen: Set<String> = []
        for networkInterface in new.networkInterfaces {
            let id = networkInterface.networkInterfaceId
            seen.insert(id)
            let previous = before[id]
            if previous != networkInterface {
                changedNew[id] = networkInterface
                if let previous { changedOld[id] = previous }
            }
        }
        for (id, networkInterface) in before where !seen.contains(id) { changedOld[id] = networkInterface }
        return (changedOld, changedNew)
    }

    /// `applied` (the rendering of a snapshot equal to `new` except for the records of unbound interfaces in
    /// `changed`) patched to the rendering of `new`, and the element changes that get the kernel there.
    /// - Returns: `nil` when a changed interface is bound (its chains change) or the names do not match.
    static func patch(
        applied: NFTRuleset, names: GroupSetNames, new: PolicySnapshot, boundIds: Set<String>,
        changed: (old: [String: NetworkInterface], new: [String: NetworkInterface])
    ) -> (ruleset: NFTRuleset, changes: [NFTElementChange], elementCount: Int)? {
        var affected: Set<String> = []
        for id in Set(changed.old.keys).union(changed.new.keys) {
            if boundIds.contains(id) { return nil }
            for group in changed.old[id]?.groupIds ?? [] where names.stemByGroup[group] != nil { affected.insert(group) }
            for group in changed.new[id]?.groupIds ?? [] where names.stemByGroup[group] != nil { affected.insert(group) }
        }
        var ruleset = applied
        ruleset.revision = new.revision
        guard !affected.isEmpty else { return (ruleset, [], 0) }
        var v4: [String: Set<IPv4Address>] = [:]
        var v6: [String: Set<IPv6Address>] = [:]
        for networkInterface in new.networkInterfaces {
            for group in Set(networkInterface.groupIds) where affected.contains(group) {
                v4[group, default: []].formUnion(networkInterface.privateIpAddresses.map(\.address))
                v6[group, default: []].formUnion(networkInterface.ipv6Addresses)
            }
        }
        var updates: [(index: Int, elements: [String])] = []
        for group in affected {
            let stem = names.stemByGroup[group]!
            updates.append((names.setIndex["\(stem)_v4"]!, (v4[group] ?? []).sorted().map(\.description)))
            updates.append((names.setIndex["\(stem)_v6"]!, (v6[group] ?? []).sorted().map(\.description)))
        }
        updates.sort { $0.index < $1.index }
        var deletions: [NFTElementChange] = []
        var additions: [NFTElementChange] = []
        var count = 0
        for (index, elements) in updates {
            let before = ruleset.sets[index].elements
            guard before != elements else { continue }
            let previous = Set(before)
            let next = Set(elements)
            let removed = before.filter { !next.contains($0) }
            let added = elements.filter { !previous.contains($0) }
            let name = ruleset.sets[index].name
            if !removed.isEmpty {
                deletions.append(
                    NFTElementChange(operation: .delete, table: ruleset.qualifiedName, setName: name, elements: removed))
            }
            if !added.isEmpty {
                additions.append(
                    NFTElementChange(operation: .add, table: ruleset.qualifiedName, setName: name, elements: added))
            }
            count += removed.count + added.count
            ruleset.sets[index].elements = elements
        }
        return (ruleset, deletions + additions, count)
    }
}
