/// One nested block after `dynamic` expansion: a written block, or one generated `content` block
/// with its iterator bound.
struct ExpandedBlock {
    /// The body to read attributes from.
    var body: HCLBody
    /// The written block, or the `content` block of a dynamic block.
    var range: SourceRange
    /// Names bound for its expressions: the enclosing ones plus the iterator.
    var bindings: [String: Value]
    /// Identifies the block within its resource, for stable IDs: `ingress#2`, `ingress#3["ssh"]`.
    var seed: String
}

/// A dynamic block whose `for_each` is unknown: the blocks it would generate cannot be listed.
struct UnknownBlocks {
    /// The `content` block (or the dynamic block, if it has none).
    var range: SourceRange
    var body: HCLBody
    var bindings: [String: Value]
    var unknown: Value.Unknown
    var seed: String
}
