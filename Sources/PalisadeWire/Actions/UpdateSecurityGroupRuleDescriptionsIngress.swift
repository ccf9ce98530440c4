public import PalisadeCore

public struct UpdateSecurityGroupRuleDescriptionsIngress: EC2WriteAction {
    public static let name = "UpdateSecurityGroupRuleDescriptionsIngress"
    let groupId: String?
    let groupName: String?
    let permissions: [IpPermission]
    let descriptions: [(String, String?)]

    public init(_ request: QueryRequest) throws(PolicyError) {
        groupId = request["GroupId"]
        groupName = request["GroupName"]
        permissions = try request.ipPermissions()
        var descriptions: [(String, String?)] = []
        for item in request.structures("SecurityGroupRuleDescription") {
            guard let id = item["SecurityGroupRuleId"] else { throw .missing("SecurityGroupRuleId") }
            descriptions.append((id, item["Description"]))
        }
        self.descriptions = descriptions
        if permissions.isEmpty && descriptions.isEmpty { throw .missing("IpPermissions") }
        if !permissions.isEmpty && !descriptions.isEmpty {
            throw PolicyError(
                .invalidParameterCombination,
                "The parameter IpPermissions cannot be used with the parameter SecurityGroupRuleDescriptions")
        }
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        if descriptions.isEmpty {
            try state.updateRuleDescriptions(
                scope: context.scope, groupId: groupId, groupName: groupName, direction: .ingress, permissions: permissions)
        } else {
            try state.updateRuleDescriptions(
                scope: context.scope, groupId: groupId, groupName: groupName, direction: .ingress,
                descriptions: descriptions)
        }
        return .returnTrue
    }
}
