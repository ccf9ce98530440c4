import PalisadeCore

extension CompiledPolicy {
    /// The verdict of interface `slot` on `packet` in `direction`, from the rules alone.
    func sideVerdict(slot: Int32, direction: Direction, packet: Packet, nearestMissLimit: Int = 3) -> (
        SideVerdict, SideJudgement
    ) {
        let judgement = judge(slot: slot, direction: direction, packet: packet)
        let record = interfaces[Int(slot)]!.record
        let outcome: SideVerdict.Outcome
        if judgement.isAllowed {
            outcome = .allowedByRules(
                judgement.rules.map(ruleReference).sorted { $0.ruleId < $1.ruleId },
                tracking: judgement.untracked ? .untracked : .tracked)
        } else {
            outcome = .noMatchingRule(
                nearestMisses: nearestMisses(slot: slot, direction: direction, packet: packet, limit: nearestMissLimit))
        }
        let verdict = SideVerdict(
            networkInterfaceId: record.info.networkInterfaceId, direction: direction, groupIds: record.info.groupIds,
            outcome: outcome)
        return (verdict, judgement)
    }

    /// The rules of `slot`'s groups in `direction` that came closest to admitting `packet`: fewest failed
    /// dimensions (protocol/port, peer) first, then by rule ID. Scoring is cheap; reasons are spelled out
    /// only for the few rules kept, so a drop costs one pass over the rules.
    func nearestMisses(slot: Int32, direction: Direction, packet: Packet, limit: Int) -> [RuleMiss] {
        guard limit > 0, let interface = interfaces[Int(slot)] else { return [] }
        let peer = direction == .ingress ? packet.source : packet.destination
        let peerGroups = peerGroups(of: peer)
        let key = packet.ruleKey
        // Kept in encounter order among equal scores, best first.
        var best: [(score: Int, index: Int32)] = []
        best.reserveCapacity(limit + 1)
        for group in interface.groupKey {
            let list = direction == .ingress ? ingressRulesOfGroup[Int(group)] : egressRulesOfGroup[Int(group)]
            for index in list {
                let score = rules.withUnsafeBufferPointer { table -> Int in
                    guard let compiled = table[Int(index)] else { return 0 }
                    return missScore(compiled, packet: packet, key: key, peer: peer, peerGroups: peerGroups)
                }
                if score == 0 { continue }
                if best.count == limit, score >= best[limit - 1].score { continue }
                var position = best.count
                while position > 0, best[position - 1].score > score { position -= 1 }
                best.insert((score, index), at: position)
                if best.count > limit { best.removeLast() }
            }
        }
        return best.map { entry in
            RuleMiss(
                rule: ruleReference(entry.index),
                reasons: missReasons(rules[Int(entry.index)]!, direction: direction, packet: packet))
        }.sorted { ($0.reasons.count, $0.rule.ruleId) < ($1.reasons.count, $1.rule.ruleId) }
    }

    /// How many dimensions of `compiled` reject the packet (0: it matches).
    private func missScore(
        _ compiled: CompiledRule, packet: Packet, key: UInt16, peer: IPAddress, peerGroups: [Int32]
    ) -> Int {
        var score = 0
        let range = compiled.keyRange
        if range.protocolNumber >= 0,
            range.protocolNumber != Int16(packet.protocolNumber) || key < range.low || key > range.high
        {
            score += 1
        }
        let inside: Bool
        switch (compiled.peer, peer) {
        case (.v4(let cidr), .v4(let address)): inside = cidr.contains(address)
        case (.v6(let cidr), .v6(let address)): inside = cidr.contains(address)
        case (.prefixList(let id), .v4(let address)): inside = prefixLists[id]?.v4.contains { $0.contains(address) } ?? false
        case (.prefixList(let id), .v6(let address)): inside = prefixLists[id]?.v6.contains { $0.contains(address) } ?? false
        case (.group(let group), _): inside = peerGroups.contains(group)
        default: inside = false
        }
        return inside ? score : score + 1
    }

    /// Why `compiled` does not admit `packet`; empty when it does.
    func missReasons(_ compiled: CompiledRule, direction: Direction, packet: Packet) -> [RuleMiss.Reason] {
        var reasons: [RuleMiss.Reason] = []
        let rule = compiled.rule
        let range = compiled.keyRange
        if range.protocolNumber >= 0 {
            if range.protocolNumber != Int16(packet.protocolNumber) {
                reasons.append(.wrongProtocol(rule: rule.ipProtocol, packet: packet.protocolNumber))
            } else if packet.ruleKey < range.low || packet.ruleKey > range.high {
                if packet.isICMP {
                    reasons.append(
                        .icmpTypeCodeMismatch(
                            ruleType: rule.fromPort ?? -1, ruleCode: rule.toPort ?? -1, type: Int(packet.icmpType),
                            code: Int(packet.icmpCode)))
                } else {
                    reasons.append(
                        .portOutOfRange(from: Int(range.low), to: Int(range.high), port: Int(packet.destinationPort)))
                }
            }
        }
        let peer = direction == .ingress ? packet.source : packet.destination
        switch rule.peer {
        case .cidrIpv4(let cidr):
            if case .v4(let address) = peer, cidr.contains(address) { break }
            reasons.append(.notInCIDR(cidr: cidr.description, address: peer))
        case .cidrIpv6(let cidr):
            if case .v6(let address) = peer, cidr.contains(address) { break }
            reasons.append(.notInCIDR(cidr: cidr.description, address: peer))
        case .prefixList(let id):
            guard let blocks = prefixLists[id] else {
                reasons.append(.prefixListNotFound(prefixListId: id))
                break
            }
            let inside: Bool
            switch peer {
            case .v4(let address): inside = blocks.v4.contains { $0.contains(address) }
            case .v6(let address): inside = blocks.v6.contains { $0.contains(address) }
            }
            if !inside { reasons.append(.notInPrefixList(prefixListId: id, address: peer)) }
        case .securityGroup(let group):
            if !peerGroups(of: peer).contains(compiled.referencedGroup) {
                reasons.append(.notInGroup(groupId: group.groupId, address: peer, direction: direction))
            }
        }
        return reasons
    }
}
