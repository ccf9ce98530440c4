import PalisadeCore
import PalisadeTerraform
/// `PAL-INVALID-ARGUMENT`: an argument or block the AWS provider does not accept (`TF-UNSUPPORTED-ARGUMENT`,
/// `TF-UNSUPPORTED-BLOCK`), such as `name_description`, or `source_security_group_id` in an inline block.
public struct InvalidArgument: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-INVALID-ARGUMENT", title: "Argument not accepted by the AWS provider", defaultSeverity: .high,
        rationale: "terraform validate fails; what the author meant (a description, a rule's source) is not what "
            + "AWS would get.",
        fix: "Use the provider's argument: name/description on aws_security_group, security_groups in inline "
            + "ingress/egress blocks, source_security_group_id only on aws_security_group_rule."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        guard let translation = context.translation else { return [] }
        return (translation.diagnostics(.unsupportedArgument) + translation.diagnostics(.unsupportedBlock)).map {
            descriptor.finding($0.message, at: $0.range.map(FindingLocation.init), address: $0.address)
        }
    }
}
