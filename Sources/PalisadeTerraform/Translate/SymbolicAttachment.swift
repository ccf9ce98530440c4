/// An attachment whose group (or interface) cannot be known, such as `vpc_security_group_ids = var.sg_ids`
/// without a value.
public struct SymbolicAttachment: Sendable, Hashable {
    /// The interface, when known.
    public var networkInterfaceId: String?
    /// The group, when known.
    public var groupId: String?
    /// Why the attachment is symbolic.
    public var reason: String
    /// Where the unknown value comes from, when known.
    public var unknownOrigin: SourceRange?
    /// The resource that makes the attachment.
    public var origin: SourceOrigin

    /// Creates a symbolic attachment.
    public init(
        networkInterfaceId: String?,
        groupId: String?,
        reason: String,
        unknownOrigin: SourceRange?,
        origin: SourceOrigin
    ) {
        self.networkInterfaceId = networkInterfaceId
        self.groupId = groupId
        self.reason = reason
        self.unknownOrigin = unknownOrigin
        self.origin = origin
    }
}
