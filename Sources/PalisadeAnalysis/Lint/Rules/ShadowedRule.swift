import PalisadeCore
import PalisadeTerraform

/// `PAL-SHADOWED-RULE`: a rule whose traffic another rule of the same group and direction already admits
/// (a narrower port range, or a CIDR inside another rule's CIDR).
public struct ShadowedRule: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-SHADOWED-RULE", title: "Rule covered by a broader rule", defaultSeverity: .low,
        rationale: "Security group rules are a union: a covered rule changes nothing, but readers think it "
            + "limits something, and it uses quota.",
        fix: "Delete the covered rule, or narrow the broader one if it admits more than intended."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        var result: [Finding] = []
        for group in context.snapshot.securityGroups {
            for direction in Direction.allCases {
                let rules = context.rules(of: group.groupId, direction)
                for rule in rules where !context.isImplicit(rule.ruleId) {
                    guard
                        let broader = rules.first(where: {
                            $0.key != rule.key && WorldIngress.covers($0, rule) && ShadowedRule.peer($0.peer, covers: rule.peer)
                        })
                    else { continue }
                    let at = context.location(of: broader.ruleId).map { " (\($0))" } ?? ""
                    result.append(
                        context.finding(
                            descriptor, rule: rule,
                            "\(direction.rawValue) rule \(rule.serviceText) \(context.peerPreposition(direction)) "
                                + "\(context.peerLabel(rule.peer)) is already admitted by \(broader.serviceText) "
                                + "\(context.peerPreposition(direction)) \(context.peerLabel(broader.peer))\(at)",
                            related: [broader]
                        )
                    )
                }
            }
        }
        return result
    }

    static func peer(_ broader: RulePeer, covers peer: RulePeer) -> Bool {
        switch (broader, peer) {
        case (.cidrIpv4(let outer), .cidrIpv4(let inner)): outer.contains(inner)
        case (.cidrIpv6(let outer), .cidrIpv6(let inner)): outer.contains(inner)
        default: broader.key == peer.key
        }
    }
}
