/// Where nft commands run: a named network namespace (`ip netns`), or the host's own namespace. Each holds
/// one Palisade table, so bindings are grouped by namespace.
public struct NetworkNamespace: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The `ip netns` name; `nil` for the host.
    public var name: String?

    public init(_ name: String?) {
        self.name = name
    }

    public static let host = NetworkNamespace(nil)

    public static func < (lhs: NetworkNamespace, rhs: NetworkNamespace) -> Bool {
        (lhs.name ?? "") < (rhs.name ?? "")
    }

    public var description: String { name.map { "netns \($0)" } ?? "host" }

    /// A name `ip netns` accepts (a file name under /run/netns).
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && name.utf8.count <= 255
            && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "/") }
    }
}
