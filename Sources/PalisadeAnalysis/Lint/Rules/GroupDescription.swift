import PalisadeCore
import PalisadeTerraform
/// `PAL-GROUP-DESCRIPTION`: a group with no description of its own (empty, or the provider's "Managed by Terraform").
public struct GroupDescription: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-GROUP-DESCRIPTION", title: "Security group without a description", defaultSeverity: .low,
        rationale: "The description is the only free text AWS shows for a group, and it cannot be changed without "
            + "replacing the group; reviewers and auditors rely on it.",
        fix: "Set description to what the group protects and who may reach it."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        context.snapshot.securityGroups.compactMap { group in
            guard !group.isDefault, !context.isImplicit(group.groupId) else { return nil }
            let text = group.description.trimmingWhitespace()
            guard text.isEmpty || text == "Managed by Terraform" else { return nil }
            let detail = text.isEmpty ? "has an empty description" : "gets the provider's default description \"\(text)\""
            return context.finding(descriptor, group: group.groupId, "\(context.groupLabel(group.groupId)) \(detail)")
        }
    }
}
