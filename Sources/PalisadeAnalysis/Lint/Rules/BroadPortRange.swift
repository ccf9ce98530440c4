import PalisadeCore
import PalisadeTerraform
/// `PAL-PORT-RANGE`: a TCP or UDP rule admitting more ports than `max_port_range` (256 by default), other than
/// within the group itself.
public struct BroadPortRange: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-PORT-RANGE", title: "Overly broad port range", defaultSeverity: .medium,
        rationale: "Wide port ranges admit services nobody meant to expose, including ones started later.",
        fix: "List the ports the service uses, one rule (or one prefix of a dynamic block) per port or small range."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        let limit = context.configuration.maximumPortRangeWidth
        return context.snapshot.securityGroupRules.compactMap { rule in
            guard rule.ipProtocol == .tcp || rule.ipProtocol == .udp, rule.peer.referencedGroupId != rule.groupId else {
                return nil
            }
            let low = max(0, rule.fromPort ?? 0)
            let high = rule.toPort ?? 65535
            let width = rule.fromPort == -1 ? 65536 : high - low + 1
            guard width > limit else { return nil }
            // From the whole world, PAL-ALL-WORLD already reports every-port rules.
            if rule.admitsAllTraffic && !rule.isEgress
                && context.worldExposures(.ingress, of: rule.groupId, admits: { $0 == rule }).contains(where: { $0.rule == rule })
            {
                return nil
            }
            return context.finding(
                descriptor, rule: rule,
                "\(rule.direction.rawValue) rule admits \(width) ports (\(rule.serviceText)) "
                    + "\(context.peerPreposition(rule.direction)) \(context.peerLabel(rule.peer)); the limit is \(limit)"
            )
        }
    }
}
