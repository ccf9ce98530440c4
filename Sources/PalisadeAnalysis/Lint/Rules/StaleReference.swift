import PalisadeCore
import PalisadeTerraform
/// `PAL-STALE-REF`: a rule of an exported or live snapshot that references a group of the same account that is not
/// in the snapshot (deleted, or in a peer VPC whose peering is gone).
public struct StaleReference: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-STALE-REF", title: "Rule references a group that does not exist", defaultSeverity: .medium,
        rationale: "A stale reference admits nothing today but shows intent nobody maintains; if the ID is reused "
            + "through peering it may admit the wrong peers.",
        fix: "Remove the rule, or reference the group that replaced the deleted one."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        // Terraform configurations name outside groups by ID on purpose; only exports and live snapshots are judged.
        guard context.translation == nil, !context.snapshot.securityGroups.isEmpty else { return [] }
        return context.snapshot.securityGroupRules.compactMap { rule in
            guard case .securityGroup(let peer) = rule.peer, context.group(peer.groupId) == nil,
                peer.userId == context.snapshot.scope.accountId || peer.userId.isEmpty,
                peer.vpcPeeringConnectionId == nil
            else { return nil }
            let stale = peer.peeringStatus.map { " (peering \($0))" } ?? ""
            return context.finding(
                descriptor, rule: rule,
                "\(context.groupLabel(rule.groupId)) \(rule.direction.rawValue) rule references \(peer.groupId)\(stale), "
                    + "which is not among the exported groups"
            )
        }
    }
}
