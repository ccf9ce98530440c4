/// A managed prefix list: a named, versioned set of CIDR blocks that rules can reference.
public struct ManagedPrefixList: Hashable, Sendable, Codable {
    public struct Entry: Hashable, Sendable, Codable {
        /// Canonical CIDR text.
        public var cidr: String
        public var description: String?
        public init(cidr: String, description: String? = nil) {
            self.cidr = cidr
            self.description = description
        }
    }

    public enum AddressFamily: String, Hashable, Sendable, Codable {
        case ipv4 = "IPv4"
        case ipv6 = "IPv6"
    }

    public var prefixListId: String
    public var scope: Scope
    public var prefixListName: String
    public var addressFamily: AddressFamily
    public var maxEntries: Int
    public var version: Int64
    public var entries: [Entry]
    /// `AWS` for AWS-managed lists, else the owning account.
    public var ownerId: String
    public var state: String
    public var tags: [Tag]

    public init(
        prefixListId: String, scope: Scope, prefixListName: String, addressFamily: AddressFamily, maxEntries: Int,
        version: Int64 = 1, entries: [Entry], ownerId: String, state: String = "create-complete", tags: [Tag] = []
    ) {
        self.prefixListId = prefixListId
        self.scope = scope
        self.prefixListName = prefixListName
        self.addressFamily = addressFamily
        self.maxEntries = maxEntries
        self.version = version
        self.entries = entries
        self.ownerId = ownerId
        self.state = state
        self.tags = tags
    }

    public var isAWSManaged: Bool { ownerId == "AWS" }
    public var arn: String { "arn:aws:ec2:\(scope.region):\(ownerId == "AWS" ? "aws" : ownerId):prefix-list/\(prefixListId)" }

    /// How many rule slots a rule referencing this list takes in each IP family (AWS counts MaxEntries).
    public var ruleWeight: Int { maxEntries }

    public var ipv4Blocks: [IPv4CIDR] { entries.compactMap { IPv4CIDR($0.cidr) } }
    public var ipv6Blocks: [IPv6CIDR] { entries.compactMap { IPv6CIDR($0.cidr) } }
}
