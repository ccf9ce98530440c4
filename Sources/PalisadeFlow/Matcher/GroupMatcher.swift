import PalisadeCore

/// The rules of one set of security groups in one direction: the per-group ``RuleMatcher``s of its groups,
/// consulted together (the union of the groups' rules).
///
/// Each group's rules are compiled once per direction, whatever the sets it belongs to; a set is an array
/// of those matchers. A member joining groups so that its interface gets a set no other interface has
/// therefore builds no matcher: the new set shares its groups' matchers (one array of a few references).
/// Rule indices of different groups are distinct, so the union needs no de-duplication across parts.
struct GroupMatcher: Sendable {
    /// Matchers of the set's groups that hold rules in this direction, in group order.
    let parts: [RuleMatcher]

    init(parts: [RuleMatcher]) {
        self.parts = parts.filter { !$0.terms.isEmpty }
    }

    /// An empty matcher: admits nothing.
    init() { parts = [] }

    /// Every term of every group.
    var terms: [RuleMatcher.Term] {
        if parts.count == 1 { return parts[0].terms }
        return parts.flatMap(\.terms)
    }

    /// Indices of every rule that admits the probe, ascending, and whether one of them is open to anywhere.
    func matchingRules(
        protocolNumber: UInt8, key: UInt16, peer: IPAddress, peerGroups: [Int32]
    ) -> (rules: [Int32], anywhere: Bool) {
        if parts.count == 1 {
            return parts[0].matchingRules(protocolNumber: protocolNumber, key: key, peer: peer, peerGroups: peerGroups)
        }
        var rules: [Int32] = []
        var anywhere = false
        for part in parts {
            let (matched, partAnywhere) = part.matchingRules(
                protocolNumber: protocolNumber, key: key, peer: peer, peerGroups: peerGroups)
            if matched.isEmpty { continue }
            if rules.isEmpty { rules = matched } else { rules.append(contentsOf: matched) }
            anywhere = anywhere || partAnywhere
        }
        if rules.count > 1 { rules.sort() }
        return (rules, anywhere)
    }

    /// Whether any rule admits the probe.
    @inline(__always)
    func admits(protocolNumber: UInt8, key: UInt16, peer: IPAddress, peerGroups: [Int32]) -> Bool {
        for part in parts where part.admits(protocolNumber: protocolNumber, key: key, peer: peer, peerGroups: peerGroups) {
            return true
        }
        return false
    }

    /// Whether some group holds a rule allowing all traffic of `protocolNumber` to or from anywhere in the family.
    func isOpenToAnywhere(protocolNumber: UInt8, ipv6: Bool) -> Bool {
        parts.contains { $0.isOpenToAnywhere(protocolNumber: protocolNumber, ipv6: ipv6) }
    }

    /// The ports of `protocolNumber` admitted from (or to) anywhere in the family, merged across groups.
    func anywherePorts(protocolNumber: UInt8, ipv6: Bool) -> [ClosedRange<UInt16>] {
        RuleMatcher.anywherePorts(in: terms, protocolNumber: protocolNumber, ipv6: ipv6)
    }
}
