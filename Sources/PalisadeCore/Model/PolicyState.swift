/// The whole stored policy of every account and region, indexed for the control plane's queries.
///
/// All mutation goes through ``put(_:)`` and ``delete(_:)``, which keep the indexes right and
/// journal each change, so a write can be persisted as a list of ``PolicyChange``s and undone
/// exactly if persisting fails or an operation throws half way (AWS operations are all-or-nothing).
public struct PolicyState: Sendable {
    /// Revision of the last committed write.
    public internal(set) var revision: Int64 = 0
    public var quotas: Quotas
    public var ids: IDGenerator
    /// The time of the write in progress (set by the store).
    public var now = Timestamp(millisecondsSince1970: 0)

    public internal(set) var scopes: Set<Scope> = []
    public internal(set) var vpcs: [String: Vpc] = [:]
    public internal(set) var subnets: [String: Subnet] = [:]
    public internal(set) var securityGroups: [String: SecurityGroup] = [:]
    public internal(set) var securityGroupRules: [String: SecurityGroupRule] = [:]
    public internal(set) var networkInterfaces: [String: NetworkInterface] = [:]
    public internal(set) var prefixLists: [String: ManagedPrefixList] = [:]
    public internal(set) var networkInsightsPaths: [String: NetworkInsightsPath] = [:]
    public internal(set) var networkInsightsAnalyses: [String: NetworkInsightsAnalysis] = [:]

    // Indexes, maintained by put/delete only.
    var vpcsByScope: [Scope: Set<String>] = [:]
    var defaultVpcByScope: [Scope: String] = [:]
    var subnetsByVpc: [String: Set<String>] = [:]
    var groupsByScope: [Scope: Set<String>] = [:]
    /// The same IDs sorted, so that a page of DescribeSecurityGroups reads only its own groups.
    var sortedGroupsByScope: [Scope: [String]] = [:]
    var groupsByVpc: [String: Set<String>] = [:]
    var groupByName: [String: String] = [:]
    /// The rules of each group sorted by ID: the same values as `securityGroupRules`, kept together so that a
    /// describe reads a group's rules with one lookup instead of one per rule.
    var rulesByGroup: [String: [SecurityGroupRule]] = [:]
    /// Each group's rule IDs by their identity (hashed as values: formatting it as text cost more than the lookup),
    /// per group, so that deleting a group drops its entries in one step.
    var ruleIdsByKey: [String: [SecurityGroupRule.Key: String]] = [:]
    var rulesReferencingGroup: [String: Set<String>] = [:]
    var rulesReferencingPrefixList: [String: Set<String>] = [:]
    /// Rule IDs by peer, so `ip-permission.cidr`-style filters read only matching rules.
    var rulesByPeer: [RulePeer.Key: Set<String>] = [:]
    /// Group IDs by tag (`key NUL value`), so `tag:` filters read only matching groups.
    var groupsByTag: [String: Set<String>] = [:]
    var interfacesByScope: [Scope: Set<String>] = [:]
    var interfacesByGroup: [String: Set<String>] = [:]
    var interfacesBySubnet: [String: Set<String>] = [:]
    var interfaceByAddress: [String: String] = [:]
    var interfaceByClientToken: [String: String] = [:]
    var prefixListsByScope: [Scope: Set<String>] = [:]
    var insightsPathsByScope: [Scope: Set<String>] = [:]
    var insightsPathByClientToken: [String: String] = [:]
    /// Analysis IDs of each path.
    var insightsAnalysesByPath: [String: Set<String>] = [:]
    var insightsAnalysisByClientToken: [String: String] = [:]

    private var journal: [PolicyChange] = []
    private var undo: [(PolicyRecordKey, PolicyRecord?)] = []
    private var writing = false

    public init(quotas: Quotas = Quotas(), ids: IDGenerator = .random) {
        self.quotas = quotas
        self.ids = ids
    }

    // MARK: Writes

    /// Starts a write: changes from here on are journaled until ``commitWrite()`` or ``rollbackWrite()``.
    public mutating func beginWrite(at time: Timestamp) {
        precondition(!writing, "nested write")
        writing = true
        now = time
        journal.removeAll(keepingCapacity: true)
        undo.removeAll(keepingCapacity: true)
    }

    /// The changes of the write in progress, to persist before ``commitWrite()``.
    public var pendingChanges: [PolicyChange] { journal }

