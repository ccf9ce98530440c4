import PalisadeFlow
import PalisadeCore
import PalisadeTerraform
/// `PAL-TIER-VIOLATION`: a group of one tier can open connections to a tier it should not reach (such as the
/// public load balancer tier straight to the data tier), as the flow engine's reachability computes it.
public struct TierViolation: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-TIER-VIOLATION", title: "Tier reaches a tier it should not", defaultSeverity: .high,
        rationale: "Tiering limits what a compromised front end can reach: a load balancer or web tier that reaches "
            + "the database directly skips the application tier's controls.",
        fix: "Admit the data tier only from the application tier's group; if the flow is intended, add it to "
            + "tier_flows in .palisade.hcl."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        let flows = context.configuration.allowedTierFlows
        let tiered = context.snapshot.securityGroups.compactMap { group in
            context.tier(of: group.groupId).map { (group.groupId, $0) }
        }
        var result: [Finding] = []
        for (source, sourceTier) in tiered {
            guard let allowed = flows[sourceTier], let sourceProbe = context.probeInterfaces[source] else { continue }
            for (destination, destinationTier) in tiered where destination != source && !allowed.contains(destinationTier) {
                guard let destinationProbe = context.probeInterfaces[destination] else { continue }
                let services = context.groupReachability.services(from: sourceProbe, to: destinationProbe)
                guard !services.isEmpty else { continue }
                let admitting = context.rules(of: destination, .ingress).first { $0.peer.referencedGroupId == source }
                let message = "\(sourceTier) tier \(context.groupLabel(source)) can open \(services) to "
                    + "\(destinationTier) tier \(context.groupLabel(destination)); allowed from \(sourceTier): "
                    + allowed.sorted().joined(separator: ", ")
                if let admitting {
                    result.append(context.finding(descriptor, rule: admitting, message))
                } else {
                    result.append(context.finding(descriptor, group: destination, message, related: [source]))
                }
            }
        }
        return result
    }
}
