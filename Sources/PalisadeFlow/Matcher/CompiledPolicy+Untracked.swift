public import PalisadeCore

extension CompiledPolicy {
    /// The TCP and UDP packets `interfaceId` leaves untracked in `direction`, as port ranges per family and
    /// protocol; the same classification packet decisions use.
    /// - Parameters:
    ///   - interfaceId: The enforcing interface.
    ///   - direction: `.ingress` for packets the interface receives, `.egress` for packets it sends.
    /// - Returns: The untracked ports; empty for an unknown interface.
    public func untrackedTraffic(interfaceId: String, direction: Direction) -> UntrackedTraffic {
        guard let slot = interfaceIndexById[interfaceId], let interface = interfaces[Int(slot)],
            let groupSet = groupSets[Int(interface.groupSet)]
        else { return UntrackedTraffic() }
        let this = groupSet.matcher(direction)
        let opposite = groupSet.matcher(direction == .ingress ? .egress : .ingress)
        var selectors: [UntrackedTraffic.Selector] = []
        for ipv6 in [false, true] {
            for protocolNumber in [ProtocolNumber.tcp, ProtocolNumber.udp] {
                // Mirrors `judge`: admitted by an anywhere rule while the opposite side is open…
                let destination =
                    opposite.isOpenToAnywhere(protocolNumber: protocolNumber, ipv6: ipv6)
                    ? this.anywherePorts(protocolNumber: protocolNumber, ipv6: ipv6) : []
                // …or this side is open and the packet answers one the opposite side admits from anywhere.
                let source =
                    this.isOpenToAnywhere(protocolNumber: protocolNumber, ipv6: ipv6)
                    ? opposite.anywherePorts(protocolNumber: protocolNumber, ipv6: ipv6) : []
                if destination.isEmpty && source.isEmpty { continue }
                selectors.append(
                    .init(
                        ipv6: ipv6, protocolNumber: protocolNumber, destinationPorts: destination, sourcePorts: source))
            }
        }
        return UntrackedTraffic(selectors: selectors)
    }
}

extension RuleMatcher {
    /// The ports of `protocolNumber` admitted from (or to) anywhere in the family: the union of the port
    /// ranges of terms whose peer is `0.0.0.0/0` or `::/0`, merged.
    static func anywherePorts(in terms: [Term], protocolNumber: UInt8, ipv6: Bool) -> [ClosedRange<UInt16>] {
        var ranges: [ClosedRange<UInt16>] = []
        for term in terms where term.peer.isAnywhere {
            let termIsV6: Bool
            if case .v6 = term.peer { termIsV6 = true } else { termIsV6 = false }
            guard termIsV6 == ipv6, term.protocolNumber < 0 || term.protocolNumber == Int16(protocolNumber),
                term.low <= term.high
            else { continue }
            ranges.append(term.low...term.high)
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt16>] = []
        for range in ranges {
            if let last = merged.last, Int(range.lowerBound) <= Int(last.upperBound) + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}
