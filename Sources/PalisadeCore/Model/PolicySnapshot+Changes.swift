extension PolicySnapshot {
    /// The snapshot after `changes`, the records of later revisions of the same scope.
    ///
    /// A put replaces the record with the same key in place (or appends it); a delete removes it. Changes of
    /// other scopes, `scope` markers and records a snapshot does not hold are ignored. AWS-managed prefix lists are not stored records, so they
    /// are recomputed afterwards: present exactly when a rule of the snapshot references one, as
    /// `PolicyState.snapshot(of:)` does.
    ///
    /// ```swift
    /// var snapshot = try await client.snapshot()
    /// let feed = try await client.changes(since: snapshot.revision)
    /// snapshot = snapshot.applying(feed.changes.flatMap(\.changes), revision: feed.revision)
    /// ```
    /// - Parameters:
    ///   - changes: The changes, oldest first.
    ///   - revision: The revision of the result (the last change's revision).
    /// - Returns: The updated snapshot.
    public func applying(_ changes: [PolicyChange], revision: Int64) -> PolicySnapshot {
        var result = self
        result.revision = revision
        var touchesRules = false
        var vpcs = RecordEditor(\Vpc.vpcId)
        var subnets = RecordEditor(\Subnet.subnetId)
        var groups = RecordEditor(\SecurityGroup.groupId)
        var rules = RecordEditor(\SecurityGroupRule.ruleId)
        var interfaces = RecordEditor(\NetworkInterface.networkInterfaceId)
        var lists = RecordEditor(\ManagedPrefixList.prefixListId)
        // Each kind's edits are collected first and applied in one pass over its array (O(records + changes)
        // per call, not O(records) per change), in order, so put-then-delete and delete-then-put keep their
        // meaning. Kinds without changes keep their array (and its storage) untouched.
        for change in changes where change.scope == scope {
            switch change {
            case .put(let record):
                // `if case` rather than `switch`: records the snapshot does not hold (scopes, and whatever
                // kinds are added later) are ignored without a `default` that could mask a new kind.
                if case .vpc(let vpc) = record {
                    vpcs.edits.append(.put(vpc))
                } else if case .subnet(let subnet) = record {
                    subnets.edits.append(.put(subnet))
                } else if case .securityGroup(let group) = record {
                    groups.edits.append(.put(group))
                } else if case .securityGroupRule(let rule) = record {
                    touchesRules = true
                    rules.edits.append(.put(rule))
                } else if case .networkInterface(let eni) = record {
                    interfaces.edits.append(.put(eni))
                } else if case .prefixList(let list) = record {
                    lists.edits.append(.put(list))
                }
            case .delete(let key, _):
                if key.kind == .vpc {
                    vpcs.edits.append(.delete(key.id))
                } else if key.kind == .subnet {
                    subnets.edits.append(.delete(key.id))
                } else if key.kind == .securityGroup {
                    groups.edits.append(.delete(key.id))
                } else if key.kind == .securityGroupRule {
                    touchesRules = true
                    rules.edits.append(.delete(key.id))
                } else if key.kind == .networkInterface {
                    interfaces.edits.append(.delete(key.id))
                } else if key.kind == .prefixList {
                    lists.edits.append(.delete(key.id))
                }
            }
        }
        vpcs.apply(to: &result.vpcs)
        subnets.apply(to: &result.subnets)
        groups.apply(to: &result.securityGroups)
        rules.apply(to: &result.securityGroupRules)
        interfaces.apply(to: &result.networkInterfaces)
        lists.apply(to: &result.prefixLists)
        if touchesRules {
            let managed = AWSManagedPrefixLists.lists(region: scope.region)
            let managedIds = Set(managed.map(\.prefixListId))
            var referenced: Set<String> = []
            for rule in result.securityGroupRules {
                if case .prefixList(let id) = rule.peer, managedIds.contains(id) { referenced.insert(id) }
            }
            result.prefixLists.removeAll { managedIds.contains($0.prefixListId) }
            result.prefixLists += managed.filter { referenced.contains($0.prefixListId) }
        }
        return result
    }
}

/// The puts and deletes of one kind of record, applied to its array in one pass.
private struct RecordEditor<Value> {
    enum Edit {
        case put(Value)
        case delete(String)
    }

    let id: KeyPath<Value, String>
    var edits: [Edit] = []

    init(_ id: KeyPath<Value, String>) { self.id = id }

    /// A put replaces the record with the same key in place (or appends it); a delete removes it.
    func apply(to values: inout [Value]) {
        guard !edits.isEmpty else { return }
        if edits.count == 1 {
            switch edits[0] {
            case .put(let value):
                if let index = values.firstIndex(where: { $0[keyPath: id] == value[keyPath: id] }) {
                    values[index] = value
                } else {
                    values.append(value)
                }
            case .delete(let key):
                values.removeAll { $0[keyPath: id] == key }
            }
            return
        }
        var slots: [Value?] = values.map { $0 }
        var position: [String: Int] = [:]
        position.reserveCapacity(slots.count)
        for (index, value) in values.enumerated() where position[value[keyPath: id]] == nil {
            position[value[keyPath: id]] = index
        }
        var deleted: Set<String> = []
        for edit in edits {
            switch edit {
            case .put(let value):
                let key = value[keyPath: id]
                if let index = position[key] {
                    slots[index] = value
                } else {
                    position[key] = slots.count
                    slots.append(value)
                }
            case .delete(let key):
                // Like `removeAll`: every record with the key goes, duplicates included.
                if position.removeValue(forKey: key) != nil { deleted.insert(key) }
            }
        }
        if !deleted.isEmpty {
            for index in slots.indices {
                guard let key = slots[index]?[keyPath: id], deleted.contains(key) else { continue }
                if position[key] != index { slots[index] = nil }
            }
        }
        values = slots.compactMap { $0 }
    }
}
