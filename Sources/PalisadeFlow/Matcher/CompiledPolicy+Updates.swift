public import PalisadeCore

/// Incremental updates: a rule change recompiles only its group's matcher (and re-forms the group sets
/// holding the group from their groups' matchers); membership changes touch the address → groups map and,
/// when an interface's set of groups is new, form one set from existing per-group matchers (no compile). Every change is visible to the next decision.
extension CompiledPolicy {
    /// Adds `rule`, or replaces the rule with the same ID.
    ///
    /// ```swift
    /// policy.addRule(rule)   // rebuilds only rule.groupId's matcher for the rule's direction
    /// ```
    public mutating func addRule(_ rule: SecurityGroupRule) {
        insertRule(rule)
        flush()
    }

    /// Removes the rule with `ruleId`; returns whether it existed.
    @discardableResult
    public mutating func removeRule(id ruleId: String) -> Bool {
        let removed = deleteRule(id: ruleId)
        flush()
        return removed
    }

    /// Adds `networkInterface`, or updates its groups and addresses (a member joining or leaving groups).
    public mutating func upsertInterface(_ networkInterface: NetworkInterface) {
        insertInterface(networkInterface)
        flush()
    }

    /// Removes the interface with `networkInterfaceId`; returns whether it existed.
    @discardableResult
    public mutating func removeInterface(id networkInterfaceId: String) -> Bool {
        let removed = deleteInterface(id: networkInterfaceId)
        flush()
        return removed
    }

    /// Adds or replaces a prefix list; rules referencing it are recompiled.
    public mutating func upsertPrefixList(_ list: ManagedPrefixList) {
        prefixLists[list.prefixListId] = PrefixListBlocks(list)
        markPrefixListDirty(list.prefixListId)
        flush()
    }

    /// Removes a prefix list; rules referencing it then match nothing.
    public mutating func removePrefixList(id prefixListId: String) {
        prefixLists[prefixListId] = nil
        markPrefixListDirty(prefixListId)
        flush()
    }

    /// Brings the policy to `snapshot` by applying the differences as incremental updates.
    /// - Parameter snapshot: The new state; usually the next revision of the snapshot compiled before.
    public mutating func update(to snapshot: PolicySnapshot) {
        revision = snapshot.revision
        var newLists: [String: ManagedPrefixList] = [:]
        for list in snapshot.prefixLists { newLists[list.prefixListId] = list }
        for id in prefixLists.keys where newLists[id] == nil {
            prefixLists[id] = nil
            markPrefixListDirty(id)
        }
        for (id, list) in newLists {
            let blocks = PrefixListBlocks(list)
            if let old = prefixLists[id], old.v4 == blocks.v4, old.v6 == blocks.v6 { continue }
            prefixLists[id] = blocks
            markPrefixListDirty(id)
        }
        var newRules: [String: SecurityGroupRule] = [:]
        for rule in snapshot.securityGroupRules { newRules[rule.ruleId] = rule }
        for id in Array(ruleIndexById.keys) where newRules[id] == nil { _ = deleteRule(id: id) }
        for rule in snapshot.securityGroupRules where self.rule(id: rule.ruleId) != rule { insertRule(rule) }
        var newInterfaces: [String: NetworkInterface] = [:]
        for networkInterface in snapshot.networkInterfaces {
            newInterfaces[networkInterface.networkInterfaceId] = networkInterface
        }
        for id in Array(interfaceIndexById.keys) where newInterfaces[id] == nil { _ = deleteInterface(id: id) }
        for networkInterface in snapshot.networkInterfaces
        where interface(id: networkInterface.networkInterfaceId) != CompiledInterface(networkInterface) {
            insertInterface(networkInterface)
        }
        flush()
    }

    // MARK: Internals

    mutating func groupIndex(for groupId: String) -> Int32 {
        if let index = groupIndexById[groupId] { return index }
        let index = Int32(groupIds.count)
        groupIds.append(groupId)
        groupIndexById[groupId] = index
        ingressRulesOfGroup.append([])
        egressRulesOfGroup.append([])
        groupMatchers.append(GroupMatchers())
        return index
    }