    /// Ends a write, returning its changes; bumps the revision when there were any.
    @discardableResult
    public mutating func commitWrite() -> [PolicyChange] {
        precondition(writing)
        writing = false
        let changes = journal
        journal.removeAll(keepingCapacity: true)
        undo.removeAll(keepingCapacity: true)
        if !changes.isEmpty { revision += 1 }
        return changes
    }

    /// Undoes every change of the write in progress.
    public mutating func rollbackWrite() {
        precondition(writing)
        let entries = undo
        writing = false
        for (key, old) in entries.reversed() {
            if let old {
                store(old)
            } else {
                remove(key)
            }
        }
        journal.removeAll(keepingCapacity: true)
        undo.removeAll(keepingCapacity: true)
    }

    /// Applies changes committed elsewhere (loading, replication), without journaling.
    public mutating func apply(_ changes: [PolicyChange], revision: Int64) {
        precondition(!writing)
        for change in changes {
            switch change {
            case .put(let record): store(record)
            case .delete(let key, _): remove(key)
            }
        }
        self.revision = revision
    }

    /// Stores a record, replacing any with the same key.
    public mutating func put(_ record: PolicyRecord) {
        precondition(writing, "put outside a write")
        undo.append((record.key, self.record(record.key)))
        journal.append(.put(record))
        store(record)
    }

    /// Deletes a record if present.
    public mutating func delete(_ key: PolicyRecordKey) {
        precondition(writing, "delete outside a write")
        guard let old = record(key) else { return }
        journalDeletion(of: key, old)
        remove(key)
    }

    /// Journals the deletion of `old` (stored under `key`) in the write in progress, and how to undo it.
    private mutating func journalDeletion(of key: PolicyRecordKey, _ old: PolicyRecord) {
        undo.append((key, old))
        journal.append(.delete(key, old.scope))
    }

    /// The stored record for `key`.
    public func record(_ key: PolicyRecordKey) -> PolicyRecord? {
        switch key.kind {
        case .scope:
            let parts = key.id.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            let scope = Scope(accountId: parts[0], region: parts[1])
            return scopes.contains(scope) ? .scope(scope) : nil
        case .vpc: return vpcs[key.id].map(PolicyRecord.vpc)
        case .subnet: return subnets[key.id].map(PolicyRecord.subnet)
        case .securityGroup: return securityGroups[key.id].map(PolicyRecord.securityGroup)
        case .securityGroupRule: return securityGroupRules[key.id].map(PolicyRecord.securityGroupRule)
        case .networkInterface: return networkInterfaces[key.id].map(PolicyRecord.networkInterface)
        case .prefixList: return prefixLists[key.id].map(PolicyRecord.prefixList)
        case .networkInsightsPath: return networkInsightsPaths[key.id].map(PolicyRecord.networkInsightsPath)
        case .networkInsightsAnalysis: return networkInsightsAnalyses[key.id].map(PolicyRecord.networkInsightsAnalysis)
        }
    }

    /// Every record, for persisting a full image.
    public var allRecords: [PolicyRecord] {
        scopes.map(PolicyRecord.scope) + vpcs.values.map(PolicyRecord.vpc) + subnets.values.map(PolicyRecord.subnet)
            + securityGroups.values.map(PolicyRecord.securityGroup)
            + securityGroupRules.values.map(PolicyRecord.securityGroupRule)
            + networkInterfaces.values.map(PolicyRecord.networkInterface)
            + prefixLists.values.map(PolicyRecord.prefixList)
            + networkInsightsPaths.values.map(PolicyRecord.networkInsightsPath)
            + networkInsightsAnalyses.values.map(PolicyRecord.networkInsightsAnalysis)
    }

    // MARK: Index maintenance

