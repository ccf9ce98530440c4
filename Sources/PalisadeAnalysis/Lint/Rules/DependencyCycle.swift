import PalisadeCore
import PalisadeTerraform
/// `PAL-CYCLE`: groups whose inline rules reference each other (`TF-CYCLE`), which Terraform cannot create.
public struct DependencyCycle: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-CYCLE", title: "Dependency cycle between security groups", defaultSeverity: .high,
        rationale: "Terraform fails with \"Error: Cycle\": each group needs the other's ID before it can be created.",
        fix: "Move the cross-references out of inline ingress/egress blocks into aws_vpc_security_group_ingress_rule "
            + "/ egress_rule (or aws_security_group_rule) resources."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        (context.translation?.diagnostics(.cycle) ?? []).map { diagnostic in
            let notes = diagnostic.notes.map { "\($0.range.fileName):\($0.range.start.line)" }
            let message = diagnostic.message + (notes.isEmpty ? "" : " (references at \(notes.joined(separator: ", ")))")
            return descriptor.finding(message, at: diagnostic.range.map(FindingLocation.init), address: diagnostic.address)
        }
    }
}
