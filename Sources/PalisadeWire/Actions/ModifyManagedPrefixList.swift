public import PalisadeCore

public struct ModifyManagedPrefixList: EC2WriteAction {
    public static let name = "ModifyManagedPrefixList"
    let prefixListId: String?
    let currentVersion: Int64?
    let name: String?
    let addEntries: [ManagedPrefixList.Entry]
    let removeCidrs: [String]
    let maxEntries: Int?

    public init(_ request: QueryRequest) throws(PolicyError) {
        prefixListId = request["PrefixListId"]
        currentVersion = try request.int("CurrentVersion").map(Int64.init)
        name = request["PrefixListName"]
        var add: [ManagedPrefixList.Entry] = []
        for item in request.structures("AddEntry") {
            guard let cidr = item["Cidr"] else { throw .missing("AddEntry.Cidr") }
            add.append(.init(cidr: cidr, description: item["Description"]))
        }
        addEntries = add
        var remove: [String] = []
        for item in request.structures("RemoveEntry") {
            guard let cidr = item["Cidr"] else { throw .missing("RemoveEntry.Cidr") }
            remove.append(cidr)
        }
        removeCidrs = remove
        maxEntries = try request.int("MaxEntries")
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let list = try state.modifyManagedPrefixList(
            scope: context.scope, prefixListId: prefixListId, currentVersion: currentVersion, name: name,
            addEntries: addEntries, removeCidrs: removeCidrs, maxEntries: maxEntries)
        return EC2Result { writer in writer.element("prefixList") { $0.managedPrefixList(list) } }
    }
}
