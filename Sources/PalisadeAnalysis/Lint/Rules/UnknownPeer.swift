import PalisadeCore
import PalisadeTerraform

/// `PAL-UNKNOWN-PEER`: a rule whose source, destination, protocol or ports cannot be known from the configuration
/// (a variable without a value, a data source). Reported as unknown: neither open nor closed is assumed.
public struct UnknownPeer: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-UNKNOWN-PEER", title: "Rule depends on an unknown value", defaultSeverity: .info,
        rationale: "What this rule admits depends on a value the configuration does not give, so exposure checks "
            + "cannot judge it; lint again with the .tfvars of each environment.",
        fix: "Pass the variable files (--var-file) used for the deployment, or give the variable a default."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        (context.translation?.symbolicRules ?? []).compactMap { rule in
            // Undeclared groups are reported by PAL-DANGLING-REF.
            if rule.reason.contains("is not declared") { return nil }
            let service: String
            if let ipProtocol = rule.ipProtocol {
                var text = "\(ipProtocol)"
                if ipProtocol == .all {
                    text = "all traffic"
                } else if rule.portsKnown, let from = rule.fromPort, let to = rule.toPort {
                    text += from == to ? " \(from)" : " \(from)-\(to)"
                } else if !rule.portsKnown {
                    text += " (ports unknown)"
                }
                service = text
            } else {
                service = "unknown protocol"
            }
            let peer: String
            let side = rule.direction == .ingress ? "source" : "destination"
            switch rule.peer {
            case .unknown(let kind): peer = "its \(side) (\(UnknownPeer.argument(kind))) is unknown"
            case .known(let known): peer = "\(side) \(context.peerLabel(known))"
            }
            var related: [String] = []
            if let group = rule.groupId { related.append(group) }
            return descriptor.finding(
                "\(rule.direction.rawValue) rule \(service) of \(rule.address): \(peer) because \(rule.reason); "
                    + "not judged as open or closed",
                at: FindingLocation(rule.origin.location), address: rule.address, relatedIds: related
            )
        }
    }

    static func argument(_ kind: SymbolicRule.PeerKind) -> String {
        switch kind {
        case .cidrIpv4: "IPv4 CIDR blocks"
        case .cidrIpv6: "IPv6 CIDR blocks"
        case .prefixList: "prefix list"
        case .securityGroup: "security group"
        }
    }
}
