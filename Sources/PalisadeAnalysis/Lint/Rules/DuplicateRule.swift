import PalisadeCore
import PalisadeTerraform
/// `PAL-DUPLICATE-RULE`: two rules of one group with the same direction, protocol, ports and peer.
public struct DuplicateRule: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-DUPLICATE-RULE", title: "Duplicate rule", defaultSeverity: .medium,
        rationale: "AWS rejects the second rule (InvalidPermission.Duplicate), so the apply fails or Terraform "
            + "shows a permanent diff.",
        fix: "Keep one of the rules."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        var first: [String: SecurityGroupRule] = [:]
        var result: [Finding] = []
        for rule in context.snapshot.securityGroupRules {
            let key = rule.groupId + "|" + rule.key.text
            guard let original = first[key] else {
                first[key] = rule
                continue
            }
            let at = context.location(of: original.ruleId).map { " at \($0)" } ?? ""
            result.append(
                context.finding(
                    descriptor, rule: rule,
                    "\(rule.direction.rawValue) rule \(rule.serviceText) \(context.peerPreposition(rule.direction)) "
                        + "\(context.peerLabel(rule.peer)) duplicates the rule\(at) in \(context.groupLabel(rule.groupId))",
                    related: [original]
                )
            )
        }
        return result
    }
}
