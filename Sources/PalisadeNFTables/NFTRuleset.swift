/// One nftables table as values: sets, verdict maps, conntrack timeout objects and chains, in the order
/// they are written.
///
/// ``NFTRenderer`` builds it from a snapshot; ``text`` is the table block and ``replacementScript`` the
/// whole `nft -f` file that swaps the table atomically. Two rulesets that differ only in set elements
/// differ only by element deltas (``NFTDelta``).
///
/// ```swift
/// let ruleset = NFTRenderer().render(snapshot, bindings: bindings)
/// try ruleset.replacementScript.write(to: file)   // then: nft -f file
/// ```
public struct NFTRuleset: Hashable, Sendable {
    /// The table family; Palisade always uses `inet` (IPv4 and IPv6 in one table).
    public var family: String
    public var tableName: String
    /// Snapshot revision the ruleset was rendered from; written in the header comment only.
    public var revision: Int64?
    public var timeouts: [NFTConntrackTimeout]
    public var sets: [NFTSet]
    public var maps: [NFTVerdictMap]
    public var chains: [NFTChain]

    public init(
        family: String = "inet", tableName: String, revision: Int64? = nil, timeouts: [NFTConntrackTimeout] = [],
        sets: [NFTSet] = [], maps: [NFTVerdictMap] = [], chains: [NFTChain] = []
    ) {
        self.family = family
        self.tableName = tableName
        self.revision = revision
        self.timeouts = timeouts
        self.sets = sets
        self.maps = maps
        self.chains = chains
    }

    /// `inet palisade`: how commands name the table.
    public var qualifiedName: String { "\(family) \(tableName)" }

    /// The set called `name`.
    public func set(named name: String) -> NFTSet? { sets.first { $0.name == name } }

    /// The chain called `name`.
    public func chain(named name: String) -> NFTChain? { chains.first { $0.name == name } }

    /// The ruleset without set elements or revision: what must be equal for element deltas to suffice.
    public var skeleton: NFTRuleset {
        var copy = self
        copy.revision = nil
        for index in copy.sets.indices { copy.sets[index].elements = [] }
        return copy
    }

    /// The table block, `table inet palisade { … }`, in `nft -f` syntax.
    public var text: String {
        var blocks: [[String]] = []
        blocks += timeouts.map { $0.lines }
        blocks += sets.map { $0.lines }
        blocks += maps.map { $0.lines }
        blocks += chains.map { $0.lines }
        var lines = ["table \(qualifiedName) {"]
        for (index, block) in blocks.enumerated() {
            if index > 0 { lines.append("") }
            lines += block.map { "\t" + $0 }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `nft -f` file that replaces the table in one transaction: it creates the table if missing,
    /// deletes it, and declares it anew, so the kernel switches from the old rules to the new ones with
    /// no moment in between. Connection tracking entries outlive the swap, so tracked flows keep going.
    public var replacementScript: String {
        var header = "# Palisade security groups"
        if let revision { header += ", snapshot revision \(revision)" }
        header += ". Generated; edits are overwritten.\n"
        return header + "table \(qualifiedName) {}\ndelete table \(qualifiedName)\n" + text
    }
}
