public import PalisadeCore

/// What to send the kernel to go from one rendered policy to the next.
///
/// Group membership, prefix-list entries and the CIDR rules of each interface live in named sets, so when
/// only they change the delta is set elements, all in one `nft -f` transaction. Anything else (rules with
/// group or prefix-list peers, a CIDR rule that creates or empties a set, attached groups, bound interfaces,
/// timeouts) replaces the whole table atomically.
///
/// ```swift
/// switch NFTDelta.between(old: applied, new: latest, bindings: bindings) {
/// case .elements(let changes) where changes.isEmpty: break          // nothing to do
/// case let delta: try run("nft", "-f", "-", input: delta.script)
/// }
/// ```
public enum NFTDelta: Hashable, Sendable {
    /// Set element changes, deletions first, each set in table order.
    case elements([NFTElementChange])
    /// A replacement script (``NFTRuleset/replacementScript``).
    case full(String)

    /// The delta between the tables `old` and `new` render to.
    /// - Parameters:
    ///   - old: The snapshot whose rendering is in the kernel.
    ///   - new: The snapshot to enforce.
    ///   - bindings: The bound interfaces (the same for both).
    ///   - options: Rendering options (the same for both).
    /// - Returns: Element changes when the two renderings differ only in set elements, else the full script.
    public static func between(
        old: PolicySnapshot, new: PolicySnapshot, bindings: InterfaceBindings,
        options: NFTRenderOptions = NFTRenderOptions()
    ) -> NFTDelta {
        let renderer = NFTRenderer(options: options)
        return between(old: renderer.render(old, bindings: bindings), new: renderer.render(new, bindings: bindings))
    }

    /// The delta between two rendered tables.
    /// - Parameters:
    ///   - old: The table in the kernel.
    ///   - new: The table to enforce.
    /// - Returns: Element changes when the tables differ only in set elements, else the full script.
    public static func between(old: NFTRuleset, new: NFTRuleset) -> NFTDelta {
        guard old.skeleton == new.skeleton else { return .full(new.replacementScript) }
        var deletions: [NFTElementChange] = []
        var additions: [NFTElementChange] = []
        for (before, after) in zip(old.sets, new.sets) {
            guard before.elements != after.elements else { continue }
            let previous = Set(before.elements)
            let next = Set(after.elements)
            let removed = before.elements.filter { !next.contains($0) }
            let added = after.elements.filter { !previous.contains($0) }
            if !removed.isEmpty {
                deletions.append(
                    NFTElementChange(
                        operation: .delete, table: new.qualifiedName, setName: after.name, elements: removed))
            }
            if !added.isEmpty {
                additions.append(
                    NFTElementChange(operation: .add, table: new.qualifiedName, setName: after.name, elements: added))
            }
        }
        return .elements(deletions + additions)
    }

    /// The `nft -f` text: the element commands one per line (empty when nothing changed), or the full script.
    public var script: String {
        switch self {
        case .elements(let changes): changes.map { $0.command + "\n" }.joined()
        case .full(let script): script
        }
    }

    /// Whether there is nothing to apply.
    public var isEmpty: Bool {
        if case .elements(let changes) = self { return changes.isEmpty }
        return false
    }
}
