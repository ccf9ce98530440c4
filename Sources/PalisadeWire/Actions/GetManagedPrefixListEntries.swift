public import PalisadeCore

public struct GetManagedPrefixListEntries: EC2ReadAction {
    public static let name = "GetManagedPrefixListEntries"
    let prefixListId: String
    let targetVersion: Int64?
    let pagination: Pagination

    public init(_ request: QueryRequest) throws(PolicyError) {
        prefixListId = try request.requiredString("PrefixListId")
        targetVersion = try request.int("TargetVersion").map(Int64.init)
        pagination = try Pagination(request, bounds: 1...100)
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let list = try state.prefixList(prefixListId, in: context.scope)
        if let targetVersion, targetVersion != list.version {
            // Only the current version is kept.
            throw PolicyError(
                .prefixListVersionMismatch, "The prefix list version \(targetVersion) is not available; current is \(list.version).")
        }
        let (entries, token) = pagination.page(list.entries.sorted { $0.cidr < $1.cidr }) { $0.cidr }
        return EC2Result { writer in
            writer.list("entrySet", entries) { writer, entry in
                writer.element("cidr", entry.cidr)
                writer.element("description", entry.description)
            }
            writer.element("nextToken", token)
        }
    }
}
