public import PalisadeCore

public struct CreateSecurityGroup: EC2WriteAction {
    public static let name = "CreateSecurityGroup"
    let groupName: String?
    let description: String?
    let vpcId: String?
    let tags: [Tag]

    public init(_ request: QueryRequest) throws(PolicyError) {
        groupName = request["GroupName"]
        description = request["GroupDescription"]
        vpcId = request["VpcId"]
        tags = try request.tags(for: "security-group")
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let group = try state.createSecurityGroup(
            scope: context.scope, groupName: groupName, description: description, vpcId: vpcId, tags: tags)
        return EC2Result { writer in
            writer.element("return", true)
            writer.element("groupId", group.groupId)
            writer.element("securityGroupArn", group.arn)
            if !group.tags.isEmpty { writer.tagSet(group.tags) }
        }
    }
}
