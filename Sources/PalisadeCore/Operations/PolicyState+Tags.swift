extension PolicyState {
    /// The taggable record an ID names in `scope`, or the NotFound error of its kind.
    public func taggableRecord(_ id: String, in scope: Scope) throws(PolicyError) -> PolicyRecord {
        guard let kind = ResourceKind.of(id: id) else {
            throw PolicyError(.invalidID, "The ID '\(id)' is not valid")
        }
        switch kind {
        case .vpc: return .vpc(try vpc(id, in: scope))
        case .subnet: return .subnet(try subnet(id, in: scope))
        case .securityGroup: return .securityGroup(try securityGroup(id, in: scope))
        case .securityGroupRule: return .securityGroupRule(try securityGroupRule(id, in: scope))
        case .networkInterface: return .networkInterface(try networkInterface(id, in: scope))
        case .prefixList: return .prefixList(try prefixList(id, in: scope))
        case .networkInsightsPath: return .networkInsightsPath(try networkInsightsPath(id, in: scope))
        case .networkInsightsAnalysis: return .networkInsightsAnalysis(try networkInsightsAnalysis(id, in: scope))
        default: throw PolicyError(.invalidID, "The ID '\(id)' is not valid")
        }
    }

    /// The tags of a record (`[]` for records without tags).
    public static func tags(of record: PolicyRecord) -> [Tag] {
        switch record {
        case .scope: []
        case .vpc(let value): value.tags
        case .subnet(let value): value.tags
        case .securityGroup(let value): value.tags
        case .securityGroupRule(let value): value.tags
        case .networkInterface(let value): value.tags
        case .prefixList(let value): value.tags
        case .networkInsightsPath(let value): value.tags
        case .networkInsightsAnalysis(let value): value.tags
        }
    }

    static func setting(_ tags: [Tag], on record: PolicyRecord) -> PolicyRecord {
        switch record {
        case .scope: return record
        case .vpc(var value): value.tags = tags; return .vpc(value)
        case .subnet(var value): value.tags = tags; return .subnet(value)
        case .securityGroup(var value): value.tags = tags; return .securityGroup(value)
        case .securityGroupRule(var value): value.tags = tags; return .securityGroupRule(value)
        case .networkInterface(var value): value.tags = tags; return .networkInterface(value)
        case .prefixList(var value): value.tags = tags; return .prefixList(value)
        case .networkInsightsPath(var value): value.tags = tags; return .networkInsightsPath(value)
        case .networkInsightsAnalysis(var value): value.tags = tags; return .networkInsightsAnalysis(value)
        }
    }

    /// CreateTags: adds or overwrites tags on every resource, or on none.
    public mutating func createTags(scope: Scope, resourceIds: [String], tags: [Tag]) throws(PolicyError) {
        guard !resourceIds.isEmpty else { throw .missing("ResourceId") }
        guard !tags.isEmpty else { throw .missing("Tag") }
        try Validation.tags(tags)
        var updated: [PolicyRecord] = []
        for id in resourceIds {
            let record = try taggableRecord(id, in: scope)
            var current = PolicyState.tags(of: record)
            current.merge(tags)
            if current.count > quotas.tagsPerResource {
                throw PolicyError(
                    .tagLimitExceeded, "The maximum number of tags (\(quotas.tagsPerResource)) for resource \(id) has been reached.")
            }
            updated.append(PolicyState.setting(current, on: record))
        }
        for record in updated { put(record) }
    }

    /// DeleteTags: a key alone deletes whatever the value; a key with a value only that value;
    /// no tags deletes every tag.
    public mutating func deleteTags(scope: Scope, resourceIds: [String], tags: [(String, String?)]) throws(PolicyError) {
        guard !resourceIds.isEmpty else { throw .missing("ResourceId") }
        var updated: [PolicyRecord] = []
        for id in resourceIds {
            let record = try taggableRecord(id, in: scope)
            var current = PolicyState.tags(of: record)
            if tags.isEmpty {
                current.removeAll { !$0.key.hasPrefix("aws:") }
            } else {
                for (key, value) in tags {
                    current.removeAll { $0.key == key && (value == nil || $0.value == value) }
                }
            }
            updated.append(PolicyState.setting(current, on: record))
        }
        for record in updated { put(record) }
    }
}
