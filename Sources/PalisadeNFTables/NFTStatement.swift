/// What a rule does when its matches hold.
public enum NFTStatement: Hashable, Sendable, CustomStringConvertible {
    case verdict(NFTVerdict)
    /// Skips connection tracking for the packet (`notrack`, raw priority only).
    case notrack
    /// Attaches a `ct timeout` object to the packet's new connection.
    case setConntrackTimeout(String)
    /// `iifname vmap @map` (`inbound`) or `oifname vmap @map`.
    case interfaceVerdictMap(inbound: Bool, map: String)

    public static let accept = NFTStatement.verdict(.accept)
    public static let drop = NFTStatement.verdict(.drop)
    public static let `return` = NFTStatement.verdict(.return)

    /// The text nft reads.
    public var description: String { text }

    var text: String {
        switch self {
        case .verdict(let verdict): verdict.text
        case .notrack: "notrack"
        case .setConntrackTimeout(let name): "ct timeout set \"\(name)\""
        case .interfaceVerdictMap(let inbound, let map): "\(inbound ? "iifname" : "oifname") vmap @\(map)"
        }
    }
}
