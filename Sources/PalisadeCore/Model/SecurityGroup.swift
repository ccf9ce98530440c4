/// A security group. Its rules are stored as separate ``SecurityGroupRule`` records.
public struct SecurityGroup: Hashable, Sendable, Codable {
    public var groupId: String
    public var scope: Scope
    public var vpcId: String
    public var groupName: String
    public var description: String
    public var tags: [Tag]

    public init(groupId: String, scope: Scope, vpcId: String, groupName: String, description: String, tags: [Tag] = []) {
        self.groupId = groupId
        self.scope = scope
        self.vpcId = vpcId
        self.groupName = groupName
        self.description = description
        self.tags = tags
    }

    /// The VPC's `default` group, which cannot be deleted.
    public var isDefault: Bool { groupName == "default" }
    public var ownerId: String { scope.accountId }
    public var arn: String { scope.arn(.securityGroup, groupId) }
}
