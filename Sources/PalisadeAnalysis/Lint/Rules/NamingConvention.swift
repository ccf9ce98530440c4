import PalisadeCore
import PalisadeTerraform
/// `PAL-NAMING`: a group name that does not follow the naming convention (`{environment}-{application}-{tier}-
/// {function}` by default; `naming_pattern` in `.palisade.hcl`).
public struct NamingConvention: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-NAMING", title: "Group name does not follow the naming convention", defaultSeverity: .info,
        rationale: "Consistent names make it possible to see at a glance what a group guards and to select groups "
            + "by environment or tier in reviews, IAM conditions and automation.",
        fix: "Name the group {environment}-{application}-{tier}-{function}, such as prod-shop-data-postgres."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        let configuration = context.configuration
        guard let nameParts = context.nameParts else { return [] }
        return context.snapshot.securityGroups.compactMap { group in
            guard !group.isDefault, !context.isImplicit(group.groupId) else { return nil }
            let name = group.groupName
            let label = context.groupLabel(group.groupId)
            // A name built from a variable without a value is unknown: it is not judged.
            if name.contains("${") { return nil }
            if name.hasPrefix("terraform-"), context.translation != nil {
                return context.finding(
                    descriptor, group: group.groupId,
                    "\(label) has no name: Terraform generates \"terraform-…\""
                )
            }
            guard let match = nameParts[name] else {
                return context.finding(
                    descriptor, group: group.groupId,
                    "\(label) is named \"\(name)\", which does not match \(configuration.namingPattern)"
                )
            }
            if !configuration.environments.isEmpty, let environment = match.environment,
                !configuration.environments.contains(environment)
            {
                return context.finding(
                    descriptor, group: group.groupId,
                    "\(label) is named \"\(name)\": \"\(environment)\" is not an environment "
                        + "(\(configuration.environments.sorted().joined(separator: ", ")))"
                )
            }
            if let tier = match.tier, configuration.canonicalTier(tier) == nil {
                return context.finding(
                    descriptor, group: group.groupId, "\(label) is named \"\(name)\": \"\(tier)\" is not a tier"
                )
            }
            return nil
        }
    }
}
