public import PalisadeCore

/// What an action knows about the request beyond its parameters.
public struct ActionContext: Sendable {
    public var scope: Scope
    public var requestId: String

    public init(scope: Scope, requestId: String) {
        self.scope = scope
        self.requestId = requestId
    }
}

/// The result members of a response, written later (outside the store's lock) from values copied out of it.
public struct EC2Result: Sendable {
    public let write: @Sendable (inout XMLWriter) -> Void

    public init(_ write: @escaping @Sendable (inout XMLWriter) -> Void) { self.write = write }

    /// `<return>true</return>`, what actions without an output shape answer.
    public static let returnTrue = EC2Result { $0.element("return", true) }
}

/// An EC2 action: decodes its parameters (syntax only) in `init`, then runs against the state.
public protocol EC2Action: Sendable {
    static var name: String { get }
    init(_ request: QueryRequest) throws(PolicyError)
}

/// An action that only reads.
public protocol EC2ReadAction: EC2Action {
    func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result
}

/// An action that changes the state; it runs inside one atomic store write.
public protocol EC2WriteAction: EC2Action {
    func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result
}

/// Every EC2 action Palisade serves, by name.
public enum EC2Actions {
    public static let all: [String: any EC2Action.Type] = {
        let actions: [any EC2Action.Type] = [
            CreateVpc.self, DescribeVpcs.self, DeleteVpc.self, CreateDefaultVpc.self, DescribeVpcAttribute.self,
            ModifyVpcAttribute.self, CreateSubnet.self, DescribeSubnets.self, DeleteSubnet.self, ModifySubnetAttribute.self,
            CreateSecurityGroup.self, DeleteSecurityGroup.self, DescribeSecurityGroups.self,
            AuthorizeSecurityGroupIngress.self, AuthorizeSecurityGroupEgress.self, RevokeSecurityGroupIngress.self,
            RevokeSecurityGroupEgress.self, DescribeSecurityGroupRules.self, ModifySecurityGroupRules.self,
            UpdateSecurityGroupRuleDescriptionsIngress.self, UpdateSecurityGroupRuleDescriptionsEgress.self,
            DescribeSecurityGroupReferences.self, DescribeStaleSecurityGroups.self, CreateNetworkInterface.self,
            DescribeNetworkInterfaces.self, ModifyNetworkInterfaceAttribute.self, DeleteNetworkInterface.self,
            CreateTags.self, DeleteTags.self, DescribeTags.self, CreateManagedPrefixList.self,
            DescribeManagedPrefixLists.self, ModifyManagedPrefixList.self, DeleteManagedPrefixList.self,
            GetManagedPrefixListEntries.self, DescribePrefixLists.self, DescribeAccountAttributes.self,
            DescribeRegions.self, DescribeAvailabilityZones.self, DescribeRouteTables.self,
            CreateNetworkInsightsPath.self, DescribeNetworkInsightsPaths.self, DeleteNetworkInsightsPath.self,
            StartNetworkInsightsAnalysis.self, DescribeNetworkInsightsAnalyses.self, DeleteNetworkInsightsAnalysis.self,
        ]
        return Dictionary(uniqueKeysWithValues: actions.map { ($0.name, $0) })
    }()
}
