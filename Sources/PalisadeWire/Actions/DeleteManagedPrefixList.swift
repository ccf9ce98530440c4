public import PalisadeCore

public struct DeleteManagedPrefixList: EC2WriteAction {
    public static let name = "DeleteManagedPrefixList"
    let prefixListId: String?

    public init(_ request: QueryRequest) throws(PolicyError) { prefixListId = request["PrefixListId"] }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let list = try state.deleteManagedPrefixList(scope: context.scope, prefixListId: prefixListId)
        return EC2Result { writer in writer.element("prefixList") { $0.managedPrefixList(list) } }
    }
}
