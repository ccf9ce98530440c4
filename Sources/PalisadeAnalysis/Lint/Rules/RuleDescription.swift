import PalisadeCore
import PalisadeTerraform
/// `PAL-RULE-DESCRIPTION`: a rule without a description.
public struct RuleDescription: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-RULE-DESCRIPTION", title: "Rule without a description", defaultSeverity: .low,
        rationale: "Without a description nobody can tell later why a rule exists, so stale rules are never removed.",
        fix: "Add description = \"…\" saying which service and which peer the rule is for."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        var seenBlocks = Set<String>()
        return context.snapshot.securityGroupRules.compactMap { rule in
            guard (rule.description ?? "").trimmingWhitespace().isEmpty, !context.isImplicit(rule.ruleId),
                context.group(rule.groupId)?.isDefault != true
            else { return nil }
            // One finding per written block, not per CIDR of its cidr_blocks.
            if let origin = context.translation?.origins[rule.ruleId],
                !seenBlocks.insert("\(origin.range)").inserted
            {
                return nil
            }
            var finding = context.finding(
                descriptor, rule: rule,
                "\(rule.direction.rawValue) rule \(rule.serviceText) \(context.peerPreposition(rule.direction)) "
                    + "\(context.peerLabel(rule.peer)) in \(context.groupLabel(rule.groupId)) has no description"
            )
            if let origin = context.translation?.origins[rule.ruleId] {
                finding.location = context.blockLocation(of: rule.ruleId) ?? FindingLocation(origin.range)
            }
            return finding
        }
    }
}
