/// `type "label" label { body }`.
public struct HCLBlock: Sendable, Hashable {
    /// One block label.
    public struct Label: Sendable, Hashable {
        /// The label text, unquoted and unescaped.
        public var value: String
        /// Where the label is, quotes included.
        public var range: SourceRange
        /// Whether the label was written as a quoted string rather than a bare identifier.
        public var isQuoted: Bool

        /// Creates a label.
        /// - Parameters:
        ///   - value: The label text.
        ///   - range: Where the label is.
        ///   - isQuoted: Whether it was a quoted string.
        public init(value: String, range: SourceRange, isQuoted: Bool) {
            self.value = value
            self.range = range
            self.isQuoted = isQuoted
        }
    }

    /// The block type, such as `resource`, `ingress` or `dynamic`.
    public var type: String
    /// Where the type is.
    public var typeRange: SourceRange
    /// The labels, such as `aws_security_group` and `web`.
    public var labels: [Label]
    /// The block's contents.
    public var body: HCLBody
    /// From the type to the closing brace.
    public var range: SourceRange

    /// Creates a block.
    /// - Parameters:
    ///   - type: The block type.
    ///   - typeRange: Where the type is.
    ///   - labels: The labels.
    ///   - body: The contents.
    ///   - range: From the type to the closing brace.
    public init(type: String, typeRange: SourceRange, labels: [Label], body: HCLBody, range: SourceRange) {
        self.type = type
        self.typeRange = typeRange
        self.labels = labels
        self.body = body
        self.range = range
    }

    /// The label values, for example `["aws_security_group", "web"]`.
    public var labelValues: [String] { labels.map(\.value) }
}
