public import PalisadeJSON
/// What a JSON input is, detected by content.
public enum JSONInputKind: Sendable, Hashable {
    /// `terraform show -json` of a plan (`planned_values`, `resource_changes`) or of state (`values`).
    case terraformPlan
    /// AWS CLI output: `describe-security-groups`, `describe-network-interfaces`, `describe-security-group-rules`,
    /// `describe-vpcs`, `describe-managed-prefix-lists` or `get-managed-prefix-list-entries`.
    case awsExport

    /// Detects the kind of a document.
    /// - Parameter json: The parsed document.
    /// - Returns: The kind, or nil when it is neither.
    public static func detect(_ json: JSONValue) -> JSONInputKind? {
        if json["planned_values"] != nil || json["resource_changes"] != nil
            || (json["format_version"] != nil && json["values"] != nil)
        {
            return .terraformPlan
        }
        for key in ["SecurityGroups", "NetworkInterfaces", "SecurityGroupRules", "Vpcs", "PrefixLists", "Entries"]
        where json[key] != nil {
            return .awsExport
        }
        return nil
    }
}
