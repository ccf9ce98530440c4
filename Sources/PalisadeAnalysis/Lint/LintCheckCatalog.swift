import PalisadeCore
/// Every built-in check.
public enum LintCheckCatalog {
    /// The checks, in ID order.
    public static let all: [any LintCheck] = [
        AllTrafficFromWorld(), BroadPortRange(), BroadPrivateCIDR(), DanglingReference(), DataTierEgress(),
        DatabaseOpenToWorld(), DefaultGroupInUse(), DependencyCycle(), DuplicateRule(), EgressToWorld(),
        GroupDescription(), InvalidArgument(), NamingConvention(), PublicIngressToNonLoadBalancer(), RDPOpenToWorld(),
        RequiredTags(), RuleDescription(), RuleQuota(), SSHOpenToWorld(), ShadowedRule(), StaleReference(),
        TerraformProblem(), TierViolation(), UnknownPeer(), UnusedGroup(), WorldIngress(),
    ]

    /// Every descriptor, the linter's own `PAL-SUPPRESSION-REASON` included, in ID order.
    public static var descriptors: [CheckDescriptor] {
        (all.map(\.descriptor) + [SuppressionWithoutReason.descriptor]).sorted { $0.id < $1.id }
    }
}