    mutating func insertRule(_ rule: SecurityGroupRule) {
        if ruleIndexById[rule.ruleId] != nil { _ = deleteRule(id: rule.ruleId) }
        let group = groupIndex(for: rule.groupId)
        let referenced = rule.peer.referencedGroupId.map { groupIndex(for: $0) } ?? -1
        let compiled = CompiledRule(rule: rule, groupIndex: group, referencedGroup: referenced)
        let index: Int32
        if let free = freeRuleSlots.popLast() {
            index = free
            rules[Int(index)] = compiled
        } else {
            index = Int32(rules.count)
            rules.append(compiled)
        }
        ruleIndexById[rule.ruleId] = index
        if rule.isEgress {
            egressRulesOfGroup[Int(group)].append(index)
        } else {
            ingressRulesOfGroup[Int(group)].append(index)
        }
        if let list = rule.peer.prefixListId { rulesOfPrefixList[list, default: []].insert(index) }
        markGroupDirty(group, direction: rule.direction)
    }

    mutating func deleteRule(id ruleId: String) -> Bool {
        guard let index = ruleIndexById.removeValue(forKey: ruleId), let compiled = rules[Int(index)] else {
            return false
        }
        let group = Int(compiled.groupIndex)
        if compiled.rule.isEgress {
            egressRulesOfGroup[group].removeAll { $0 == index }
        } else {
            ingressRulesOfGroup[group].removeAll { $0 == index }
        }
        if let list = compiled.rule.peer.prefixListId { rulesOfPrefixList[list]?.remove(index) }
        rules[Int(index)] = nil
        freeRuleSlots.append(index)
        markGroupDirty(compiled.groupIndex, direction: compiled.rule.direction)
        return true
    }

    mutating func insertInterface(_ networkInterface: NetworkInterface) {
        let info = CompiledInterface(networkInterface)
        var key = Set<Int32>()
        for groupId in info.groupIds { key.insert(groupIndex(for: groupId)) }
        let groupKey = key.sorted()
        let slot: Int32
        // The new group set is retained before the old one is released, so that an interface keeping its
        // groups (or moving to a set it shares) never drops and rebuilds the matchers.
        let groupSet = retainGroupSet(groupKey)
        if let existing = interfaceIndexById[info.networkInterfaceId], let old = interfaces[Int(existing)],
            old.info.addresses == info.addresses
        {
            // Same addresses (a member joining or leaving groups): the address maps keep their slots; only
            // the groups a reference matches its addresses as members of change.
            releaseGroupSet(old.groupSet)
            interfaces[Int(existing)] = InterfaceSlot(info: info, groupKey: groupKey, groupSet: groupSet)
            if old.groupKey != groupKey {
                for address in info.addresses {
                    // An address only this interface holds (the address index says so without hashing)
                    // takes its groups; a shared one gets the union again.
                    if let hit = addressIndex.lookup(address), !hit.shared {
                        groupsByAddress[address] = groupKey
                    } else {
                        refreshGroups(of: address, addressIndexCurrent: true)
                    }
                }
            }
            return
        }
        var touched = Set(info.addresses)
        if let existing = interfaceIndexById[info.networkInterfaceId], let old = interfaces[Int(existing)] {
            slot = existing
            touched.formUnion(old.info.addresses)
            for address in old.info.addresses { interfacesByAddress[address]?.removeAll { $0 == slot } }
            releaseGroupSet(old.groupSet)
        } else if let free = freeInterfaceSlots.popLast() {
            slot = free
        } else {
            slot = Int32(interfaces.count)
            interfaces.append(nil)
        }
        interfaces[Int(slot)] = InterfaceSlot(info: info, groupKey: groupKey, groupSet: groupSet)
        interfaceIndexById[info.networkInterfaceId] = slot
        for address in Set(info.addresses) { interfacesByAddress[address, default: []].append(slot) }
        for address in touched { refreshGroups(of: address) }
    }

    mutating func deleteInterface(id: String) -> Bool {
        guard let slot = interfaceIndexById.removeValue(forKey: id), let old = interfaces[Int(slot)] else {
            return false
        }
        for address in old.info.addresses { interfacesByAddress[address]?.removeAll { $0 == slot } }
        releaseGroupSet(old.groupSet)
        interfaces[Int(slot)] = nil
        freeInterfaceSlots.append(slot)
        for address in Set(old.info.addresses) { refreshGroups(of: address) }
        return true
    }

