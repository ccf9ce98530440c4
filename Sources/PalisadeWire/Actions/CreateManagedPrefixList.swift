public import PalisadeCore

public struct CreateManagedPrefixList: EC2WriteAction {
    public static let name = "CreateManagedPrefixList"
    let name: String?
    let maxEntries: Int?
    let addressFamily: String?
    let entries: [ManagedPrefixList.Entry]
    let tags: [Tag]

    public init(_ request: QueryRequest) throws(PolicyError) {
        name = request["PrefixListName"]
        maxEntries = try request.int("MaxEntries")
        addressFamily = request["AddressFamily"]
        var entries: [ManagedPrefixList.Entry] = []
        for item in request.structures("Entry") {
            guard let cidr = item["Cidr"] else { throw .missing("Entry.Cidr") }
            entries.append(.init(cidr: cidr, description: item["Description"]))
        }
        self.entries = entries
        tags = try request.tags(for: "prefix-list")
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let list = try state.createManagedPrefixList(
            scope: context.scope, name: name, maxEntries: maxEntries, addressFamily: addressFamily, entries: entries,
            tags: tags)
        return EC2Result { writer in writer.element("prefixList") { $0.managedPrefixList(list) } }
    }
}
