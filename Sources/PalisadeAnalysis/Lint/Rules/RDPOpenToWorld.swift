import PalisadeCore
import PalisadeTerraform
/// `PAL-RDP-WORLD`: TCP 3389 admitted from every address of a family.
public struct RDPOpenToWorld: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-RDP-WORLD", title: "RDP open to the world", defaultSeverity: .high,
        rationale: "Remote Desktop exposed to the internet is a leading ransomware entry point.",
        fix: "Restrict the source to known networks or a bastion's security group, or use a VPN or Fleet Manager."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        AdministrativePortCheck.findings(in: context, descriptor: descriptor, port: 3389, service: "RDP")
    }
}
