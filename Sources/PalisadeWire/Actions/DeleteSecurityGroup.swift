public import PalisadeCore

public struct DeleteSecurityGroup: EC2WriteAction {
    public static let name = "DeleteSecurityGroup"
    let groupId: String?
    let groupName: String?

    public init(_ request: QueryRequest) throws(PolicyError) {
        groupId = request["GroupId"]
        groupName = request["GroupName"]
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let group = try state.deleteSecurityGroup(scope: context.scope, groupId: groupId, groupName: groupName)
        return EC2Result { writer in
            writer.element("return", true)
            writer.element("groupId", group.groupId)
        }
    }
}
