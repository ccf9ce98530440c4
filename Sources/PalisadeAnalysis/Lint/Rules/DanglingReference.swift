import PalisadeCore
import PalisadeTerraform
/// `PAL-DANGLING-REF`: a reference to a security group the configuration never declares
/// (the translator's `TF-UNDECLARED-RESOURCE` on a security group).
public struct DanglingReference: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-DANGLING-REF", title: "Referenced security group is not declared", defaultSeverity: .high,
        rationale: "Terraform rejects the configuration (\"Reference to undeclared resource\"); until then the "
            + "rule's peer is unknown, so nobody can tell who it admits.",
        fix: "Declare the group, correct the name, or remove the reference."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        (context.translation?.diagnostics(.undeclaredResource) ?? []).compactMap { diagnostic in
            guard diagnostic.message.contains("security_group") else { return nil }
            return descriptor.finding(
                diagnostic.message, at: diagnostic.range.map(FindingLocation.init), address: diagnostic.address
            )
        }
    }
}
