public import PalisadeCore

public struct DeleteVpc: EC2WriteAction {
    public static let name = "DeleteVpc"
    let vpcId: String

    public init(_ request: QueryRequest) throws(PolicyError) { vpcId = try request.requiredString("VpcId") }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try state.deleteVpc(vpcId, scope: context.scope)
        return .returnTrue
    }
}
