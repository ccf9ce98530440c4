import PalisadeCore
import PalisadeTerraform
/// `PAL-DEFAULT-GROUP`: a VPC's default group that has rules or guards interfaces.
public struct DefaultGroupInUse: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-DEFAULT-GROUP", title: "Default security group has rules or is in use", defaultSeverity: .medium,
        rationale: "Every interface launched without an explicit group lands in the VPC's default group; CIS AWS "
            + "5.4 asks that it admit nothing, so that forgetting a group fails closed.",
        fix: "Manage it with an aws_default_security_group with no ingress or egress blocks, and attach "
            + "purpose-built groups instead."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        var result: [Finding] = []
        for group in context.snapshot.securityGroups where group.isDefault {
            let label = context.groupLabel(group.groupId)
            let rules = context.rules(of: group.groupId, .ingress) + context.rules(of: group.groupId, .egress)
            let attached = context.attachments(of: group.groupId).sorted()
            if context.isImplicit(group.groupId) {
                // The default group AWS creates with an aws_vpc: its rules are AWS's, not written.
                result.append(
                    context.finding(
                        descriptor, group: group.groupId,
                        "the default security group of \(label) keeps AWS's default rules (all traffic from members, "
                            + "all egress) because no aws_default_security_group manages it",
                        severity: attached.isEmpty ? .low : .medium, related: attached
                    )
                )
                continue
            }
            let worldIngress = context.worldExposures(.ingress, of: group.groupId) { $0.groupId == group.groupId }
            if let exposure = worldIngress.first {
                result.append(
                    context.finding(
                        descriptor, rule: exposure.rule,
                        "default security group \(label) admits \(exposure.rule.serviceText) from \(exposure.peerText)",
                        severity: .high, related: exposure.rules
                    )
                )
            }
            if !rules.isEmpty {
                let summary = rules.map { "\($0.direction.rawValue) \($0.serviceText) \(context.peerPreposition($0.direction)) "
                    + context.peerLabel($0.peer) }
                result.append(
                    context.finding(
                        descriptor, group: group.groupId,
                        "default security group \(label) has \(rules.count) rule\(rules.count == 1 ? "" : "s"): "
                            + summary.joined(separator: "; "),
                        related: rules.map(\.ruleId)
                    )
                )
            }
            if !attached.isEmpty {
                result.append(
                    context.finding(
                        descriptor, group: group.groupId,
                        "default security group \(label) is attached to \(attached.map(context.address).joined(separator: ", "))",
                        related: attached
                    )
                )
            }
        }
        return result
    }
}
