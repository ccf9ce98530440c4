/// A static index over closed intervals of `Key`: which items cover a point, found by one binary search.
///
/// Items with the same interval share a node; the key space is cut into elementary intervals, each mapped
/// to an interned chain of covering nodes. CIDR blocks are laminar, so a chain holds at most 33 (IPv4) or
/// 129 (IPv6) nodes whatever the number of rules; port ranges are few and far between in practice.
struct IntervalIndex<Key: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    struct Entry {
        var low: Key
        var high: Key
        var item: Int32
    }

    private struct Span: Hashable {
        var low: Key
        var high: Key
    }

    /// Start of each elementary interval, ascending; the first is `Key.min`.
    private var starts: [Key] = []
    private var chainOfInterval: [Int32] = []
    private var chainOffsets: [Int32] = [0]
    private var chainNodes: [Int32] = []
    private var chainTotals: [Int32] = []
    private(set) var nodeLow: [Key] = []
    private(set) var nodeHigh: [Key] = []
    private var nodeOffsets: [Int32] = [0]
    private var nodeItems: [Int32] = []

    init() {}

    init(_ entries: [Entry]) {
        guard !entries.isEmpty else { return }
        var nodeOfSpan: [Span: Int32] = [:]
        var members: [[Int32]] = []
        for entry in entries {
            let span = Span(low: entry.low, high: entry.high)
            if let node = nodeOfSpan[span] {
                members[Int(node)].append(entry.item)
            } else {
                nodeOfSpan[span] = Int32(members.count)
                members.append([entry.item])
                nodeLow.append(entry.low)
                nodeHigh.append(entry.high)
            }
        }
        for list in members {
            nodeItems.append(contentsOf: list)
            nodeOffsets.append(Int32(nodeItems.count))
        }
        var boundaries: [Key] = [Key.min]
        boundaries.reserveCapacity(nodeLow.count * 2 + 1)
        for node in nodeLow.indices {
            boundaries.append(nodeLow[node])
            if nodeHigh[node] != Key.max { boundaries.append(nodeHigh[node] + 1) }
        }
        boundaries.sort()
        let byLow = nodeLow.indices.sorted { nodeLow[$0] < nodeLow[$1] }
        let byEnd = nodeLow.indices.filter { nodeHigh[$0] != Key.max }.sorted { nodeHigh[$0] < nodeHigh[$1] }
        var addCursor = 0
        var removeCursor = 0
        var active = Set<Int32>()
        var chainIds: [[Int32]: Int32] = [:]
        var previous: Key? = nil
        for boundary in boundaries where boundary != previous {
            previous = boundary
            while removeCursor < byEnd.count, nodeHigh[byEnd[removeCursor]] + 1 <= boundary {
                active.remove(Int32(byEnd[removeCursor]))
                removeCursor += 1
            }
            while addCursor < byLow.count, nodeLow[byLow[addCursor]] <= boundary {
                active.insert(Int32(byLow[addCursor]))
                addCursor += 1
            }
            let chain = active.sorted()
            let id: Int32
            if let existing = chainIds[chain] {
                id = existing
            } else {
                id = Int32(chainTotals.count)
                chainIds[chain] = id
                chainNodes.append(contentsOf: chain)
                chainOffsets.append(Int32(chainNodes.count))
                var total: Int32 = 0
                for node in chain { total += nodeOffsets[Int(node) + 1] - nodeOffsets[Int(node)] }
                chainTotals.append(total)
            }
            if let last = chainOfInterval.last, last == id { continue }
            starts.append(boundary)
            chainOfInterval.append(id)
        }
    }

    var isEmpty: Bool { starts.isEmpty }
    var nodeCount: Int { nodeLow.count }

    /// The chain covering `key`, or -1 when the index is empty.
    @inline(__always)
    func chain(at key: Key) -> Int {
        if starts.isEmpty { return -1 }
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let middle = (low + high) >> 1
            if starts[middle] <= key { low = middle } else { high = middle }
        }
        return Int(chainOfInterval[low])
    }

    /// How many items cover the points of `chain`.
    @inline(__always)
    func count(inChain chain: Int) -> Int { chain < 0 ? 0 : Int(chainTotals[chain]) }

    /// Calls `body` with each item covering the points of `chain`.
    @inline(__always)
    func forEachItem(inChain chain: Int, _ body: (Int32) -> Void) {
        guard chain >= 0 else { return }
        for position in Int(chainOffsets[chain])..<Int(chainOffsets[chain + 1]) {
            let node = Int(chainNodes[position])
            for itemPosition in Int(nodeOffsets[node])..<Int(nodeOffsets[node + 1]) { body(nodeItems[itemPosition]) }
        }
    }

    /// The nodes of `chain`.
    func nodes(inChain chain: Int) -> ArraySlice<Int32> {
        guard chain >= 0 else { return [] }
        return chainNodes[Int(chainOffsets[chain])..<Int(chainOffsets[chain + 1])]
    }

    /// The items of `node`.
    func items(ofNode node: Int) -> ArraySlice<Int32> {
        nodeItems[Int(nodeOffsets[node])..<Int(nodeOffsets[node + 1])]
    }

    /// Elementary intervals with their chains, in key order.
    var elementaryIntervals: [(low: Key, high: Key, chain: Int)] {
        starts.indices.map { index in
            let high = index + 1 < starts.count ? starts[index + 1] - 1 : Key.max
            return (starts[index], high, Int(chainOfInterval[index]))
        }
    }

    /// Approximate heap bytes held.
    var byteCount: Int {
        starts.count * MemoryLayout<Key>.stride + chainOfInterval.count * 4 + chainOffsets.count * 4
            + chainNodes.count * 4 + chainTotals.count * 4 + nodeLow.count * 2 * MemoryLayout<Key>.stride
            + nodeOffsets.count * 4 + nodeItems.count * 4
    }
}