    /// Recomputes the groups of `address` and, unless `addressIndexCurrent` (its interfaces did not
    /// change), its entry in the address index.
    mutating func refreshGroups(of address: IPAddress, addressIndexCurrent: Bool = false) {
        guard let slots = interfacesByAddress[address], !slots.isEmpty else {
            interfacesByAddress[address] = nil
            groupsByAddress[address] = nil
            addressIndex.set(address, interface: nil, shared: false)
            return
        }
        if !addressIndexCurrent { addressIndex.set(address, interface: slots[0], shared: slots.count > 1) }
        if slots.count == 1 {
            groupsByAddress[address] = interfaces[Int(slots[0])]!.groupKey
        } else {
            var groups = Set<Int32>()
            for slot in slots { groups.formUnion(interfaces[Int(slot)]!.groupKey) }
            groupsByAddress[address] = groups.sorted()
        }
    }

    mutating func retainGroupSet(_ key: [Int32]) -> Int32 {
        if let index = groupSetIndexByKey[key] {
            groupSets[Int(index)]!.interfaceCount += 1
            return index
        }
        let groupSet = GroupSet(
            groups: key, ingress: groupMatcher(groups: key, direction: .ingress),
            egress: groupMatcher(groups: key, direction: .egress), interfaceCount: 1)
        let index: Int32
        if let free = freeGroupSetSlots.popLast() {
            index = free
            groupSets[Int(index)] = groupSet
        } else {
            index = Int32(groupSets.count)
            groupSets.append(groupSet)
        }
        groupSetIndexByKey[key] = index
        for group in key { groupSetsOfGroup[group, default: []].insert(index) }
        return index
    }

    mutating func releaseGroupSet(_ index: Int32) {
        groupSets[Int(index)]!.interfaceCount -= 1
        guard groupSets[Int(index)]!.interfaceCount == 0 else { return }
        let key = groupSets[Int(index)]!.groups
        for group in key { groupSetsOfGroup[group]?.remove(index) }
        groupSetIndexByKey[key] = nil
        groupSets[Int(index)] = nil
        freeGroupSetSlots.append(index)
    }

    /// The matcher of a set of groups: its groups' current matchers.
    func groupMatcher(groups: [Int32], direction: Direction) -> GroupMatcher {
        GroupMatcher(
            parts: direction == .ingress
                ? groups.map { groupMatchers[Int($0)].ingress } : groups.map { groupMatchers[Int($0)].egress })
    }

    /// Compiles one group's rules in one direction.
    func buildMatcher(group: Int32, direction: Direction) -> RuleMatcher {
        let list = direction == .ingress ? ingressRulesOfGroup[Int(group)] : egressRulesOfGroup[Int(group)]
        return RuleMatcher(rules: list.map { ($0, rules[Int($0)]!) }, prefixLists: prefixLists)
    }

    mutating func markGroupDirty(_ group: Int32, direction: Direction) {
        if direction == .ingress { dirtyIngress.insert(group) } else { dirtyEgress.insert(group) }
    }

    mutating func markPrefixListDirty(_ prefixListId: String) {
        for index in rulesOfPrefixList[prefixListId] ?? [] {
            guard let compiled = rules[Int(index)] else { continue }
            markGroupDirty(compiled.groupIndex, direction: compiled.rule.direction)
        }
    }

    /// Rebuilds the group matchers marked dirty and re-forms the group sets holding those groups.
    mutating func flush() {
        var ingressSets = Set<Int32>()
        var egressSets = Set<Int32>()
        for group in dirtyIngress {
            groupMatchers[Int(group)].ingress = buildMatcher(group: group, direction: .ingress)
            ingressSets.formUnion(groupSetsOfGroup[group] ?? [])
        }
        for group in dirtyEgress {
            groupMatchers[Int(group)].egress = buildMatcher(group: group, direction: .egress)
            egressSets.formUnion(groupSetsOfGroup[group] ?? [])
        }
        for index in ingressSets where groupSets[Int(index)] != nil {
            groupSets[Int(index)]!.ingress = groupMatcher(groups: groupSets[Int(index)]!.groups, direction: .ingress)
        }
        for index in egressSets where groupSets[Int(index)] != nil {
            groupSets[Int(index)]!.egress = groupMatcher(groups: groupSets[Int(index)]!.groups, direction: .egress)
        }
        dirtyIngress.removeAll(keepingCapacity: true)
        dirtyEgress.removeAll(keepingCapacity: true)
    }
}
