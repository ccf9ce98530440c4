/// One security group attached to one interface, and where the configuration attaches it.
///
/// Instances, launch templates, database instances and load balancers get a synthetic interface
/// each (see ``TerraformTranslation``); their `vpc_security_group_ids` / `security_groups` become
/// attachments, as do `aws_network_interface.security_groups` and `aws_network_interface_sg_attachment`.
public struct InterfaceAttachment: Sendable, Hashable {
    /// The interface, real (`aws_network_interface`) or synthetic.
    public var networkInterfaceId: String
    /// The attached group: a translated group's ID or an ID written in the configuration.
    public var groupId: String
    /// The resource that makes the attachment.
    public var origin: SourceOrigin

    /// Creates an attachment.
    /// - Parameters:
    ///   - networkInterfaceId: The interface.
    ///   - groupId: The attached group.
    ///   - origin: The resource that makes the attachment.
    public init(networkInterfaceId: String, groupId: String, origin: SourceOrigin) {
        self.networkInterfaceId = networkInterfaceId
        self.groupId = groupId
        self.origin = origin
    }
}
