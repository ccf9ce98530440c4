public import PalisadeCore

public struct ModifySecurityGroupRules: EC2WriteAction {
    public static let name = "ModifySecurityGroupRules"
    let groupId: String
    let updates: [SecurityGroupRuleUpdate]

    public init(_ request: QueryRequest) throws(PolicyError) {
        groupId = try request.requiredString("GroupId")
        var updates: [SecurityGroupRuleUpdate] = []
        for item in request.structures("SecurityGroupRule") {
            guard let id = item["SecurityGroupRuleId"] else { throw .missing("SecurityGroupRuleId") }
            let rule = item.sub("SecurityGroupRule")
            updates.append(SecurityGroupRuleUpdate(
                ruleId: id, ipProtocol: rule["IpProtocol"], fromPort: try rule.int("FromPort"),
                toPort: try rule.int("ToPort"), cidrIpv4: rule["CidrIpv4"], cidrIpv6: rule["CidrIpv6"],
                prefixListId: rule["PrefixListId"], referencedGroupId: rule["ReferencedGroupId"],
                description: rule["Description"]))
        }
        if updates.isEmpty { throw .missing("SecurityGroupRule") }
        self.updates = updates
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try state.modifyRules(scope: context.scope, groupId: groupId, updates: updates)
        return .returnTrue
    }
}
