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
                let rule = NFTRule([.family(family), .ports(selector.protocolNumber, field, ranges)], .notrack)
                if !rules.contains(rule) { rules.append(rule) }
            }
        }
        return rules
    }
}
