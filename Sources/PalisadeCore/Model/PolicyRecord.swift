/// One stored resource. The store persists records; the state indexes them.
public enum PolicyRecord: Hashable, Sendable, Codable {
    /// Marks an account/region as set up (default VPC made), so deleting the default VPC does not bring it back.
    case scope(Scope)
    case vpc(Vpc)
    case subnet(Subnet)
    case securityGroup(SecurityGroup)
    case securityGroupRule(SecurityGroupRule)
    case networkInterface(NetworkInterface)
    case prefixList(ManagedPrefixList)
    case networkInsightsPath(NetworkInsightsPath)
    case networkInsightsAnalysis(NetworkInsightsAnalysis)

    public var key: PolicyRecordKey {
        switch self {
        case .scope(let scope): PolicyRecordKey(kind: .scope, id: "\(scope.accountId)/\(scope.region)")
        case .vpc(let vpc): PolicyRecordKey(kind: .vpc, id: vpc.vpcId)
        case .subnet(let subnet): PolicyRecordKey(kind: .subnet, id: subnet.subnetId)
        case .securityGroup(let group): PolicyRecordKey(kind: .securityGroup, id: group.groupId)
        case .securityGroupRule(let rule): PolicyRecordKey(kind: .securityGroupRule, id: rule.ruleId)
        case .networkInterface(let eni): PolicyRecordKey(kind: .networkInterface, id: eni.networkInterfaceId)
        case .prefixList(let list): PolicyRecordKey(kind: .prefixList, id: list.prefixListId)
        case .networkInsightsPath(let path): PolicyRecordKey(kind: .networkInsightsPath, id: path.networkInsightsPathId)
        case .networkInsightsAnalysis(let analysis):
            PolicyRecordKey(kind: .networkInsightsAnalysis, id: analysis.networkInsightsAnalysisId)
        }
    }

    public var scope: Scope {
        switch self {
        case .scope(let scope): scope
        case .vpc(let vpc): vpc.scope
        case .subnet(let subnet): subnet.scope
        case .securityGroup(let group): group.scope
        case .securityGroupRule(let rule): rule.scope
        case .networkInterface(let eni): eni.scope
        case .prefixList(let list): list.scope
        case .networkInsightsPath(let path): path.scope
        case .networkInsightsAnalysis(let analysis): analysis.scope
        }
    }
}

/// Identifies a record: its kind and ID.
public struct PolicyRecordKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case scope
        case vpc
        case subnet
        case securityGroup = "security-group"
        case securityGroupRule = "security-group-rule"
        case networkInterface = "network-interface"
        case prefixList = "prefix-list"
        case networkInsightsPath = "network-insights-path"
        case networkInsightsAnalysis = "network-insights-analysis"
    }

    public var kind: Kind
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }

    public var description: String { "\(kind.rawValue):\(id)" }
}

/// One change of a committed write: a record stored (created or replaced) or deleted.
public enum PolicyChange: Hashable, Sendable, Codable {
    case put(PolicyRecord)
    case delete(PolicyRecordKey, Scope)

    public var key: PolicyRecordKey {
        switch self {
        case .put(let record): record.key
        case .delete(let key, _): key
        }
    }

    public var scope: Scope {
        switch self {
        case .put(let record): record.scope
        case .delete(_, let scope): scope
        }
    }
}
