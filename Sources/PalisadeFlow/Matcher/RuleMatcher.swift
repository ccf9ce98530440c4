import PalisadeCore

/// The compiled rules of one set of security groups in one direction.
///
/// Rules are indexed twice: by protocol and port (or ICMP type/code) interval, and by peer (CIDR interval
/// tables per family, and a map from referenced group to rules). A lookup takes the smaller candidate list
/// of the two indexes and checks the remaining dimensions on each candidate, so its cost follows the number
/// of rules that could match, not the number of rules.
public struct RuleMatcher: Sendable {
    enum Peer: Sendable {
        case v4(IPv4CIDR)
        case v6(IPv6CIDR)
        case group(Int32)

        var isAnywhere: Bool {
            switch self {
            case .v4(let cidr): cidr.prefixLength == 0
            case .v6(let cidr): cidr.prefixLength == 0
            case .group: false
            }
        }
    }

    /// One (rule, peer block) pair: a prefix-list rule yields one term per entry.
    struct Term: Sendable {
        var rule: Int32
        var protocolNumber: Int16
        var low: UInt16
        var high: UInt16
        var peer: Peer
    }

    /// Which "all traffic to/from anywhere" shapes the matcher holds (see spec 5.2, untracked flows).
    struct OpenShapes: OptionSet, Sendable {
        let rawValue: UInt8
        static let v4All = OpenShapes(rawValue: 1)
        static let v4TCP = OpenShapes(rawValue: 2)
        static let v4UDP = OpenShapes(rawValue: 4)
        static let v6All = OpenShapes(rawValue: 8)
        static let v6TCP = OpenShapes(rawValue: 16)
        static let v6UDP = OpenShapes(rawValue: 32)
    }

    private(set) var terms: [Term] = []
    private(set) var v4Peers = IntervalIndex<UInt32>()
    private(set) var v6Peers = IntervalIndex<UInt128>()
    private(set) var groupPeers: [Int32: [Int32]] = [:]
    private var anyProtocol: [Int32] = []
    private var protocolNumbers: [Int16] = []
    private var protocolIndexes: [IntervalIndex<UInt16>] = []
    private var nonPortProtocolTerms: [Int16: [Int32]] = [:]
    private(set) var openShapes: OpenShapes = []
    /// Rule indices the matcher was built from.
    private(set) var ruleIndices: [Int32] = []

    /// An empty matcher: admits nothing.
    init() {}

    /// Compiles `rules` (already filtered to one direction).
    init(rules: [(index: Int32, rule: CompiledRule)], prefixLists: [String: PrefixListBlocks]) {
        var v4: [IntervalIndex<UInt32>.Entry] = []
        var v6: [IntervalIndex<UInt128>.Entry] = []
        var byProtocol: [Int16: [IntervalIndex<UInt16>.Entry]] = [:]
        ruleIndices = rules.map(\.index)
        func add(_ index: Int32, _ range: (protocolNumber: Int16, low: UInt16, high: UInt16), _ peer: Peer) {
            let termIndex = Int32(terms.count)
            terms.append(Term(rule: index, protocolNumber: range.protocolNumber, low: range.low, high: range.high, peer: peer))
            switch peer {
            case .v4(let cidr):
                v4.append(.init(low: cidr.first.value, high: cidr.last.value, item: termIndex))
            case .v6(let cidr):
                v6.append(.init(low: IPAddress.v6(cidr.first).wideValue, high: IPAddress.v6(cidr.last).wideValue, item: termIndex))
            case .group(let group):
                groupPeers[group, default: []].append(termIndex)
            }
            if range.protocolNumber < 0 {
                anyProtocol.append(termIndex)
            } else if [1, 6, 17, 58].contains(range.protocolNumber) {
                byProtocol[range.protocolNumber, default: []].append(.init(low: range.low, high: range.high, item: termIndex))
            } else {
                nonPortProtocolTerms[range.protocolNumber, default: []].append(termIndex)
            }
            if peer.isAnywhere {
                let isV4: Bool
                if case .v4 = peer { isV4 = true } else { isV4 = false }
                let full = range.low == 0 && range.high == .max
                if range.protocolNumber < 0 { openShapes.insert(isV4 ? .v4All : .v6All) }
                if range.protocolNumber == 6 && full { openShapes.insert(isV4 ? .v4TCP : .v6TCP) }
                if range.protocolNumber == 17 && full { openShapes.insert(isV4 ? .v4UDP : .v6UDP) }
            }
        }
        for (index, compiled) in rules {
            let range = compiled.keyRange
            switch compiled.rule.peer {
            case .cidrIpv4(let cidr): add(index, range, .v4(cidr))
            case .cidrIpv6(let cidr): add(index, range, .v6(cidr))
            case .securityGroup: add(index, range, .group(compiled.referencedGroup))
            case .prefixList(let id):
                guard let blocks = prefixLists[id] else { continue }
                for cidr in blocks.v4 { add(index, range, .v4(cidr)) }
                for cidr in blocks.v6 { add(index, range, .v6(cidr)) }
            }
        }
        v4Peers = IntervalIndex(v4)
        v6Peers = IntervalIndex(v6)
        for number in byProtocol.keys.sorted() {
            protocolNumbers.append(number)
            protocolIndexes.append(IntervalIndex(byProtocol[number]!))
        }
    }

    /// Number of (rule, peer block) terms: the effective rule count.
    public var effectiveRuleCount: Int { terms.count }

