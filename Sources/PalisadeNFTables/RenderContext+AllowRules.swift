import PalisadeCore

extension RenderContext {
    /// The allow rules of `networkInterface` in `direction`, each ending in `return`, and the named sets they
    /// look up: the union of its groups' rules, per address family:
    ///
    /// - `meta nfproto ipv4 return` alone when a rule admits all traffic from (to) `0.0.0.0/0`;
    /// - else one lookup per kind of CIDR rule in a concatenated interval set of the interface (see
    ///   ``AddressSetKind``), then one rule per group or prefix list and service (TCP and UDP port ranges
    ///   merged, one rule per range).
    /// - Parameter setStem: Prefix of the interface's set names, `eni_web_ingress`.
    func allowRules(_ networkInterface: NetworkInterface, direction: Direction, setStem: String)
        -> (rules: [NFTRule], sets: [NFTSet])
    {
        let field: NFTMatch.Field = direction == .ingress ? .source : .destination
        var v4 = AddressRules<IPv4CIDR>()
        var v6 = AddressRules<IPv6CIDR>()
        var named: [ServiceKey: [String: [String]]] = [:]
        for group in Set(networkInterface.groupIds).sorted() {
            for rule in rulesByGroup[group] ?? [] where rule.direction == direction {
                guard let service = Service(rule) else { continue }
                func add(_ family: NFTMatch.Family, set: String) {
                    guard service.applies(to: family) else { return }
                    named[ServiceKey(family: family, service: service), default: [:]][set, default: []]
                        .append(rule.ruleId)
                }
                switch rule.peer {
                case .cidrIpv4(let cidr):
                    if service.applies(to: .ipv4) { v4.add(cidr, service, rule.ruleId) }
                case .cidrIpv6(let cidr):
                    if service.applies(to: .ipv6) { v6.add(cidr, service, rule.ruleId) }
                case .prefixList(let listId):
                    for family in families(ofPrefixList: listId) { add(family, set: prefixListSetName(listId, family)) }
                case .securityGroup(let group):
                    for family in [NFTMatch.Family.ipv4, .ipv6] { add(family, set: groupSetName(group.groupId, family)) }
                }
            }
        }

        var rules: [NFTRule] = []
        var sets: [NFTSet] = []
        for family in [NFTMatch.Family.ipv4, .ipv6] {
            let anywhere = family == .ipv4 ? v4.anywhere : v6.anywhere
            guard anywhere.isEmpty else {
                // Everything of the family is admitted: any other rule would be redundant.
                rules.append(NFTRule([.family(family)], .return, comment: Self.comment(ruleIds: anywhere)))
                continue
            }
            let lookups =
                family == .ipv4
                ? addressSetLookups(v4, family: family, field: field, setStem: setStem)
                : addressSetLookups(v6, family: family, field: field, setStem: setStem)
            rules += lookups.rules
            sets += lookups.sets
            rules += namedSetRules(named, family: family, field: field)
        }
        return (rules, sets)
    }

    /// One set and one lookup rule per kind of the CIDR rules of one family.
    private func addressSetLookups<Block>(
        _ rules: AddressRules<Block>, family: NFTMatch.Family, field: NFTMatch.Field, setStem: String
    ) -> (rules: [NFTRule], sets: [NFTSet]) {
        // Boxes inside a block that admits all traffic add nothing.
        let covering = CIDRFolding.fold(rules.boxes[.all]?.map(\.block) ?? [])
        var result: (rules: [NFTRule], sets: [NFTSet]) = ([], [])
        for kind in AddressSetKind.allCases {
            guard var boxes = rules.boxes[kind] else { continue }
            if kind != .all { boxes.removeAll { box in covering.contains { $0.contains(box.block) } } }
            let elements = ServiceBox.disjoint(boxes).map {
                kind.element($0, family: family) + " comment \"\(Self.comment(ruleIds: $0.ruleIds))\""
            }
            guard !elements.isEmpty else { continue }
            let keys = kind.keys(family: family, field: field)
            let name = "\(setStem)_\(kind.rawValue)_\(family == .ipv4 ? "v4" : "v6")"
            result.sets.append(NFTSet(name: name, type: keys.map(\.elementType), isInterval: true, elements: elements))
            // The rule IDs go in the element comments: a comment on the rule would change with every rule
            // edit and make it a replacement instead of an element change.
            result.rules.append(NFTRule([.lookup(keys: keys, in: .set(name))], .return))
        }
        return result
    }

