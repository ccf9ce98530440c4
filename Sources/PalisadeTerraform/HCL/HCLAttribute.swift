/// `name = expression` inside a body.
public struct HCLAttribute: Sendable, Hashable {
    /// The attribute name.
    public var name: String
    /// Where the name is.
    public var nameRange: SourceRange
    /// The value, not yet evaluated.
    public var expression: HCLExpression
    /// From the name to the end of the expression.
    public var range: SourceRange

    /// Creates an attribute.
    /// - Parameters:
    ///   - name: The attribute name.
    ///   - nameRange: Where the name is.
    ///   - expression: The value expression.
    ///   - range: From the name to the end of the expression.
    public init(name: String, nameRange: SourceRange, expression: HCLExpression, range: SourceRange) {
        self.name = name
        self.nameRange = nameRange
        self.expression = expression
        self.range = range
    }
}
