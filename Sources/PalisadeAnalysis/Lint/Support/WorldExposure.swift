public import PalisadeCore

/// Rules of one group and direction that together admit some traffic from (or to) every address of one family.
///
/// When a rule covers the family on its own (`0.0.0.0/0`, `::/0`, or a prefix list that does), it is reported
/// on its own; otherwise the rules whose blocks add up to the whole family are reported together, at the first.
public struct WorldExposure: Sendable, Hashable {
    /// The group.
    public var groupId: String
    /// The rule the finding points at.
    public var rule: SecurityGroupRule
    /// Every rule that contributes, `rule` first.
    public var rules: [SecurityGroupRule]
    /// `0.0.0.0/0` or `::/0`: the family covered.
    public var family: String
    /// Whether `rule` covers the whole family alone.
    public var isSingleRule: Bool

    /// How the peers add up, for messages: `0.0.0.0/0`, or `0.0.0.0/1 + 128.0.0.0/1 (together 0.0.0.0/0)`.
    public var peerText: String {
        if isSingleRule { return rule.peer.displayText == family ? family : "\(rule.peer.displayText) (\(family))" }
        return rules.map(\.peer.displayText).joined(separator: " + ") + " (together \(family))"
    }
}

extension LintContext {
    /// The world-wide exposures of every group (or of one) in `direction` for the rules `admits` selects.
    /// - Parameters:
    ///   - direction: Ingress (sources) or egress (destinations).
    ///   - groupId: Only this group's exposures; checks that ask per rule pass it, so they do not filter every
    ///     group's rules for each rule.
    ///   - admits: Selects the rules that admit the traffic in question (such as TCP 22).
    /// - Returns: Exposures, in group and rule order.
    public func worldExposures(
        _ direction: Direction, of groupId: String? = nil, admits: (SecurityGroupRule) -> Bool
    ) -> [WorldExposure] {
        var result: [WorldExposure] = []
        for group in snapshot.securityGroups where groupId == nil || group.groupId == groupId {
            let candidates = rules(of: group.groupId, direction).filter(admits)
            if candidates.isEmpty { continue }
            let v4 = candidates.filter { !blocks(of: $0.peer).v4.isEmpty }
            if AddressCoverage.coversAllIPv4(v4.flatMap { blocks(of: $0.peer).v4 }) {
                result += exposures(group.groupId, v4, family: "0.0.0.0/0") {
                    AddressCoverage.coversAllIPv4(blocks(of: $0.peer).v4)
                }
            }
            let v6 = candidates.filter { !blocks(of: $0.peer).v6.isEmpty }
            if AddressCoverage.coversAllIPv6(v6.flatMap { blocks(of: $0.peer).v6 }) {
                result += exposures(group.groupId, v6, family: "::/0") {
                    AddressCoverage.coversAllIPv6(blocks(of: $0.peer).v6)
                }
            }
        }
        return result
    }

    private func exposures(
        _ groupId: String, _ rules: [SecurityGroupRule], family: String, alone: (SecurityGroupRule) -> Bool
    ) -> [WorldExposure] {
        let single = rules.filter(alone)
        if !single.isEmpty {
            return single.map {
                WorldExposure(groupId: groupId, rule: $0, rules: [$0], family: family, isSingleRule: true)
            }
        }
        return [WorldExposure(groupId: groupId, rule: rules[0], rules: rules, family: family, isSingleRule: false)]
    }
}

extension SecurityGroupRule {
    /// Whether the rule admits `port` of `ipProtocol` (a `-1` rule admits every port of every protocol).
    /// - Parameters:
    ///   - ipProtocol: TCP or UDP.
    ///   - port: A port.
    /// - Returns: True when the rule admits it.
    public func admits(_ ipProtocol: IPProtocol, port: Int) -> Bool {
        if self.ipProtocol == .all { return true }
        guard self.ipProtocol == ipProtocol else { return false }
        let low = fromPort ?? 0
        let high = toPort ?? 65535
        if low == -1 { return true }
        return (low...max(low, high)).contains(port)
    }

    /// Whether the rule admits every port of every protocol, or every TCP or UDP port.
    public var admitsAllTraffic: Bool {
        switch ipProtocol {
        case .all: return true
        case .tcp, .udp: return (fromPort ?? 0) <= 0 && (toPort ?? 65535) >= 65535 || fromPort == -1
        default: return false
        }
    }

    /// `tcp 22`, `tcp 8000-8080`, `all traffic`, `icmp`, as messages print rules.
    public var serviceText: String {
        switch ipProtocol {
        case .all: return "all traffic"
        case .tcp, .udp:
            guard let fromPort, let toPort, fromPort != -1 else { return "\(ipProtocol) (all ports)" }
            if fromPort <= 0 && toPort >= 65535 { return "\(ipProtocol) (all ports)" }
            return fromPort == toPort ? "\(ipProtocol) \(fromPort)" : "\(ipProtocol) \(fromPort)-\(toPort)"
        case .icmp, .icmpv6:
            guard let fromPort, fromPort != -1 else { return "\(ipProtocol) (all types)" }
            return "\(ipProtocol) type \(fromPort)"
        case .number(let number): return "protocol \(number)"
        }
    }
}
