/// A verdict: what happens to a packet once a rule matches.
public enum NFTVerdict: Hashable, Sendable, CustomStringConvertible {
    case accept
    case drop
    /// Back to the calling chain, which goes on with its next rule.
    case `return`
    case jump(String)

    /// The text nft reads.
    public var description: String { text }

    var text: String {
        switch self {
        case .accept: "accept"
        case .drop: "drop"
        case .return: "return"
        case .jump(let chain): "jump \(chain)"
        }
    }
}
