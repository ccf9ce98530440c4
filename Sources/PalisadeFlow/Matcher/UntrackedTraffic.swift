import PalisadeCore

/// The TCP and UDP packets one interface leaves untracked in one direction (spec 5.2), as port ranges.
///
/// A packet crossing the interface in that direction is untracked when, for its family and protocol, its
/// destination port lies in ``Selector/destinationPorts`` or its source port in ``Selector/sourcePorts``:
///
/// - destination ports: a rule open to `0.0.0.0/0` (`::/0`) admits the packet, and the opposite direction
///   allows all traffic of the protocol to or from anywhere;
/// - source ports: this direction allows all traffic of the protocol to or from anywhere, and the packet
///   answers one the opposite direction admits from anywhere (replies of untracked flows stay untracked).
///
/// This is exactly the classification ``ConnectionTracker`` and ``Evaluator`` apply, given as data so that
/// enforcers (the nftables renderer) can match the same packets without asking per packet.
///
/// ```swift
/// let untracked = policy.untrackedTraffic(interfaceId: "eni-web", direction: .ingress)
/// untracked.contains(.tcp(from: client, to: web, destinationPort: 80))   // true with 80 open to 0.0.0.0/0
/// ```
public struct UntrackedTraffic: Hashable, Sendable {
    /// Untracked ports for one address family and one protocol.
    public struct Selector: Hashable, Sendable {
        public var ipv6: Bool
        /// 6 (TCP) or 17 (UDP).
        public var protocolNumber: UInt8
        /// Sorted, disjoint, non-adjacent ranges.
        public var destinationPorts: [ClosedRange<UInt16>]
        /// Sorted, disjoint, non-adjacent ranges.
        public var sourcePorts: [ClosedRange<UInt16>]

        public init(
            ipv6: Bool, protocolNumber: UInt8, destinationPorts: [ClosedRange<UInt16>],
            sourcePorts: [ClosedRange<UInt16>]
        ) {
            self.ipv6 = ipv6
            self.protocolNumber = protocolNumber
            self.destinationPorts = destinationPorts
            self.sourcePorts = sourcePorts
        }
    }

    /// Non-empty selectors, IPv4 before IPv6, TCP before UDP.
    public var selectors: [Selector]

    public init(selectors: [Selector] = []) {
        self.selectors = selectors
    }

    /// Whether no packet is untracked.
    public var isEmpty: Bool { selectors.isEmpty }

    /// Whether `packet` is untracked in the direction this value describes.
    public func contains(_ packet: Packet) -> Bool {
        guard packet.hasPorts else { return false }
        let ipv6 = packet.source.isIPv6
        for selector in selectors where selector.ipv6 == ipv6 && selector.protocolNumber == packet.protocolNumber {
            if selector.destinationPorts.contains(where: { $0.contains(packet.destinationPort) }) { return true }
            if selector.sourcePorts.contains(where: { $0.contains(packet.sourcePort) }) { return true }
        }
        return false
    }
}
