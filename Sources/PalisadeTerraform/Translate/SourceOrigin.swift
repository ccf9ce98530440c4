/// Where a translated object comes from: the resource instance and the block that produced it.
///
/// Every group, rule, interface, VPC, subnet and prefix list of a ``TerraformTranslation`` has one,
/// so that a finding about `sgr-…` can say `aws_security_group.web_alb_sg` and point at the
/// `ingress {}` block on line 11.
public struct SourceOrigin: Sendable, Hashable {
    /// The resource instance address with module path and instance key:
    /// `aws_security_group.web`, `aws_security_group.web[0]`, `module.net.aws_security_group.web["a"]`.
    public var address: String
    /// The resource type, such as `aws_security_group` or `aws_lb`.
    public var resourceType: String
    /// The `resource` block.
    public var resourceRange: SourceRange
    /// The block that produced the object: the `ingress {}` block (or a dynamic block's `content {}`) for an
    /// inline rule, the resource block for a rule resource, group or interface.
    public var range: SourceRange
    /// The attribute that gave the object its distinguishing value, such as the `cidr_blocks` element of a
    /// rule or the `vpc_security_group_ids` of an instance; nil when there is none.
    public var attributeRange: SourceRange?
    /// Whether the object is implied rather than written, such as the default security group AWS creates with
    /// every `aws_vpc`.
    public var isImplicit: Bool

    /// Creates an origin.
    /// - Parameters:
    ///   - address: The resource instance address.
    ///   - resourceType: The resource type.
    ///   - resourceRange: The `resource` block.
    ///   - range: The block that produced the object.
    ///   - attributeRange: The attribute that produced it, if any.
    ///   - isImplicit: Whether the object is implied rather than written.
    public init(
        address: String,
        resourceType: String,
        resourceRange: SourceRange,
        range: SourceRange,
        attributeRange: SourceRange? = nil,
        isImplicit: Bool = false
    ) {
        self.address = address
        self.resourceType = resourceType
        self.resourceRange = resourceRange
        self.range = range
        self.attributeRange = attributeRange
        self.isImplicit = isImplicit
    }

    /// The most precise location: the attribute if known, else the block.
    public var location: SourceRange { attributeRange ?? range }
}
