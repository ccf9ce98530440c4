/// The contents of a file or of a block: attributes and nested blocks, in source order.
public struct HCLBody: Sendable, Hashable {
    /// One entry of a body.
    public enum Item: Sendable, Hashable {
        case attribute(HCLAttribute)
        case block(HCLBlock)
    }

    /// Attributes and blocks in source order.
    public var items: [Item]
    /// From the first to the last character of the body (inside the braces, for a block).
    public var range: SourceRange

    /// Creates a body.
    /// - Parameters:
    ///   - items: Attributes and blocks in source order.
    ///   - range: The span of the body.
    public init(items: [Item], range: SourceRange) {
        self.items = items
        self.range = range
    }

    /// The attributes, in source order.
    public var attributes: [HCLAttribute] {
        items.compactMap { if case .attribute(let attribute) = $0 { attribute } else { nil } }
    }

    /// The nested blocks, in source order.
    public var blocks: [HCLBlock] {
        items.compactMap { if case .block(let block) = $0 { block } else { nil } }
    }

    /// The first attribute called `name`, if any.
    /// - Parameter name: An attribute name such as `cidr_blocks`.
    /// - Returns: The attribute, or `nil` when the body has none of that name.
    public func attribute(named name: String) -> HCLAttribute? {
        // Looked up for every argument of every resource: no intermediate array of attributes.
        for case .attribute(let attribute) in items where attribute.name == name { return attribute }
        return nil
    }

    /// The nested blocks of one type.
    /// - Parameter type: A block type such as `resource` or `ingress`.
    /// - Returns: Matching blocks in source order.
    public func blocks(ofType type: String) -> [HCLBlock] {
        var result: [HCLBlock] = []
        for case .block(let block) in items where block.type == type { result.append(block) }
        return result
    }
}
