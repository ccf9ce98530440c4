import PalisadeCore
import PalisadeTerraform

/// `PAL-WORLD-INGRESS`: other ingress open to the world, reported with context: HTTPS (info) and HTTP (low) to a
/// load balancer are expected; anything else is medium.
public struct WorldIngress: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-WORLD-INGRESS", title: "Ingress open to the world", defaultSeverity: .medium,
        rationale: "Every address on the internet can reach this service. That is the point of a public load "
            + "balancer's 80/443; for anything else it is usually an accident.",
        fix: "Narrow the source to the networks or security groups that need the service, or put the service "
            + "behind a load balancer."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        var result: [Finding] = []
        var seen = Set<String>()
        for group in context.snapshot.securityGroups {
            for rule in context.rules(of: group.groupId, .ingress) where !rule.admitsAllTraffic {
                if [22, 3389].contains(where: { rule.admits(.tcp, port: $0) }) { continue }
                if WellKnownPorts.databases.contains(where: { rule.admits(.tcp, port: $0.port) }) { continue }
                let exposures = context.worldExposures(.ingress, of: group.groupId) { other in
                    other.groupId == group.groupId && WorldIngress.covers(other, rule)
                }.filter { $0.rules.contains(rule) }
                guard let exposure = exposures.first, seen.insert(rule.ruleId).inserted else { continue }
                let isLoadBalancer = context.isLoadBalancerGroup(group.groupId)
                let label = context.groupLabel(group.groupId)
                let base = "\(label) admits \(rule.serviceText) from \(exposure.peerText)"
                if isLoadBalancer && rule.ipProtocol == .tcp && rule.fromPort == 443 && rule.toPort == 443 {
                    result.append(
                        context.finding(
                            descriptor, rule: rule, base + ": expected for a public load balancer", severity: .info,
                            related: exposure.rules, fix: "None needed if the load balancer is meant to be public."
                        )
                    )
                } else if isLoadBalancer && rule.ipProtocol == .tcp && rule.fromPort == 80 && rule.toPort == 80 {
                    result.append(
                        context.finding(
                            descriptor, rule: rule,
                            base + ": expected for a public load balancer, but plain HTTP is unencrypted", severity: .low,
                            related: exposure.rules,
                            fix: "Keep port 80 only to redirect to HTTPS (a listener redirect action), or drop it."
                        )
                    )
                } else {
                    result.append(context.finding(descriptor, rule: rule, base, related: exposure.rules))
                }
            }
        }
        return result
    }

    /// Whether `other` admits everything `rule` admits (same protocol, wider or equal ports, or all traffic).
    static func covers(_ other: SecurityGroupRule, _ rule: SecurityGroupRule) -> Bool {
        if other.ipProtocol == .all { return true }
        guard other.ipProtocol == rule.ipProtocol, other.direction == rule.direction else { return false }
        guard rule.ipProtocol.hasPorts else { return true }
        let (otherLow, otherHigh) = (other.fromPort ?? -1, other.toPort ?? -1)
        if otherLow == -1 || (otherLow <= 0 && otherHigh >= 65535 && !rule.ipProtocol.isICMP) { return true }
        guard let low = rule.fromPort, let high = rule.toPort, low != -1 else { return false }
        if rule.ipProtocol.isICMP { return otherLow == low && (otherHigh == -1 || otherHigh == high) }
        return otherLow <= low && otherHigh >= high
    }
}
