import PalisadeCore
import PalisadeTerraform
/// `PAL-DB-WORLD`: a database port (MySQL, PostgreSQL, Redis, MongoDB, …) admitted from every address of a family.
public struct DatabaseOpenToWorld: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-DB-WORLD", title: "Database port open to the world", defaultSeverity: .critical,
        rationale: "Databases reachable from the internet are scanned within minutes; a weak or leaked credential "
            + "exposes the data itself.",
        fix: "Admit the database port only from the application tier's security group."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        var byRule: [String: (exposure: WorldExposure, services: [String])] = [:]
        var order: [String] = []
        for (port, name) in WellKnownPorts.databases {
            let exposures = context.worldExposures(.ingress) { $0.admits(.tcp, port: port) }
                .filter { !$0.rules.allSatisfy(\.admitsAllTraffic) && !($0.isSingleRule && $0.rule.admitsAllTraffic) }
            for exposure in exposures {
                let key = exposure.rule.ruleId + exposure.family
                if byRule[key] == nil {
                    byRule[key] = (exposure, [])
                    order.append(key)
                }
                byRule[key]!.services.append("\(name) \(port)")
            }
        }
        return order.map { key in
            let (exposure, services) = byRule[key]!
            return context.finding(
                descriptor, rule: exposure.rule,
                "database port\(services.count == 1 ? "" : "s") open to the world (\(services.joined(separator: ", "))): "
                    + "\(context.groupLabel(exposure.groupId)) admits \(exposure.rule.serviceText) from \(exposure.peerText)",
                related: exposure.rules
            )
        }
    }
}
