import PalisadeFlow

extension NFTRenderer {
    /// `notrack` rules for the packets `untracked` describes: requests by destination port, replies by
    /// source port.
    static func notrackRules(_ untracked: UntrackedTraffic) -> [NFTRule] {
        var rules: [NFTRule] = []
        for selector in untracked.selectors {
            let family: NFTMatch.Family = selector.ipv6 ? .ipv6 : .ipv4
            for (field, ranges) in [
                (NFTMatch.Field.destination, selector.destinationPorts), (.source, selector.sourcePorts),
            ] where !ranges.isEmpty {
                let ports: NFTMatch =
                    ranges == [0...UInt16.max]
                    ? .transportProtocol(selector.protocolNumber)
                    : .ports(protocolNumber: selector.protocolNumber, field: field, ranges: ranges)
                let rule = NFTRule([.family(family), ports], .notrack)
                if !rules.contains(rule) { rules.append(rule) }
            }
        }
        return rules
    }
}
