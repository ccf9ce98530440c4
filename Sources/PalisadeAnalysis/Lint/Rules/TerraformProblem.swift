import PalisadeCore
import PalisadeTerraform

/// `PAL-TERRAFORM`: the translator's other errors and warnings (syntax, missing arguments, invalid values,
/// modules that cannot be read), so that `palisade lint` shows everything `terraform validate` would.
public struct TerraformProblem: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-TERRAFORM", title: "Terraform configuration problem", defaultSeverity: .high,
        rationale: "Terraform or AWS would reject the configuration, or part of it could not be read, so the "
            + "analysis of that part is incomplete.",
        fix: "Correct the configuration as the message says."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    /// Codes reported by their own checks, or as unknown peers.
    static let handledElsewhere: Set<String> = [
        "TF-UNDECLARED-RESOURCE", "TF-UNSUPPORTED-ARGUMENT", "TF-UNSUPPORTED-BLOCK", "TF-CYCLE", "TF-SYMBOLIC-RULE",
        "TF-UNKNOWN-VALUE",
    ]

    public func findings(in context: LintContext) -> [Finding] {
        (context.translation?.diagnostics ?? []).compactMap { diagnostic in
            let code = diagnostic.code.rawValue
            if TerraformProblem.handledElsewhere.contains(code) {
                // Undeclared non-group resources are still configuration errors.
                guard code == "TF-UNDECLARED-RESOURCE", !diagnostic.message.contains("security_group") else {
                    return nil
                }
            }
            let severity: Severity =
                switch diagnostic.severity {
                case .error: .high
                case .warning: .low
                case .note: .info
                }
            return descriptor.finding(
                "[\(code)] \(diagnostic.message)", severity: severity,
                at: diagnostic.range.map(FindingLocation.init), address: diagnostic.address
            )
        }
    }
}
