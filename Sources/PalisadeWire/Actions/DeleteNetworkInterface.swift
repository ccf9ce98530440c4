public import PalisadeCore

public struct DeleteNetworkInterface: EC2WriteAction {
    public static let name = "DeleteNetworkInterface"
    let networkInterfaceId: String?

    public init(_ request: QueryRequest) throws(PolicyError) { networkInterfaceId = request["NetworkInterfaceId"] }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try state.deleteNetworkInterface(scope: context.scope, networkInterfaceId: networkInterfaceId)
        return .returnTrue
    }
}
