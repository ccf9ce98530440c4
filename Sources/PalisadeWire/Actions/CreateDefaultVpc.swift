public import PalisadeCore

public struct CreateDefaultVpc: EC2WriteAction {
    public static let name = "CreateDefaultVpc"

    public init(_ request: QueryRequest) throws(PolicyError) {}

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let vpc = try state.createDefaultVpc(scope: context.scope)
        return EC2Result { writer in writer.element("vpc") { $0.vpc(vpc) } }
    }
}
