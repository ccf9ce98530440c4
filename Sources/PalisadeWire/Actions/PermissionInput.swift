import PalisadeCore

/// The permissions of an Authorize/Revoke call: `IpPermissions.N`, or the legacy top-level fields
/// (`IpProtocol`/`FromPort`/`ToPort`/`CidrIp`, `SourceSecurityGroupName`/`SourceSecurityGroupOwnerId`).
struct PermissionInput: Sendable {
    let groupId: String?
    let groupName: String?
    let permissions: [IpPermission]
    let ruleIds: [String]

    init(_ request: QueryRequest, direction: Direction) throws(PolicyError) {
        groupId = request["GroupId"]
        groupName = direction == .ingress ? request["GroupName"] : nil
        if direction == .egress && groupId == nil { throw .missing("GroupId") }
        ruleIds = request.list("SecurityGroupRuleId")
        var permissions = try request.ipPermissions()
        let legacyNames = ["IpProtocol", "FromPort", "ToPort", "CidrIp", "SourceSecurityGroupName", "SourceSecurityGroupOwnerId"]
        let legacy = legacyNames.filter { request[$0] != nil }
        if !legacy.isEmpty {
            if direction == .egress {
                throw .invalidValue("The parameter \(legacy[0]) is not supported for egress rules; use IpPermissions.")
            }
            if !permissions.isEmpty {
                throw PolicyError(
                    .invalidParameterCombination,
                    "The parameter \(legacy[0]) cannot be used with the parameter IpPermissions")
            }
            if let sourceGroup = request["SourceSecurityGroupName"] {
                permissions = IpPermission.legacySourceGroup(name: sourceGroup, ownerId: request["SourceSecurityGroupOwnerId"])
            } else {
                var permission = IpPermission(
                    ipProtocol: request["IpProtocol"], fromPort: try request.int("FromPort"), toPort: try request.int("ToPort"))
                guard let cidr = request["CidrIp"] else { throw .missing("CidrIp") }
                permission.ipRanges = [.init(cidrIp: cidr)]
                permissions = [permission]
            }
        }
        if !ruleIds.isEmpty && !permissions.isEmpty {
            throw PolicyError(
                .invalidParameterCombination, "The parameter SecurityGroupRuleId cannot be used with the parameter IpPermissions")
        }
        self.permissions = permissions
    }
}
