/// The decision on one packet without its explanation: two bytes, no references, for the data path.
///
/// ``ConnectionTracker/decide(_:now:policy:sourceInterfaceId:destinationInterfaceId:)`` returns it and
/// updates connection state exactly as ``ConnectionTracker/process(_:now:policy:sourceInterfaceId:destinationInterfaceId:)``
/// does; the explanation (rules, groups, nearest misses) is available on demand from ``Evaluator``.
///
/// ```swift
/// let decision = tracker.decide(packet, now: clock, policy: policy)
/// if decision.isAllowed { forward(packet) }
/// ```
public struct FlowDecision: Hashable, Sendable, CustomStringConvertible {
    /// What one side (an interface, in one direction) decided, without the why.
    public enum Side: UInt8, Hashable, Sendable {
        /// The address is outside the snapshot: this side does not judge.
        case notInSnapshot
        /// Rules admit the packet; the flow is tracked.
        case allowedByRules
        /// Rules admit the packet; the flow is untracked (spec 5.2).
        case allowedUntracked
        /// A packet of a tracked flow in the direction of its first packet.
        case trackedFlow
        /// Return traffic of a tracked flow.
        case returnTraffic
        /// An ICMP error related to a tracked flow.
        case relatedICMPError
        /// No rule admits the packet.
        case noMatchingRule
        /// Rules admit it, but the interface's tracked-connection allowance is used up.
        case conntrackAllowanceExceeded

        public var isAllowed: Bool {
            switch self {
            case .noMatchingRule, .conntrackAllowanceExceeded: false
            default: true
            }
        }

        init(_ outcome: SideVerdict.Outcome) {
            switch outcome {
            case .allowedByRules(_, let tracking): self = tracking == .tracked ? .allowedByRules : .allowedUntracked
            case .trackedFlow(_, let isReturn): self = isReturn ? .returnTraffic : .trackedFlow
            case .relatedICMPError: self = .relatedICMPError
            case .noMatchingRule: self = .noMatchingRule
            case .conntrackAllowanceExceeded: self = .conntrackAllowanceExceeded
            }
        }
    }

    /// Egress at the sending interface.
    public var source: Side
    /// Ingress at the receiving interface.
    public var destination: Side

    public init(source: Side, destination: Side) {
        self.source = source
        self.destination = destination
    }

    /// The compact form of `verdict`.
    public init(_ verdict: Verdict) {
        source = verdict.source.map { Side($0.outcome) } ?? .notInSnapshot
        destination = verdict.destination.map { Side($0.outcome) } ?? .notInSnapshot
    }

    /// Both sides allow it (a side outside the snapshot does not judge).
    @inline(__always)
    public var isAllowed: Bool { source.isAllowed && destination.isAllowed }

    public var description: String { "\(isAllowed ? "ALLOW" : "DROP") (egress: \(source), ingress: \(destination))" }
}