    private mutating func store(_ record: PolicyRecord) {
        remove(record.key)
        switch record {
        case .scope(let scope):
            scopes.insert(scope)
        case .vpc(let vpc):
            vpcs[vpc.vpcId] = vpc
            vpcsByScope[vpc.scope, default: []].insert(vpc.vpcId)
            if vpc.isDefault { defaultVpcByScope[vpc.scope] = vpc.vpcId }
        case .subnet(let subnet):
            subnets[subnet.subnetId] = subnet
            subnetsByVpc[subnet.vpcId, default: []].insert(subnet.subnetId)
        case .securityGroup(let group):
            securityGroups[group.groupId] = group
            groupsByScope[group.scope, default: []].insert(group.groupId)
            sortedGroupsByScope[group.scope, default: []].insertSorted(group.groupId)
            groupsByVpc[group.vpcId, default: []].insert(group.groupId)
            groupByName[PolicyState.nameKey(group.vpcId, group.groupName)] = group.groupId
            for tag in group.tags { groupsByTag[PolicyState.tagKey(tag), default: []].insert(group.groupId) }
        case .securityGroupRule(let rule):
            securityGroupRules[rule.ruleId] = rule
            // Kept sorted by ID: the order then survives a reload and is the same on every replica.
            rulesByGroup[rule.groupId, default: []].insertSorted(rule) { $0.ruleId }
            ruleIdsByKey[rule.groupId, default: [:]][rule.key] = rule.ruleId
            rulesByPeer[rule.peer.key, default: []].insert(rule.ruleId)
            if let referenced = rule.peer.referencedGroupId {
                rulesReferencingGroup[referenced, default: []].insert(rule.ruleId)
            }
            if let list = rule.peer.prefixListId {
                rulesReferencingPrefixList[list, default: []].insert(rule.ruleId)
            }
        case .networkInterface(let eni):
            networkInterfaces[eni.networkInterfaceId] = eni
            interfacesByScope[eni.scope, default: []].insert(eni.networkInterfaceId)
            interfacesBySubnet[eni.subnetId, default: []].insert(eni.networkInterfaceId)
            for group in eni.groupIds { interfacesByGroup[group, default: []].insert(eni.networkInterfaceId) }
            for address in eni.privateAddresses {
                interfaceByAddress[PolicyState.addressKey(eni.vpcId, address)] = eni.networkInterfaceId
            }
            if let token = eni.clientToken {
                interfaceByClientToken["\(eni.scope)|\(token)"] = eni.networkInterfaceId
            }
        case .prefixList(let list):
            prefixLists[list.prefixListId] = list
            prefixListsByScope[list.scope, default: []].insert(list.prefixListId)
        case .networkInsightsPath(let path):
            networkInsightsPaths[path.networkInsightsPathId] = path
            insightsPathsByScope[path.scope, default: []].insert(path.networkInsightsPathId)
            if let token = path.clientToken {
                insightsPathByClientToken["\(path.scope)|\(token)"] = path.networkInsightsPathId
            }
        case .networkInsightsAnalysis(let analysis):
            networkInsightsAnalyses[analysis.networkInsightsAnalysisId] = analysis
            insightsAnalysesByPath[analysis.networkInsightsPathId, default: []].insert(analysis.networkInsightsAnalysisId)
            if let token = analysis.clientToken {
                insightsAnalysisByClientToken["\(analysis.scope)|\(token)"] = analysis.networkInsightsAnalysisId
            }
        }
    }

    private mutating func remove(_ key: PolicyRecordKey) {
        switch key.kind {
        case .scope:
            if case .scope(let scope)? = record(key) { scopes.remove(scope) }
        case .vpc:
            guard let vpc = vpcs.removeValue(forKey: key.id) else { return }
            vpcsByScope[vpc.scope]?.remove(vpc.vpcId)
            if defaultVpcByScope[vpc.scope] == vpc.vpcId { defaultVpcByScope[vpc.scope] = nil }
        case .subnet:
            guard let subnet = subnets.removeValue(forKey: key.id) else { return }
            subnetsByVpc[subnet.vpcId]?.remove(subnet.subnetId)
        case .securityGroup:
            guard let group = securityGroups.removeValue(forKey: key.id) else { return }
            groupsByScope[group.scope]?.remove(group.groupId)
            sortedGroupsByScope[group.scope]?.removeSorted(group.groupId)
            groupsByVpc[group.vpcId]?.remove(group.groupId)
            let nameKey = PolicyState.nameKey(group.vpcId, group.groupName)
            if groupByName[nameKey] == group.groupId { groupByName[nameKey] = nil }
            for tag in group.tags {
                let key = PolicyState.tagKey(tag)
                groupsByTag[key]?.remove(group.groupId)
                if groupsByTag[key]?.isEmpty == true { groupsByTag[key] = nil }
            }
        case .securityGroupRule:
            guard let rule = securityGroupRules.removeValue(forKey: key.id) else { return }
            rulesByGroup.modify(rule.groupId) { $0.removeSorted(rule.ruleId) { $0.ruleId } }
            ruleIdsByKey.modify(rule.groupId) { ids in
                if let indexed = ids.removeValue(forKey: rule.key), indexed != rule.ruleId { ids[rule.key] = indexed }
            }
            removeFromPeerIndexes(rule)
        case .networkInterface:
            guard let eni = networkInterfaces.removeValue(forKey: key.id) else { return }
            interfacesByScope[eni.scope]?.remove(eni.networkInterfaceId)
            interfacesBySubnet[eni.subnetId]?.remove(eni.networkInterfaceId)
            for group in eni.groupIds {
                interfacesByGroup[group]?.remove(eni.networkInterfaceId)
                if interfacesByGroup[group]?.isEmpty == true { interfacesByGroup[group] = nil }
            }
            for address in eni.privateAddresses {
                interfaceByAddress[PolicyState.addressKey(eni.vpcId, address)] = nil
            }
            if let token = eni.clientToken { interfaceByClientToken["\(eni.scope)|\(token)"] = nil }
        case .prefixList:
            guard let list = prefixLists.removeValue(forKey: key.id) else { return }
            prefixListsByScope[list.scope]?.remove(list.prefixListId)
        case .networkInsightsPath:
            guard let path = networkInsightsPaths.removeValue(forKey: key.id) else { return }
            insightsPathsByScope[path.scope]?.remove(path.networkInsightsPathId)
            if let token = path.clientToken { insightsPathByClientToken["\(path.scope)|\(token)"] = nil }
        case .networkInsightsAnalysis:
            guard let analysis = networkInsightsAnalyses.removeValue(forKey: key.id) else { return }
            insightsAnalysesByPath[analysis.networkInsightsPathId]?.remove(analysis.networkInsightsAnalysisId)
            if insightsAnalysesByPath[analysis.networkInsightsPathId]?.isEmpty == true {
                insightsAnalysesByPath[analysis.networkInsightsPathId] = nil
            }
            if let token = analysis.clientToken { insightsAnalysisByClientToken["\(analysis.scope)|\(token)"] = nil }
        }
    }

