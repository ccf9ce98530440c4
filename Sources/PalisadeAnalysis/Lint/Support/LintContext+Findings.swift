public import PalisadeCore

extension LintContext {
    /// A finding about one rule, located at the rule's peer attribute (or JSON path).
    /// - Parameters:
    ///   - descriptor: The check.
    ///   - rule: The rule.
    ///   - message: What is wrong.
    ///   - severity: The severity, when not the check's default.
    ///   - related: More rules involved.
    /// - Returns: The finding.
    public func finding(
        _ descriptor: CheckDescriptor, rule: SecurityGroupRule, _ message: String, severity: Severity? = nil,
        related: [SecurityGroupRule] = [], fix: String? = nil
    ) -> Finding {
        var ids = [rule.ruleId, rule.groupId]
        for other in related where !ids.contains(other.ruleId) { ids.append(other.ruleId) }
        return descriptor.finding(
            message, severity: severity, at: location(of: rule.ruleId), address: address(of: rule.ruleId),
            relatedIds: ids, fix: fix
        )
    }

    /// A finding about one group, located at its `resource` line (or JSON path).
    /// - Parameters:
    ///   - descriptor: The check.
    ///   - groupId: The group.
    ///   - message: What is wrong.
    ///   - severity: The severity, when not the check's default.
    ///   - related: More IDs involved.
    /// - Returns: The finding.
    public func finding(
        _ descriptor: CheckDescriptor, group groupId: String, _ message: String, severity: Severity? = nil,
        related: [String] = [], fix: String? = nil
    ) -> Finding {
        descriptor.finding(
            message, severity: severity, at: blockLocation(of: groupId), address: address(of: groupId),
            relatedIds: [groupId] + related, fix: fix
        )
    }

    /// `ingress from` or `egress to`, for messages.
    func peerPreposition(_ direction: Direction) -> String { direction == .ingress ? "from" : "to" }
}

extension LintContext {
    /// A peer for messages: a CIDR, a prefix list, or a group by label (`self` for the rule's own group).
    public func peerLabel(_ peer: RulePeer) -> String {
        switch peer {
        case .securityGroup(let group): groupLabel(group.groupId)
        case .prefixList(let id): prefixList(id).map { "prefix list \($0.prefixListName) (\(id))" } ?? id
        default: peer.displayText
        }
    }
}
