public import PalisadeCore

public struct ModifyNetworkInterfaceAttribute: EC2WriteAction {
    public static let name = "ModifyNetworkInterfaceAttribute"
    let networkInterfaceId: String?
    let groupIds: [String]?
    let description: String?
    let sourceDestCheck: Bool?
    let connectionTracking: ConnectionTrackingConfiguration?

    public init(_ request: QueryRequest) throws(PolicyError) {
        networkInterfaceId = request["NetworkInterfaceId"]
        let groups = request.list("SecurityGroupId")
        groupIds = groups.isEmpty ? nil : groups
        description = request["Description.Value"]
        sourceDestCheck = try request.bool("SourceDestCheck.Value")
        connectionTracking = try request.connectionTracking()
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try state.modifyNetworkInterface(
            scope: context.scope, networkInterfaceId: networkInterfaceId, groupIds: groupIds, description: description,
            sourceDestCheck: sourceDestCheck, connectionTracking: connectionTracking)
        return .returnTrue
    }
}
