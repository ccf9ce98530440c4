import PalisadeCore
import PalisadeTerraform

/// `PAL-BROAD-PRIVATE-CIDR`: ingress from a whole RFC 1918 range (`/16` or wider by default), where a security
/// group reference would name the actual peers.
public struct BroadPrivateCIDR: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-BROAD-PRIVATE-CIDR", title: "Broad private CIDR instead of a group reference",
        defaultSeverity: .low,
        rationale: "A /8 or /16 private range admits every host of the VPC (and of peered networks), not the "
            + "few that need access; a security group reference follows the peers as they scale.",
        fix: "Reference the peers' security group (security_groups / referenced_security_group_id) instead."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    static let privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map { IPv4CIDR($0)! }

    public func findings(in context: LintContext) -> [Finding] {
        let limit = context.configuration.broadPrivatePrefixLength
        return context.snapshot.securityGroupRules.compactMap { rule in
            guard !rule.isEgress, case .cidrIpv4(let cidr) = rule.peer, cidr.prefixLength <= limit,
                BroadPrivateCIDR.privateRanges.contains(where: { $0.contains(cidr) })
            else { return nil }
            return context.finding(
                descriptor, rule: rule,
                "\(context.groupLabel(rule.groupId)) admits \(rule.serviceText) from \(cidr), a private range of "
                    + "\(cidr.size) addresses"
            )
        }
    }
}
