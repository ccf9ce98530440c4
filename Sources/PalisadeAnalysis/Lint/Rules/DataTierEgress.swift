import PalisadeCore
import PalisadeTerraform
/// `PAL-DATA-EGRESS-WORLD`: a data-tier group that may send to every internet address.
public struct DataTierEgress: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-DATA-EGRESS-WORLD", title: "Unrestricted egress to the internet from a data tier",
        defaultSeverity: .high,
        rationale: "A database that can connect anywhere is one query away from exfiltrating its data; data tiers "
            + "should only answer connections.",
        fix: "Remove the egress rule (Terraform-managed groups then have no egress), or limit it to VPC endpoints "
            + "and the replication peers."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        context.worldExposures(.egress) { _ in true }.compactMap { exposure in
            guard let tier = context.tier(of: exposure.groupId), context.configuration.dataTiers.contains(tier) else {
                return nil
            }
            return context.finding(
                descriptor, rule: exposure.rule,
                "\(tier) tier \(context.groupLabel(exposure.groupId)) allows \(exposure.rule.serviceText) to "
                    + exposure.peerText,
                related: exposure.rules
            )
        }
    }
}
