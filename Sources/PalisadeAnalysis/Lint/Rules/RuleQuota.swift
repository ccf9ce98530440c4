import PalisadeCore
import PalisadeTerraform

/// `PAL-QUOTA`: rule counts near or over AWS's quotas, counted as AWS counts them: per group, direction and IP
/// family (references count in both families, prefix lists weigh their MaxEntries); per interface, groups × rules.
public struct RuleQuota: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-QUOTA", title: "Rule quota headroom", defaultSeverity: .low,
        rationale: "AWS rejects rules over the quota (RulesPerSecurityGroupLimitExceeded), so an apply fails half "
            + "way; prefix lists count their maximum size, not their entries.",
        fix: "Merge rules into prefix lists with a small max_entries, reference groups instead of CIDRs, or split "
            + "the group."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        let quotas = context.configuration.quotas
        let ratio = context.configuration.quotaWarningRatio
        var result: [Finding] = []
        var maxUsage: [String: Int] = [:]
        for group in context.snapshot.securityGroups {
            for direction in Direction.allCases {
                let rules = context.rules(of: group.groupId, direction)
                let usage = RuleQuota.usage(rules, context: context)
                maxUsage[group.groupId] = max(maxUsage[group.groupId] ?? 0, usage.ipv4, usage.ipv6)
                for (family, count) in [("IPv4", usage.ipv4), ("IPv6", usage.ipv6)] {
                    let limit = quotas.rulesPerSecurityGroup
                    guard Double(count) >= Double(limit) * ratio else { continue }
                    let over = count > limit
                    result.append(
                        context.finding(
                            descriptor, group: group.groupId,
                            "\(context.groupLabel(group.groupId)) uses \(count) of \(limit) \(direction.rawValue) "
                                + "\(family) rule slots" + (over ? ": AWS rejects the rules over the quota" : ""),
                            severity: over ? .high : .low
                        )
                    )
                }
            }
        }
        for interface in context.snapshot.networkInterfaces {
            let groups = interface.groupIds
            let id = interface.networkInterfaceId
            if groups.count > quotas.securityGroupsPerNetworkInterface {
                result.append(
                    descriptor.finding(
                        "\(context.address(of: id)) has \(groups.count) security groups; the quota is "
                            + "\(quotas.securityGroupsPerNetworkInterface)",
                        severity: .high, at: context.location(of: id), address: context.address(of: id),
                        relatedIds: [id] + groups
                    )
                )
            }
            let widest = groups.map { maxUsage[$0] ?? 0 }.max() ?? 0
            let product = widest * groups.count
            if Double(product) >= Double(quotas.rulesTimesGroupsPerInterface) * ratio {
                let over = product > quotas.rulesTimesGroupsPerInterface
                result.append(
                    descriptor.finding(
                        "\(context.address(of: id)): \(groups.count) groups × \(widest) rules = \(product) of "
                            + "\(quotas.rulesTimesGroupsPerInterface) rules × groups per interface",
                        severity: over ? .high : .low, at: context.location(of: id), address: context.address(of: id),
                        relatedIds: [id] + groups
                    )
                )
            }
        }
        return result
    }

    static func usage(_ rules: [SecurityGroupRule], context: LintContext) -> (ipv4: Int, ipv6: Int) {
        PolicyState.ruleQuotaUsage(of: rules) { context.prefixList($0) }
    }
}
