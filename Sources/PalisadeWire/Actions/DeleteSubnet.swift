public import PalisadeCore

public struct DeleteSubnet: EC2WriteAction {
    public static let name = "DeleteSubnet"
    let subnetId: String

    public init(_ request: QueryRequest) throws(PolicyError) { subnetId = try request.requiredString("SubnetId") }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try state.deleteSubnet(subnetId, scope: context.scope)
        return .returnTrue
    }
}
