import PalisadeCore
import PalisadeTerraform
/// `PAL-UNUSED-GROUP`: a group attached to no interface and used by no resource of the configuration.
public struct UnusedGroup: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-UNUSED-GROUP", title: "Security group attached to nothing", defaultSeverity: .low,
        rationale: "Unused groups count against quotas, confuse reviews, and get attached to the wrong thing later.",
        fix: "Attach the group where it is meant to be used (vpc_security_group_ids, security_groups), or delete it."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        context.snapshot.securityGroups.compactMap { group in
            guard !group.isDefault, context.attachments(of: group.groupId).isEmpty,
                context.otherReferences(to: group.groupId).isEmpty
            else { return nil }
            let referencedBy = context.snapshot.securityGroupRules.filter {
                $0.peer.referencedGroupId == group.groupId && $0.groupId != group.groupId
            }
            var message = "\(context.groupLabel(group.groupId)) is attached to no network interface, instance, "
                + "launch template, database or load balancer"
            if !referencedBy.isEmpty {
                message += " (rules of \(Set(referencedBy.map { context.groupLabel($0.groupId) }).sorted().joined(separator: ", ")) "
                    + "reference it, but no interface carries it)"
            }
            return context.finding(descriptor, group: group.groupId, message)
        }
    }
}
