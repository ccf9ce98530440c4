public import PalisadeCore

/// What one enforcement point (an interface, in one direction) decided, and why.
public struct SideVerdict: Hashable, Sendable, CustomStringConvertible {
    /// How connection tracking treats a flow admitted by rules.
    public enum Tracking: Hashable, Sendable {
        /// The flow gets a conntrack entry; replies pass whatever the rules say.
        case tracked
        /// The flow is untracked (spec 5.2): every packet, replies included, is judged by the rules.
        case untracked
    }

    public enum Outcome: Hashable, Sendable {
        /// Rules of the attached groups admit the packet.
        case allowedByRules([RuleReference], tracking: Tracking)
        /// The packet belongs to a flow tracked on this interface: `flow` as first seen, and whether
        /// this packet travels the other way (return traffic).
        case trackedFlow(FlowKey, isReturn: Bool)
        /// An ICMP error carrying the 5-tuple of a flow tracked on this interface.
        case relatedICMPError(FlowKey)
        /// No rule admits the packet; the nearest misses, best first.
        case noMatchingRule(nearestMisses: [RuleMiss])
        /// Rules admit the packet but the interface's tracked-connection allowance is used up.
        case conntrackAllowanceExceeded(allowance: Int)
    }

    public var networkInterfaceId: String
    public var direction: Direction
    /// The groups whose rules were consulted.
    public var groupIds: [String]
    public var outcome: Outcome

    public init(networkInterfaceId: String, direction: Direction, groupIds: [String], outcome: Outcome) {
        self.networkInterfaceId = networkInterfaceId
        self.direction = direction
        self.groupIds = groupIds
        self.outcome = outcome
    }

    public var isAllowed: Bool {
        switch outcome {
        case .allowedByRules, .trackedFlow, .relatedICMPError: true
        case .noMatchingRule, .conntrackAllowanceExceeded: false
        }
    }

    /// The rules that admitted the packet (empty when state admitted it or it was dropped).
    public var matchedRules: [RuleReference] {
        if case .allowedByRules(let rules, _) = outcome { return rules }
        return []
    }

    public var description: String {
        let place = "\(direction.rawValue) on \(networkInterfaceId)"
        switch outcome {
        case .allowedByRules(let rules, let tracking):
            return "\(place) allowed by \(rules.map(\.description).joined(separator: ", "))"
                + (tracking == .untracked ? " (untracked)" : "")
        case .trackedFlow(let flow, let isReturn):
            return "\(place) allowed as \(isReturn ? "return traffic" : "packet") of tracked flow \(flow)"
        case .relatedICMPError(let flow):
            return "\(place) allowed as ICMP error of tracked flow \(flow)"
        case .noMatchingRule(let misses):
            let groups = groupIds.isEmpty ? "no groups" : "groups \(groupIds.joined(separator: ", "))"
            var text = "\(place) dropped it: no rule of \(groups) matched"
            if !misses.isEmpty {
                text += "; nearest: " + misses.map(\.description).joined(separator: " | ")
            }
            return text
        case .conntrackAllowanceExceeded(let allowance):
            return "\(place) dropped it: conntrack allowance exceeded (\(allowance) tracked flows)"
        }
    }
}
