import PalisadeCore
import PalisadeTerraform
/// `PAL-REQUIRED-TAGS`: a group without one of the required tags (Environment, Application, Tier, Owner by default).
public struct RequiredTags: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-REQUIRED-TAGS", title: "Required tags missing", defaultSeverity: .low,
        rationale: "Tags tell who owns a group and what it is for; without them unused and over-broad groups "
            + "cannot be traced to a team, and tier checks cannot tell tiers apart.",
        fix: "Add the missing tags (or set default_tags in the provider block)."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        let required = context.configuration.requiredTags
        guard !required.isEmpty else { return [] }
        return context.snapshot.securityGroups.compactMap { group in
            guard !context.isImplicit(group.groupId) else { return nil }
            let keys = Set(group.tags.map(\.key))
            let missing = required.filter { !keys.contains($0) }
            guard !missing.isEmpty else { return nil }
            return context.finding(
                descriptor, group: group.groupId,
                "\(context.groupLabel(group.groupId)) lacks tag\(missing.count == 1 ? "" : "s") "
                    + missing.joined(separator: ", ")
            )
        }
    }
}
