extension PolicyState {
    private func prefixListEntries(
        _ entries: [ManagedPrefixList.Entry], family: ManagedPrefixList.AddressFamily
    ) throws(PolicyError) -> [ManagedPrefixList.Entry] {
        var result: [ManagedPrefixList.Entry] = []
        for entry in entries {
            let canonical: String
            switch family {
            case .ipv4:
                guard let cidr = IPv4CIDR(entry.cidr) else {
                    throw .invalidValue("The CIDR '\(entry.cidr)' is not a valid IPv4 CIDR block.")
                }
                canonical = cidr.description
            case .ipv6:
                guard let cidr = IPv6CIDR(entry.cidr) else {
                    throw .invalidValue("The CIDR '\(entry.cidr)' is not a valid IPv6 CIDR block.")
                }
                canonical = cidr.description
            }
            if let description = entry.description, description.count > 255 {
                throw .invalidValue("Entry description must be at most 255 characters")
            }
            if result.contains(where: { $0.cidr == canonical }) {
                throw .invalidValue("The CIDR '\(canonical)' is specified more than once.")
            }
            result.append(.init(cidr: canonical, description: entry.description))
        }
        return result
    }

    /// CreateManagedPrefixList.
    public mutating func createManagedPrefixList(
        scope: Scope, name: String?, maxEntries: Int?, addressFamily: String?, entries: [ManagedPrefixList.Entry],
        tags: [Tag]
    ) throws(PolicyError) -> ManagedPrefixList {
        guard let name, !name.isEmpty else { throw .missing("PrefixListName") }
        guard let maxEntries else { throw .missing("MaxEntries") }
        guard let addressFamily else { throw .missing("AddressFamily") }
        if name.count > 255 || name.lowercased().hasPrefix("com.amazonaws") {
            throw .invalidValue("The prefix list name '\(name)' is invalid. Names cannot start with com.amazonaws.")
        }
        guard let family = ManagedPrefixList.AddressFamily(rawValue: addressFamily) else {
            throw .invalidValue("The address family '\(addressFamily)' is invalid. Valid values: IPv4, IPv6.")
        }
        guard (1...quotas.entriesPerPrefixList).contains(maxEntries) else {
            throw .invalidValue("The maximum number of entries must be between 1 and \(quotas.entriesPerPrefixList).")
        }
        let canonical = try prefixListEntries(entries, family: family)
        guard canonical.count <= maxEntries else {
            throw PolicyError(
                .prefixListMaxEntriesExceeded, "The number of entries exceeds the maximum number of entries (\(maxEntries)).")
        }
        try Validation.tags(tags)
        guard prefixListIds(in: scope).count < quotas.prefixListsPerRegion else {
            throw PolicyError(.prefixListLimitExceeded, "The maximum number of prefix lists has been reached.")
        }
        let list = ManagedPrefixList(
            prefixListId: ids.make(.prefixList), scope: scope, prefixListName: name, addressFamily: family,
            maxEntries: maxEntries, entries: canonical, ownerId: scope.accountId, tags: tags)
        put(.prefixList(list))
        return list
    }

    /// ModifyManagedPrefixList: rename, add/remove entries (new version), or resize.
    public mutating func modifyManagedPrefixList(
        scope: Scope, prefixListId: String?, currentVersion: Int64?, name: String?,
        addEntries: [ManagedPrefixList.Entry], removeCidrs: [String], maxEntries: Int?
    ) throws(PolicyError) -> ManagedPrefixList {
        guard let prefixListId else { throw .missing("PrefixListId") }
        var list = try prefixList(prefixListId, in: scope)
        guard !list.isAWSManaged else {
            throw PolicyError(.unauthorizedOperation, "AWS-managed prefix lists cannot be modified.")
        }
        if let currentVersion, currentVersion != list.version {
            throw PolicyError(
                .prefixListVersionMismatch,
                "The prefix list has the incorrect version number. Current version is \(list.version).")
        }
        let changesEntries = !addEntries.isEmpty || !removeCidrs.isEmpty
        if maxEntries != nil && changesEntries {
            throw PolicyError(
                .invalidParameterCombination, "You cannot modify the entries and the maximum number of entries at the same time.")
        }
        if let name {
            if name.isEmpty || name.count > 255 || name.lowercased().hasPrefix("com.amazonaws") {
                throw .invalidValue("The prefix list name '\(name)' is invalid.")
            }
            list.prefixListName = name
        }
        if changesEntries {
            if currentVersion == nil { throw .missing("CurrentVersion") }
            var entries = list.entries
            for text in removeCidrs {
                let canonical = try prefixListEntries([.init(cidr: text)], family: list.addressFamily)[0].cidr
                guard let index = entries.firstIndex(where: { $0.cidr == canonical }) else {
                    throw PolicyError(
                        .invalidPrefixListModification, "The CIDR '\(text)' does not exist in the prefix list.")
                }
                entries.remove(at: index)
            }
            for entry in try prefixListEntries(addEntries, family: list.addressFamily) {
                if let index = entries.firstIndex(where: { $0.cidr == entry.cidr }) {
                    entries[index].description = entry.description
                } else {
                    entries.append(entry)
                }
            }
            guard entries.count <= list.maxEntries else {
                throw PolicyError(
                    .prefixListMaxEntriesExceeded,
                    "The number of entries exceeds the maximum number of entries (\(list.maxEntries)).")
            }
            list.entries = entries
            list.version += 1
        }
        if let maxEntries {
            guard (1...quotas.entriesPerPrefixList).contains(maxEntries), maxEntries >= list.entries.count else {
                throw .invalidValue("The maximum number of entries must be between \(max(1, list.entries.count)) and \(quotas.entriesPerPrefixList).")
            }
            list.maxEntries = maxEntries
        }
        // AWS answers modify-in-progress and settles on modify-complete, which Terraform's AWS provider waits
        // for; Palisade applies the change at once.
        list.state = "modify-complete"
        put(.prefixList(list))
        // A larger list weighs more in every group that references it.
        if maxEntries != nil {
            for ruleId in ruleIdsReferencing(prefixList: list.prefixListId) {
                if let rule = securityGroupRules[ruleId] { try checkRuleQuota(rule.groupId, rule.direction) }
            }
        }
        return list
    }

    /// DeleteManagedPrefixList: refused while rules reference it.
    public mutating func deleteManagedPrefixList(scope: Scope, prefixListId: String?) throws(PolicyError)
        -> ManagedPrefixList
    {
        guard let prefixListId else { throw .missing("PrefixListId") }
        var list = try prefixList(prefixListId, in: scope)
        guard !list.isAWSManaged else {
            throw PolicyError(.unauthorizedOperation, "AWS-managed prefix lists cannot be deleted.")
        }
        guard ruleIdsReferencing(prefixList: list.prefixListId).isEmpty else {
            throw PolicyError(.dependencyViolation, "The prefix list '\(list.prefixListId)' is referenced by security group rules.")
        }
        delete(PolicyRecordKey(kind: .prefixList, id: list.prefixListId))
        list.state = "delete-complete"
        return list
    }
}
