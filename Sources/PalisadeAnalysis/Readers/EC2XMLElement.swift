/// One element of an EC2 Query API reply (`<DescribeSecurityGroupsResponse>…`): its name, child elements and text.
///
/// EC2 replies are plain data: elements, text and entity references, no mixed content, and attributes only for
/// the namespace. ``parse(_:)`` reads exactly that, so the analyzer needs no XML library.
///
/// ```swift
/// let reply = try EC2XMLElement.parse("<R><groupId>sg-1</groupId></R>")
/// reply.child("groupId")?.text   // "sg-1"
/// ```
public struct EC2XMLElement: Sendable, Hashable {
    /// The element name without namespace prefix.
    public var name: String
    /// Child elements, in document order.
    public var children: [EC2XMLElement]
    /// The text content, entity references resolved (empty when the element has children).
    public var text: String

    /// Creates an element.
    /// - Parameters:
    ///   - name: The element name without namespace prefix.
    ///   - children: Child elements, in document order.
    ///   - text: The text content, for an element without children.
    public init(name: String, children: [EC2XMLElement] = [], text: String = "") {
        self.name = name
        self.children = children
        self.text = text
    }

    /// The first child called `name`.
    /// - Parameter name: An element name such as `groupId`.
    /// - Returns: The child, or nil when there is none.
    public func child(_ name: String) -> EC2XMLElement? { children.first { $0.name == name } }

    /// A reply that is not well-formed XML.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        /// The byte offset in the reply.
        public var offset: Int
        /// The message with its offset.
        public var description: String { "malformed XML at byte \(offset): \(message)" }
    }

    /// Parses a whole reply.
    /// - Parameter xml: The reply body.
    /// - Returns: The root element.
    /// - Throws: ``ParseError`` when the text is not well-formed.
    public static func parse(_ xml: String) throws(ParseError) -> EC2XMLElement {
        var parser = EC2XMLParser(Array(xml.utf8))
        return try parser.document()
    }
}