    /// Removes a rule, already gone from `securityGroupRules`, from the indexes by peer.
    private mutating func removeFromPeerIndexes(_ rule: SecurityGroupRule) {
        rulesByPeer.modify(rule.peer.key) { $0.remove(rule.ruleId) }
        if let referenced = rule.peer.referencedGroupId {
            rulesReferencingGroup.modify(referenced) { $0.remove(rule.ruleId) }
        }
        if let list = rule.peer.prefixListId {
            rulesReferencingPrefixList[list]?.remove(rule.ruleId)
        }
    }

    static func nameKey(_ vpcId: String, _ name: String) -> String { vpcId + "\u{0}" + name.lowercased() }
    static func addressKey(_ vpcId: String, _ address: IPAddress) -> String { vpcId + "|" + address.description }
    static func tagKey(_ tag: Tag) -> String { tag.key + "\u{0}" + tag.value }

    // MARK: Queries

    public func defaultVpcId(in scope: Scope) -> String? { defaultVpcByScope[scope] }
    public func vpcIds(in scope: Scope) -> Set<String> { vpcsByScope[scope] ?? [] }
    public func subnetIds(inVpc vpcId: String) -> Set<String> { subnetsByVpc[vpcId] ?? [] }
    public func groupIds(in scope: Scope) -> Set<String> { groupsByScope[scope] ?? [] }
    /// The scope's group IDs in ascending order.
    public func sortedGroupIds(in scope: Scope) -> [String] { sortedGroupsByScope[scope] ?? [] }
    public func groupIds(inVpc vpcId: String) -> Set<String> { groupsByVpc[vpcId] ?? [] }
    public func groupId(named name: String, inVpc vpcId: String) -> String? { groupByName[PolicyState.nameKey(vpcId, name)] }
    public func interfaceIds(in scope: Scope) -> Set<String> { interfacesByScope[scope] ?? [] }
    public func interfaceIds(inSubnet subnetId: String) -> Set<String> { interfacesBySubnet[subnetId] ?? [] }
    public func interfaceIds(withGroup groupId: String) -> Set<String> { interfacesByGroup[groupId] ?? [] }
    public func interfaceId(address: IPAddress, inVpc vpcId: String) -> String? {
        interfaceByAddress[PolicyState.addressKey(vpcId, address)]
    }
    public func prefixListIds(in scope: Scope) -> Set<String> { prefixListsByScope[scope] ?? [] }
    public func networkInsightsPathIds(in scope: Scope) -> Set<String> { insightsPathsByScope[scope] ?? [] }
    public func networkInsightsAnalysisIds(ofPath pathId: String) -> Set<String> { insightsAnalysesByPath[pathId] ?? [] }
    public func ruleIdsReferencing(group groupId: String) -> Set<String> { rulesReferencingGroup[groupId] ?? [] }
    public func ruleIdsReferencing(prefixList id: String) -> Set<String> { rulesReferencingPrefixList[id] ?? [] }
    public func ruleIds(withPeer key: RulePeer.Key) -> Set<String> { rulesByPeer[key] ?? [] }
    public func groupIds(taggedWith tag: Tag) -> Set<String> { groupsByTag[PolicyState.tagKey(tag)] ?? [] }

