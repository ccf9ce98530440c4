import PalisadeCore
import PalisadeTerraform
/// `PAL-ALL-WORLD`: every protocol (`-1`) or every TCP/UDP port admitted from every address of a family.
public struct AllTrafficFromWorld: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-ALL-WORLD", title: "All ports or all protocols open to the world", defaultSeverity: .critical,
        rationale: "A rule with protocol -1 or ports 0-65535 from anywhere exposes every service of every member, "
            + "including SSH, RDP and databases, to the internet.",
        fix: "Replace it with rules for the ports the group serves, from the sources that need them."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        context.worldExposures(.ingress) { $0.admitsAllTraffic }.map { exposure in
            context.finding(
                descriptor, rule: exposure.rule,
                "\(context.groupLabel(exposure.groupId)) admits \(exposure.rule.serviceText) from \(exposure.peerText): "
                    + "every port of every member is open to the world, SSH 22, RDP 3389 and databases included",
                related: exposure.rules
            )
        }
    }
}
