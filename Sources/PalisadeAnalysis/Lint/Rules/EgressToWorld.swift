import PalisadeCore
import PalisadeTerraform
/// `PAL-EGRESS-WORLD`: egress to every address of a family. All traffic is low (it is AWS's default, but a host
/// rarely needs it); specific ports are info.
public struct EgressToWorld: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-EGRESS-WORLD", title: "Egress open to the world", defaultSeverity: .low,
        rationale: "Unrestricted egress lets a compromised host download tools and exfiltrate data anywhere.",
        fix: "Limit egress to the ports and destinations the members need (a prefix list, a proxy or VPC endpoints)."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        context.worldExposures(.egress) { _ in true }.compactMap { exposure in
            guard let group = context.group(exposure.groupId), !group.isDefault else { return nil }
            if let tier = context.tier(of: group.groupId), context.configuration.dataTiers.contains(tier) { return nil }
            let label = context.groupLabel(group.groupId)
            if exposure.rules.contains(where: \.admitsAllTraffic) {
                let rule = exposure.rules.first(where: \.admitsAllTraffic)!
                return context.finding(
                    descriptor, rule: rule,
                    "\(label) allows \(rule.serviceText) to \(exposure.peerText): unrestricted egress",
                    related: exposure.rules
                )
            }
            return context.finding(
                descriptor, rule: exposure.rule,
                "\(label) allows \(exposure.rule.serviceText) to \(exposure.peerText): egress to any internet host "
                    + "on this port",
                severity: .info, related: exposure.rules,
                fix: "Acceptable for calls to external APIs; a prefix list or an egress proxy narrows it."
            )
        }
    }
}
