public import PalisadeNFTables

/// One `nft -f` file for one namespace: atomic in the kernel, all of it or nothing.
public struct NFTTransaction: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Replaces the whole table (first policy, structural changes, repairs).
        case full
        /// Adds and deletes set elements only (membership and prefix-list entries).
        case elements
        /// Deletes the table (`--remove-on-exit`).
        case removal
    }

    public enum Reason: String, Hashable, Sendable, Codable {
        /// No policy is known yet: bound interfaces drop everything until one arrives.
        case failClosed = "fail-closed"
        /// The control plane's policy changed.
        case policy
        /// Someone else changed the table.
        case drift
        /// An earlier transaction failed, or the kernel's state is unknown.
        case retry
        case removal
    }

    public var namespace: NetworkNamespace
    public var kind: Kind
    public var reason: Reason
    /// The `nft -f` text.
    public var script: String
    /// What the table is once the transaction committed; `nil` for a removal.
    public var ruleset: NFTRuleset?
    /// The snapshot revision the table enforces afterwards.
    public var revision: Int64?
    /// Elements added plus deleted, for element deltas.
    public var elementCount: Int

    public init(
        namespace: NetworkNamespace, kind: Kind, reason: Reason, script: String, ruleset: NFTRuleset?,
        revision: Int64?, elementCount: Int = 0
    ) {
        self.namespace = namespace
        self.kind = kind
        self.reason = reason
        self.script = script
        self.ruleset = ruleset
        self.revision = revision
        self.elementCount = elementCount
    }
}