    /// Deletes every rule of a group (before the group itself is deleted).
    mutating func deleteRules(of groupId: String) {
        precondition(writing, "delete outside a write")
        // The group's own indexes go in one step each; only those shared with other groups are updated per rule
        // (a group's delete spent most of its time in the model removing its rules one by one from every index).
        // Journaled last first, as deleting them one at a time would, so that undoing restores the same order.
        guard let rules = rulesByGroup.removeValue(forKey: groupId) else { return }
        ruleIdsByKey.removeValue(forKey: groupId)
        for rule in rules.reversed() {
            journalDeletion(of: PolicyRecordKey(kind: .securityGroupRule, id: rule.ruleId), .securityGroupRule(rule))
            securityGroupRules.removeValue(forKey: rule.ruleId)
            removeFromPeerIndexes(rule)
        }
    }

    /// The rules of a group sorted by ID, optionally one direction only.
    public func rules(of groupId: String, direction: Direction? = nil) -> [SecurityGroupRule] {
        let rules = rulesByGroup[groupId] ?? []
        return direction.map { direction in rules.filter { $0.direction == direction } } ?? rules
    }

    /// The existing rule of `groupId` with the same identity as `key`, if any.
    public func existingRule(in groupId: String, key: SecurityGroupRule.Key) -> SecurityGroupRule? {
        ruleIdsByKey[groupId]?[key].flatMap { securityGroupRules[$0] }
    }

    /// The snapshot of one account and region.
    public func snapshot(of scope: Scope) -> PolicySnapshot {
        let groups = groupIds(in: scope).sorted().compactMap { securityGroups[$0] }
        return PolicySnapshot(
            revision: revision, scope: scope,
            vpcs: vpcIds(in: scope).sorted().compactMap { vpcs[$0] },
            subnets: vpcIds(in: scope).sorted().flatMap { subnetIds(inVpc: $0).sorted().compactMap { subnets[$0] } },
            securityGroups: groups,
            securityGroupRules: groups.flatMap { rules(of: $0.groupId) },
            networkInterfaces: interfaceIds(in: scope).sorted().compactMap { networkInterfaces[$0] },
            // The scope's own lists, plus the AWS-managed ones its rules use.
            prefixLists: prefixListIds(in: scope).sorted().compactMap { prefixLists[$0] }
                + AWSManagedPrefixLists.lists(region: scope.region).filter { list in
                    ruleIdsReferencing(prefixList: list.prefixListId).contains { securityGroupRules[$0]?.scope == scope }
                })
    }
}

extension PolicyState {
    /// Deletes every record of every scope (the emulator reset endpoint). Scopes are set up again on next use.
    public mutating func deleteEverything() {
        for record in allRecords { delete(record.key) }
    }
}

extension Dictionary where Value: Collection {
    /// Changes the value of `key` in place, if there is one, and removes the entry once the value is empty: one
    /// hash lookup instead of three (a group's delete removes a dozen rules from several such indexes).
    mutating func modify(_ key: Key, _ change: (inout Value) -> Void) {
        guard let index = index(forKey: key) else { return }
        change(&values[index])
        if values[index].isEmpty { remove(at: index) }
    }
}

extension Array {
    /// The index of the first element whose `key` is not less than `value`, in an array ascending by `key`.
    func lowerBound(of value: String, by key: (Element) -> String) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if key(self[mid]) < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Inserts `element` into an array ascending by `key`, keeping it ascending.
    mutating func insertSorted(_ element: Element, by key: (Element) -> String) {
        insert(element, at: lowerBound(of: key(element), by: key))
    }

    /// Removes the element whose `key` is `value` from an array ascending by `key`, if it is there.
    mutating func removeSorted(_ value: String, by key: (Element) -> String) {
        let index = lowerBound(of: value, by: key)
        if index < count && key(self[index]) == value { remove(at: index) }
    }
}

extension Array where Element == String {
    /// The index of the first element not less than `value`, in an ascending array.
    func lowerBound(of value: String) -> Int { lowerBound(of: value) { $0 } }

    /// Inserts `value` into an ascending array, keeping it ascending.
    mutating func insertSorted(_ value: String) { insertSorted(value) { $0 } }

    /// Removes `value` from an ascending array, if it is there.
    mutating func removeSorted(_ value: String) { removeSorted(value) { $0 } }
}
