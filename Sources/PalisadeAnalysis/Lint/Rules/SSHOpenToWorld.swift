import PalisadeCore
import PalisadeTerraform
/// `PAL-SSH-WORLD`: TCP 22 admitted from every address of a family.
public struct SSHOpenToWorld: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-SSH-WORLD", title: "SSH open to the world", defaultSeverity: .high,
        rationale: "SSH from any address invites brute-force and exploit attempts against every host in the group; "
            + "administrative access should come from known networks or a bastion.",
        fix: "Restrict the source to corporate CIDRs, a managed prefix list or the bastion's security group, "
            + "or use SSM Session Manager instead of SSH."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        AdministrativePortCheck.findings(in: context, descriptor: descriptor, port: 22, service: "SSH")
    }
}

/// Shared by the SSH and RDP checks: world exposures of one TCP port, leaving all-traffic rules to
/// `PAL-ALL-WORLD`.
enum AdministrativePortCheck {
    static func findings(in context: LintContext, descriptor: CheckDescriptor, port: Int, service: String)
        -> [Finding]
    {
        context.worldExposures(.ingress) { $0.admits(.tcp, port: port) }
            .filter { !$0.rules.allSatisfy(\.admitsAllTraffic) && !($0.isSingleRule && $0.rule.admitsAllTraffic) }
            .map { exposure in
                context.finding(
                    descriptor, rule: exposure.rule,
                    "\(service) (tcp \(port)) is open to the world: \(context.groupLabel(exposure.groupId)) admits "
                        + "\(exposure.rule.serviceText) from \(exposure.peerText)",
                    related: exposure.rules
                )
            }
    }
}
