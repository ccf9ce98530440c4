/// One rule: matches, all of which must hold, then a statement.
public struct NFTRule: Hashable, Sendable, CustomStringConvertible {
    public var matches: [NFTMatch]
    public var statement: NFTStatement
    /// Written as `comment "…"`: the security group rules the nft rule stands for.
    public var comment: String?

    public init(_ matches: [NFTMatch], _ statement: NFTStatement, comment: String? = nil) {
        self.matches = matches
        self.statement = statement
        self.comment = comment
    }

    /// The text nft reads.
    public var description: String { text }

    var text: String {
        var parts = matches.map(\.text)
        parts.append(statement.text)
        if let comment { parts.append("comment \"\(comment)\"") }
        return parts.joined(separator: " ")
    }
}
