/// The decision on one packet with its explanation: the egress side at the source interface and the
/// ingress side at the destination interface, each present when that interface is in the snapshot.
///
/// ```swift
/// let verdict = evaluator.evaluate(packet)
/// print(verdict)   // ALLOW tcp 10.0.1.5:49152 → 10.0.2.7:3306 [SYN]: egress on eni-web allowed by …
/// ```
public struct Verdict: Hashable, Sendable, CustomStringConvertible {
    public var packet: Packet
    /// Egress at the sending interface; `nil` when the source is outside the snapshot.
    public var source: SideVerdict?
    /// Ingress at the receiving interface; `nil` when the destination is outside the snapshot.
    public var destination: SideVerdict?

    @inline(__always)
    public init(packet: Packet, source: consuming SideVerdict?, destination: consuming SideVerdict?) {
        self.packet = packet
        self.source = source
        self.destination = destination
    }

    /// Both present sides allow it. A packet between two outside addresses is not ours to judge: allowed.
    public var isAllowed: Bool { (source?.isAllowed ?? true) && (destination?.isAllowed ?? true) }

    /// The side that dropped the packet (the source side when both did).
    public var droppedBy: SideVerdict? {
        if let source, !source.isAllowed { return source }
        if let destination, !destination.isAllowed { return destination }
        return nil
    }

    /// Rule IDs that admitted the packet, both sides.
    public var matchedRuleIds: [String] {
        (source?.matchedRules ?? []).map(\.ruleId) + (destination?.matchedRules ?? []).map(\.ruleId)
    }

    /// One line: `ALLOW|DROP <packet>: <side>; <side>`.
    public var description: String {
        var parts: [String] = []
        if let dropped = droppedBy {
            parts.append(dropped.description)
        } else {
            if let source { parts.append(source.description) }
            if let destination { parts.append(destination.description) }
            if parts.isEmpty { parts.append("no interface of the snapshot is involved") }
        }
        return "\(isAllowed ? "ALLOW" : "DROP") \(packet): " + parts.joined(separator: "; ")
    }
}
