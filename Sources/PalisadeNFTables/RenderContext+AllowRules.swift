import PalisadeCore

extension RenderContext {
    /// The allow rules of `networkInterface` in `direction`: the union of its groups' rules, merged so that a
    /// packet meets one rule per distinct (family, protocol, peer), each ending in `return`.
    func allowRules(_ networkInterface: NetworkInterface, direction: Direction) -> [NFTRule] {
        let field: NFTMatch.Field = direction == .ingress ? .source : .destination
        var byKey: [ServiceKey: Peers] = [:]
        for group in Set(networkInterface.groupIds).sorted() {
            for rule in rulesByGroup[group] ?? [] where rule.direction == direction {
                guard let service = Service(rule) else { continue }
                func add(_ family: NFTMatch.Family, _ body: (inout Peers) -> Void) {
                    guard service.applies(to: family) else { return }
                    body(&byKey[ServiceKey(family: family, service: service), default: Peers()])
                }
                let id = rule.ruleId
                switch rule.peer {
                case .cidrIpv4(let cidr):
                    add(.ipv4) { cidr.prefixLength == 0 ? $0.anywhere.append(id) : $0.add(.v4(cidr), id) }
                case .cidrIpv6(let cidr):
                    add(.ipv6) { cidr.prefixLength == 0 ? $0.anywhere.append(id) : $0.add(.v6(cidr), id) }
                case .prefixList(let listId):
                    for family in families(ofPrefixList: listId) {
                        add(family) { $0.sets[prefixListSetName(listId, family), default: []].append(id) }
                    }
                case .securityGroup(let group):
                    for family in [NFTMatch.Family.ipv4, .ipv6] {
                        add(family) { $0.sets[groupSetName(group.groupId, family), default: []].append(id) }
                    }
                }
            }
        }

        // One entry per (family, service, peer); anywhere makes the other peers of its service redundant.
        var ports: [PortKey: (ranges: [ClosedRange<UInt16>], ids: [String])] = [:]
        var rules: [(key: [Int], peer: PeerMatch, rule: NFTRule)] = []
        for (key, peers) in byKey {
            var entries: [(PeerMatch, [String])] = []
            if !peers.anywhere.isEmpty {
                entries.append((.anywhere, peers.anywhere))
            } else {
                let blocks =
                    key.family == .ipv4
                    ? CIDRFolding.fold(peers.v4).map(\.description) : CIDRFolding.fold(peers.v6).map(\.description)
                if !blocks.isEmpty { entries.append((.blocks(blocks), peers.blockIds)) }
                entries += peers.sets.map { (.set($0.key), $0.value) }
            }
            for (peer, ids) in entries {
                switch key.service {
                case .ports(let number, let range):
                    let portKey = PortKey(family: key.family, number: number, peer: peer)
                    ports[portKey, default: ([], [])].ranges.append(range)
                    ports[portKey, default: ([], [])].ids += ids
                case .all:
                    rules.append(
                        (familyRank(key.family) + key.service.sortKey, peer, rule(key.family, [], peer, field, ids)))
                case .transportProtocol(let number):
                    rules.append(
                        (
                            familyRank(key.family) + key.service.sortKey, peer,
                            rule(key.family, [.transportProtocol(number)], peer, field, ids)
                        ))
                case .icmp(_, let type, let code):
                    rules.append(
                        (
                            familyRank(key.family) + key.service.sortKey, peer,
                            rule(key.family, [.icmp(family: key.family, types: [type], code: code)], peer, field, ids)
                        ))
                }
            }
        }
        // TCP and UDP: one rule per (family, protocol, peer) with all its port ranges.
        for (key, value) in ports {
            let ranges = PortRanges.merge(value.ranges)
            let match: NFTMatch =
                ranges == [0...UInt16.max]
                ? .transportProtocol(key.number)
                : .ports(protocolNumber: key.number, field: .destination, ranges: ranges)
            rules.append(
                (
                    familyRank(key.family) + [key.number == 6 ? 1 : 2], key.peer,
                    rule(key.family, [match], key.peer, field, value.ids)
                ))
        }
        rules.sort { lhs, rhs in
            lhs.key != rhs.key ? lhs.key.lexicographicallyPrecedes(rhs.key) : lhs.peer < rhs.peer
        }
        return rules.map(\.rule)
    }

    private func familyRank(_ family: NFTMatch.Family) -> [Int] { [family == .ipv4 ? 0 : 1] }

    private func rule(
        _ family: NFTMatch.Family, _ service: [NFTMatch], _ peer: PeerMatch, _ field: NFTMatch.Field, _ ids: [String]
    ) -> NFTRule {
        var matches = peer == .anywhere ? [NFTMatch.family(family)] : []
        matches += service
        if let address = peer.match(family, field) { matches.append(address) }
        return NFTRule(matches, .return, comment: Self.comment(ruleIds: ids))
    }

    /// The rule IDs behind an nft rule, within nft's 128-character comment limit.
    static func comment(ruleIds: [String]) -> String {
        let ids = Set(ruleIds).sorted().map { id in
            String(id.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        }
        var text = ""
        for (index, id) in ids.enumerated() {
            let candidate = text.isEmpty ? id : text + "," + id
            let remaining = ids.count - index - 1
            if candidate.utf8.count + (remaining > 0 ? 8 : 0) > 120 {
                return text + ",+\(ids.count - index)"
            }
            text = candidate
        }
        return text
    }
}

private struct ServiceKey: Hashable {
    var family: NFTMatch.Family
    var service: Service
}

private struct PortKey: Hashable {
    var family: NFTMatch.Family
    var number: UInt8
    var peer: PeerMatch
}

/// The peers of one (family, service), before merging.
private struct Peers {
    enum Block {
        case v4(IPv4CIDR)
        case v6(IPv6CIDR)
    }

    var anywhere: [String] = []
    var v4: [IPv4CIDR] = []
    var v6: [IPv6CIDR] = []
    var blockIds: [String] = []
    /// Rule IDs by named set.
    var sets: [String: [String]] = [:]

    mutating func add(_ block: Block, _ ruleId: String) {
        switch block {
        case .v4(let cidr): v4.append(cidr)
        case .v6(let cidr): v6.append(cidr)
        }
        blockIds.append(ruleId)
    }
}
