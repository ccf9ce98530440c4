import PalisadeCore
import PalisadeTerraform
/// `PAL-SUPPRESSION-REASON`: a `palisade:ignore` comment without `reason="…"`. It suppresses nothing.
public struct SuppressionWithoutReason: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-SUPPRESSION-REASON", title: "Suppression without a reason", defaultSeverity: .medium,
        rationale: "An accepted risk needs a recorded reason so that reviewers can judge it and revisit it; without "
            + "one the suppression is ignored.",
        fix: "Write the reason: # palisade:ignore PAL-SSH-WORLD reason=\"bastion behind VPN\"."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    /// Suppression comments are read by the linter, not from the snapshot.
    public func findings(in context: LintContext) -> [Finding] { [] }

    static func findings(for suppressions: [Suppression]) -> [Finding] {
        suppressions.filter { $0.reason == nil }.map {
            descriptor.finding(
                "palisade:ignore \($0.checkIds.joined(separator: ",")) has no reason=\"…\", so it suppresses nothing",
                at: $0.location, address: nil
            )
        }
    }
}
