public import PalisadeCore

/// Lists references to the groups from VPCs across a peering or transit gateway connection.
/// Palisade has no peering yet, so the answer is always empty, but the groups are checked as AWS does.
public struct DescribeSecurityGroupReferences: EC2ReadAction {
    public static let name = "DescribeSecurityGroupReferences"
    let groupIds: [String]

    public init(_ request: QueryRequest) throws(PolicyError) {
        groupIds = request.list("GroupId")
        if groupIds.isEmpty { throw .missing("GroupId") }
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        for id in groupIds { _ = try state.securityGroup(id, in: context.scope) }
        return EC2Result { writer in
            writer.list("securityGroupReferenceSet", [String]()) { _, _ in }
        }
    }
}