    /// Rules whose peer is a named set (group members, prefix list) in one family: one per service and set,
    /// the TCP (UDP) ports of one set merged into disjoint ranges, one rule each. A port list would be an
    /// anonymous set per rule, and the kernel's cost for each anonymous set grows with their number.
    private func namedSetRules(
        _ named: [ServiceKey: [String: [String]]], family: NFTMatch.Family, field: NFTMatch.Field
    ) -> [NFTRule] {
        var ports: [PortKey: [(range: ClosedRange<UInt16>, ids: [String])]] = [:]
        var rules: [(key: [Int], set: String, rule: NFTRule)] = []
        func rule(_ service: [NFTMatch], _ set: String, _ ids: [String]) -> NFTRule {
            NFTRule(
                service + [.address(family: family, field: field, set: set)], .return,
                comment: Self.comment(ruleIds: ids))
        }
        for (key, peers) in named where key.family == family {
            for (set, ids) in peers {
                switch key.service {
                case .ports(let number, let range):
                    ports[PortKey(number: number, set: set), default: []].append((range, ids))
                case .all:
                    rules.append((key.service.sortKey, set, rule([], set, ids)))
                case .transportProtocol(let number):
                    rules.append((key.service.sortKey, set, rule([.transportProtocol(number)], set, ids)))
                case .icmp(_, let type, let code):
                    rules.append(
                        (key.service.sortKey, set, rule([.icmp(family: family, types: [type], code: code)], set, ids)))
                }
            }
        }
        for (key, entries) in ports {
            for range in PortRanges.merge(entries.map(\.range)) {
                let ids = entries.filter { $0.range.overlaps(range) }.flatMap(\.ids)
                let match = NFTMatch.ports(key.number, .destination, [range])
                let sortKey = Service.ports(key.number, range).sortKey
                rules.append((sortKey, key.set, rule([match], key.set, ids)))
            }
        }
        rules.sort { lhs, rhs in
            lhs.key != rhs.key ? lhs.key.lexicographicallyPrecedes(rhs.key) : lhs.set < rhs.set
        }
        return rules.map(\.rule)
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

/// The sets an interface's CIDR rules of one family and direction become, one lookup each. Their elements are
/// disjoint boxes (``ServiceBox``), so the rules of every attached group cost one lookup per kind, whatever
/// their number, and a rule change is an element change.
///
/// Every key is a concatenation: nft 1.0.6 reads the elements of each non-concatenated interval set of the
/// table before every command, so plain address sets would make each membership change slower.
enum AddressSetKind: String, CaseIterable {
    /// All traffic: `meta nfproto . ip saddr` (`ipv4 . 10.0.0.0/8`). The family is always there, so the lookup
    /// matches every packet from the block, as the rule does; `meta l4proto` would miss IPv6 packets whose
    /// protocol the kernel cannot find (no next header, broken extension headers).
    case all
    /// TCP and UDP: `ip saddr . meta l4proto . th dport` (`10.0.0.0/8 . tcp . 80-90`).
    case ports
    /// Other protocols, and ICMP of every type: `ip saddr . meta l4proto` (`10.0.0.0/8 . 47`).
    case protocols
    /// ICMP (ICMPv6) of one type: `ip saddr . icmp type . icmp code` (`10.0.0.0/8 . 8 . 0-255`).
    case icmp

    func keys(family: NFTMatch.Family, field: NFTMatch.Field) -> [NFTMatch.Key] {
        switch self {
        case .all: [.family, .address(family, field)]
        case .ports: [.address(family, field), .transportProtocol, .port(.destination)]
        case .protocols: [.address(family, field), .transportProtocol]
        case .icmp: [.address(family, field), .icmpType(family), .icmpCode(family)]
        }
    }

    func element<Block>(_ box: ServiceBox<Block>, family: NFTMatch.Family) -> String {
        switch self {
        case .all: "\(family.rawValue) . \(box.block)"
        case .ports: "\(box.block) . \(NFTMatch.protocolName(box.selector)) . \(NFTMatch.text(box.range))"
        case .protocols: "\(box.block) . \(NFTMatch.text(box.range))"
        case .icmp: "\(box.block) . \(box.selector) . \(NFTMatch.text(box.range))"
        }
    }
}

/// The CIDR-peered rules of one family, as boxes per kind of set.
private struct AddressRules<Block: AddressBlock> {
    var boxes: [AddressSetKind: [ServiceBox<Block>]] = [:]
    /// Rules admitting all traffic from (to) anywhere.
    var anywhere: [String] = []

    mutating func add(_ block: Block, _ service: Service, _ ruleId: String) {
        let box: (AddressSetKind, UInt8, ClosedRange<UInt16>)
        switch service {
        case .all where block.prefixLength == 0:
            anywhere.append(ruleId)
            return
        case .all: box = (.all, 0, 0...0)
        case .ports(let number, let ports): box = (.ports, number, ports)
        case .transportProtocol(let number): box = (.protocols, 0, UInt16(number)...UInt16(number))
        case .icmp(_, let type, let code): box = (.icmp, type, code.map { UInt16($0)...UInt16($0) } ?? 0...255)
        }
        boxes[box.0, default: []].append(ServiceBox(block: block, selector: box.1, range: box.2, ruleIds: [ruleId]))
    }
}

private struct ServiceKey: Hashable {
    var family: NFTMatch.Family
    var service: Service
}

private struct PortKey: Hashable {
    var number: UInt8
    var set: String
}