    @inline(__always)
    static func termAdmits(
        _ term: Term, protocolNumber: UInt8, key: UInt16, peer: IPAddress, peerGroups: [Int32]
    ) -> Bool {
        if term.protocolNumber >= 0 {
            if term.protocolNumber != Int16(protocolNumber) || key < term.low || key > term.high { return false }
        }
        switch (term.peer, peer) {
        case (.v4(let cidr), .v4(let address)): return cidr.contains(address)
        case (.v6(let cidr), .v6(let address)): return cidr.contains(address)
        case (.group(let group), _): return peerGroups.contains(group)
        default: return false
        }
    }

    /// Calls `body` with the index of each term that admits the probe; `body` returns false to stop.
    @inline(__always)
    func forEachMatch(
        protocolNumber: UInt8, key: UInt16, peer: IPAddress, peerGroups: [Int32], _ body: (Int32) -> Bool
    ) {
        // Peer-side candidates.
        var peerChain = -1
        var peerCount = 0
        switch peer {
        case .v4(let address):
            peerChain = v4Peers.chain(at: address.value)
            peerCount = v4Peers.count(inChain: peerChain)
        case .v6:
            peerChain = v6Peers.chain(at: peer.wideValue)
            peerCount = v6Peers.count(inChain: peerChain)
        }
        if !groupPeers.isEmpty {
            for group in peerGroups { peerCount += groupPeers[group]?.count ?? 0 }
        }
        // Protocol-side candidates.
        let protocolSlot = protocolNumbers.firstIndex(of: Int16(protocolNumber))
        var protocolChain = -1
        var protocolCount = anyProtocol.count
        if let protocolSlot {
            protocolChain = protocolIndexes[protocolSlot].chain(at: key)
            protocolCount += protocolIndexes[protocolSlot].count(inChain: protocolChain)
        } else if let list = nonPortProtocolTerms[Int16(protocolNumber)] {
            protocolCount += list.count
        }
        if peerCount == 0 || protocolCount == 0 { return }
        var going = true
        @inline(__always) func check(_ termIndex: Int32) {
            guard going else { return }
            if RuleMatcher.termAdmits(
                terms[Int(termIndex)], protocolNumber: protocolNumber, key: key, peer: peer, peerGroups: peerGroups)
            {
                going = body(termIndex)
            }
        }
        if peerCount <= protocolCount {
            if peer.isIPv6 {
                v6Peers.forEachItem(inChain: peerChain) { check($0) }
            } else {
                v4Peers.forEachItem(inChain: peerChain) { check($0) }
            }
            if !groupPeers.isEmpty {
                for group in peerGroups {
                    for termIndex in groupPeers[group] ?? [] { check(termIndex) }
                }
            }
        } else {
            for termIndex in anyProtocol { check(termIndex) }
            if let protocolSlot {
                protocolIndexes[protocolSlot].forEachItem(inChain: protocolChain) { check($0) }
            } else if let list = nonPortProtocolTerms[Int16(protocolNumber)] {
                for termIndex in list { check(termIndex) }
            }
        }
    }

    /// Indices (into the compiled policy's rule table) of every rule that admits the probe, ascending.
    func matchingRules(
        protocolNumber: UInt8, key: UInt16, peer: IPAddress, peerGroups: [Int32]
    ) -> (rules: [Int32], anywhere: Bool) {
        var rules: [Int32] = []
        var anywhere = false
        forEachMatch(protocolNumber: protocolNumber, key: key, peer: peer, peerGroups: peerGroups) { termIndex in
            let term = terms[Int(termIndex)]
            rules.append(term.rule)
            if term.peer.isAnywhere { anywhere = true }
            return true
        }
        if rules.count > 1 {
            rules.sort()
            var unique: [Int32] = []
            unique.reserveCapacity(rules.count)
            for rule in rules where unique.last != rule { unique.append(rule) }
            rules = unique
        }
        return (rules, anywhere)
    }

    /// Whether any rule admits the probe.
    func admits(protocolNumber: UInt8, key: UInt16, peer: IPAddress, peerGroups: [Int32]) -> Bool {
        var found = false
        forEachMatch(protocolNumber: protocolNumber, key: key, peer: peer, peerGroups: peerGroups) { _ in
            found = true
            return false
        }
        return found
    }

    /// Whether the matcher holds a rule allowing all traffic of `protocolNumber` to or from anywhere in the family.
    func isOpenToAnywhere(protocolNumber: UInt8, ipv6: Bool) -> Bool {
        if ipv6 {
            return openShapes.contains(.v6All) || (protocolNumber == 6 && openShapes.contains(.v6TCP))
                || (protocolNumber == 17 && openShapes.contains(.v6UDP))
        }
        return openShapes.contains(.v4All) || (protocolNumber == 6 && openShapes.contains(.v4TCP))
            || (protocolNumber == 17 && openShapes.contains(.v4UDP))
    }

    /// Approximate heap bytes held.
    var byteCount: Int {
        terms.count * MemoryLayout<Term>.stride + v4Peers.byteCount + v6Peers.byteCount
            + protocolIndexes.reduce(0) { $0 + $1.byteCount } + anyProtocol.count * 4
    }
}

/// The CIDR blocks of one prefix list, parsed once.
struct PrefixListBlocks: Sendable {
    var v4: [IPv4CIDR]
    var v6: [IPv6CIDR]

    init(_ list: ManagedPrefixList) {
        v4 = list.ipv4Blocks
        v6 = list.ipv6Blocks
    }
}
