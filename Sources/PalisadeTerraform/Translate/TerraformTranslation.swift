public import PalisadeCore

/// The result of translating a Terraform configuration: a ``PolicySnapshot`` of what it creates, a side
/// table that maps every translated object back to its resource and source, what could not be known,
/// and diagnostics.
///
/// ```swift
/// let translation = TerraformTranslator().translate(module, variableFiles: [tfvars])
/// for rule in translation.snapshot.securityGroupRules {
///     let origin = translation.origins[rule.ruleId]!   // aws_security_group.web, three_tier.tf:11:3
/// }
/// ```
public struct TerraformTranslation: Sendable {
    /// Groups, rules, interfaces, VPCs, subnets and prefix lists with known values, under synthetic IDs
    /// (see ``TerraformTranslator``).
    public var snapshot: PolicySnapshot
    /// Origin of every object of ``snapshot``, keyed by its ID (group, rule, interface, VPC, subnet, prefix list).
    public var origins: [String: SourceOrigin]
    /// The ID given to each resource instance address that became an object of ``snapshot``
    /// (`aws_security_group.web` → `sg-…`). Rule resources map to their first rule.
    public var addresses: [String: String]
    /// What each translated interface stands for, keyed by interface ID.
    public var interfaceRoles: [String: InterfaceRole]
    /// Every group attachment of ``snapshot``'s interfaces, with its origin.
    public var attachments: [InterfaceAttachment]
    /// Rules with an unknown peer, protocol, port or group, kept out of ``snapshot``.
    public var symbolicRules: [SymbolicRule]
    /// Attachments with an unknown group, kept out of ``snapshot``.
    public var symbolicAttachments: [SymbolicAttachment]
    /// IDs used in ``snapshot`` for things the configuration names but does not define (the VPC of
    /// `vpc_id = var.vpc_id` without a value, the default VPC), with the reason.
    public var placeholders: [String: String]
    /// Every problem found, in file and line order.
    public var diagnostics: [TerraformDiagnostic]
    /// The parsed files, keyed by path, so that callers can quote the source a range points at.
    public var files: [String: HCLFile]

    /// Creates a translation.
    public init(
        snapshot: PolicySnapshot,
        origins: [String: SourceOrigin] = [:],
        addresses: [String: String] = [:],
        interfaceRoles: [String: InterfaceRole] = [:],
        attachments: [InterfaceAttachment] = [],
        symbolicRules: [SymbolicRule] = [],
        symbolicAttachments: [SymbolicAttachment] = [],
        placeholders: [String: String] = [:],
        diagnostics: [TerraformDiagnostic] = [],
        files: [String: HCLFile] = [:]
    ) {
        self.snapshot = snapshot
        self.origins = origins
        self.addresses = addresses
        self.interfaceRoles = interfaceRoles
        self.attachments = attachments
        self.symbolicRules = symbolicRules
        self.symbolicAttachments = symbolicAttachments
        self.placeholders = placeholders
        self.diagnostics = diagnostics
        self.files = files
    }

    /// The group translated from `address`, such as `aws_security_group.web_alb_sg`.
    /// - Parameter address: A resource instance address.
    /// - Returns: The group, or nil when the address produced none.
    public func securityGroup(at address: String) -> SecurityGroup? {
        guard let id = addresses[address] else { return nil }
        return snapshot.securityGroups.first { $0.groupId == id }
    }

    /// The rules of ``snapshot`` that come from `address` (the group's inline rules, or a rule resource).
    /// - Parameter address: A resource instance address.
    /// - Returns: The rules, in translation order.
    public func rules(from address: String) -> [SecurityGroupRule] {
        snapshot.securityGroupRules.filter { origins[$0.ruleId]?.address == address }
    }

    /// The diagnostics with `code`.
    /// - Parameter code: A diagnostic code.
    /// - Returns: Matching diagnostics in order.
    public func diagnostics(_ code: TerraformDiagnostic.Code) -> [TerraformDiagnostic] {
        diagnostics.filter { $0.code == code }
    }
}
