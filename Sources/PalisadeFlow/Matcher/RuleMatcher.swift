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

    /// The compiled data, immutable once built and shared by copies: copying a matcher (or the group set
    /// holding two) is one retain, not one per array.
    private final class Storage: Sendable {
        let terms: [Term]
        let v4Peers: IntervalIndex<UInt32>
        let v6Peers: IntervalIndex<UInt128>
        /// Referenced groups, ascending, and for each the terms naming it (`groupPeerTerms[offsets[i]..<offsets[i+1]]`).
        let groupPeerKeys: [Int32]
        let groupPeerOffsets: [Int32]
        let groupPeerTerms: [Int32]
        let anyProtocol: [Int32]
        let protocolNumbers: [Int16]
        let protocolIndexes: [IntervalIndex<UInt16>]
        let nonPortProtocolTerms: [Int16: [Int32]]
        let openShapes: OpenShapes
        let ruleIndices: [Int32]

        init(
            terms: [Term] = [], v4Peers: IntervalIndex<UInt32> = .init(), v6Peers: IntervalIndex<UInt128> = .init(),
            groupPeers: [Int32: [Int32]] = [:], anyProtocol: [Int32] = [], protocolNumbers: [Int16] = [],
            protocolIndexes: [IntervalIndex<UInt16>] = [], nonPortProtocolTerms: [Int16: [Int32]] = [:],
            openShapes: OpenShapes = [], ruleIndices: [Int32] = []
        ) {
            self.terms = terms
            self.v4Peers = v4Peers
            self.v6Peers = v6Peers
            var keys: [Int32] = []
            var offsets: [Int32] = [0]
            var items: [Int32] = []
            for key in groupPeers.keys.sorted() {
                keys.append(key)
                items.append(contentsOf: groupPeers[key]!)
                offsets.append(Int32(items.count))
            }
            groupPeerKeys = keys
            groupPeerOffsets = offsets
            groupPeerTerms = items
            self.anyProtocol = anyProtocol
            self.protocolNumbers = protocolNumbers
            self.protocolIndexes = protocolIndexes
            self.nonPortProtocolTerms = nonPortProtocolTerms
            self.openShapes = openShapes
            self.ruleIndices = ruleIndices
        }

        static let empty = Storage()

        /// The terms naming `group` as peer.
        @inline(__always)
        func groupPeerRange(_ group: Int32) -> Range<Int> {
            var low = 0
            var high = groupPeerKeys.count
            while low < high {
                let middle = (low + high) >> 1
                if groupPeerKeys[middle] < group { low = middle + 1 } else { high = middle }
            }
            guard low < groupPeerKeys.count, groupPeerKeys[low] == group else { return 0..<0 }
            return Int(groupPeerOffsets[low])..<Int(groupPeerOffsets[low + 1])
        }
    }

    private let storage: Storage

    var terms: [Term] { storage.terms }
    var v4Peers: IntervalIndex<UInt32> { storage.v4Peers }
    var v6Peers: IntervalIndex<UInt128> { storage.v6Peers }
    var openShapes: OpenShapes { storage.openShapes }
    /// Rule indices the matcher was built from.
    var ruleIndices: [Int32] { storage.ruleIndices }

    /// An empty matcher: admits nothing.
    init() { storage = .empty }

    /// Compiles `rules` (already filtered to one direction).
    init(rules: [(index: Int32, rule: CompiledRule)], prefixLists: [String: PrefixListBlocks]) {
        var terms: [Term] = []
        var groupPeers: [Int32: [Int32]] = [:]
        var anyProtocol: [Int32] = []
        var protocolNumbers: [Int16] = []
        var protocolIndexes: [IntervalIndex<UInt16>] = []
        var nonPortProtocolTerms: [Int16: [Int32]] = [:]
        var openShapes: OpenShapes = []
        var v4: [IntervalIndex<UInt32>.Entry] = []
        var v6: [IntervalIndex<UInt128>.Entry] = []
        var byProtocol: [Int16: [IntervalIndex<UInt16>.Entry]] = [:]
        terms.reserveCapacity(rules.count)
        let ruleIndices = rules.map(\.index)
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
            switch range.protocolNumber {
            case ..<0:
                anyProtocol.append(termIndex)
            case 1, 6, 17, 58:
                byProtocol[range.protocolNumber, default: []].append(.init(low: range.low, high: range.high, item: termIndex))
            default:
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
            let range = compiled.range
            switch compiled.peer {
            case .v4(let cidr): add(index, range, .v4(cidr))
            case .v6(let cidr): add(index, range, .v6(cidr))
            case .group(let group): add(index, range, .group(group))
            case .prefixList(let id):
                guard let blocks = prefixLists[id] else { continue }
                for cidr in blocks.v4 { add(index, range, .v4(cidr)) }
                for cidr in blocks.v6 { add(index, range, .v6(cidr)) }
            }
        }
        for number in byProtocol.keys.sorted() {
            protocolNumbers.append(number)
            protocolIndexes.append(IntervalIndex(byProtocol[number]!))
        }
        storage = Storage(
            terms: terms, v4Peers: IntervalIndex(v4), v6Peers: IntervalIndex(v6), groupPeers: groupPeers,
            anyProtocol: anyProtocol, protocolNumbers: protocolNumbers, protocolIndexes: protocolIndexes,
            nonPortProtocolTerms: nonPortProtocolTerms, openShapes: openShapes, ruleIndices: ruleIndices)
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
        let storage = storage
        // Peer-side candidates.
        var peerChain = -1
        var peerCount = 0
        switch peer {
        case .v4(let address):
            peerChain = storage.v4Peers.chain(at: address.value)
            peerCount = storage.v4Peers.count(inChain: peerChain)
        case .v6:
            peerChain = storage.v6Peers.chain(at: peer.wideValue)
            peerCount = storage.v6Peers.count(inChain: peerChain)
        }
        let hasGroupPeers = !storage.groupPeerKeys.isEmpty
        if hasGroupPeers {
            for group in peerGroups { peerCount += storage.groupPeerRange(group).count }
        }
        // Protocol-side candidates.
        let protocolSlot = storage.protocolNumbers.firstIndex(of: Int16(protocolNumber))
        var protocolChain = -1
        var protocolCount = storage.anyProtocol.count
        if let protocolSlot {
            protocolChain = storage.protocolIndexes[protocolSlot].chain(at: key)
            protocolCount += storage.protocolIndexes[protocolSlot].count(inChain: protocolChain)
        } else if !storage.nonPortProtocolTerms.isEmpty, let list = storage.nonPortProtocolTerms[Int16(protocolNumber)] {
            protocolCount += list.count
        }
        if peerCount == 0 || protocolCount == 0 { return }
        var going = true
        storage.terms.withUnsafeBufferPointer { terms in
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
                    storage.v6Peers.forEachItem(inChain: peerChain) { check($0) }
                } else {
                    storage.v4Peers.forEachItem(inChain: peerChain) { check($0) }
                }
                if hasGroupPeers {
                    for group in peerGroups {
                        for position in storage.groupPeerRange(group) { check(storage.groupPeerTerms[position]) }
                    }
                }
            } else {
                for termIndex in storage.anyProtocol { check(termIndex) }
                if let protocolSlot {
                    storage.protocolIndexes[protocolSlot].forEachItem(inChain: protocolChain) { check($0) }
                } else if let list = storage.nonPortProtocolTerms[Int16(protocolNumber)] {
                    for termIndex in list { check(termIndex) }
                }
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
            + storage.protocolIndexes.reduce(0) { $0 + $1.byteCount } + storage.anyProtocol.count * 4
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
