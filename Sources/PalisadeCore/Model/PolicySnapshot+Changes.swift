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
        for change in changes where change.scope == scope {
            switch change {
            case .put(let record):
                // `if case` rather than `switch`: records the snapshot does not hold (scopes, and whatever
                // kinds are added later) are ignored without a `default` that could mask a new kind.
                if case .vpc(let vpc) = record {
                    Self.upsert(vpc, into: &result.vpcs, id: \.vpcId)
                } else if case .subnet(let subnet) = record {
                    Self.upsert(subnet, into: &result.subnets, id: \.subnetId)
                } else if case .securityGroup(let group) = record {
                    Self.upsert(group, into: &result.securityGroups, id: \.groupId)
                } else if case .securityGroupRule(let rule) = record {
                    touchesRules = true
                    Self.upsert(rule, into: &result.securityGroupRules, id: \.ruleId)
                } else if case .networkInterface(let eni) = record {
                    Self.upsert(eni, into: &result.networkInterfaces, id: \.networkInterfaceId)
                } else if case .prefixList(let list) = record {
                    Self.upsert(list, into: &result.prefixLists, id: \.prefixListId)
                }
            case .delete(let key, _):
                if key.kind == .vpc {
                    result.vpcs.removeAll { $0.vpcId == key.id }
                } else if key.kind == .subnet {
                    result.subnets.removeAll { $0.subnetId == key.id }
                } else if key.kind == .securityGroup {
                    result.securityGroups.removeAll { $0.groupId == key.id }
                } else if key.kind == .securityGroupRule {
                    touchesRules = true
                    result.securityGroupRules.removeAll { $0.ruleId == key.id }
                } else if key.kind == .networkInterface {
                    result.networkInterfaces.removeAll { $0.networkInterfaceId == key.id }
                } else if key.kind == .prefixList {
                    result.prefixLists.removeAll { $0.prefixListId == key.id }
                }
            }
        }
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

    private static func upsert<Value>(_ value: Value, into values: inout [Value], id: KeyPath<Value, String>) {
        if let index = values.firstIndex(where: { $0[keyPath: id] == value[keyPath: id] }) {
            values[index] = value
        } else {
            values.append(value)
        }
    }
}
