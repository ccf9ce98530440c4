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

    /// Builds the index: sorts instead of hashing spans, sweeps the boundaries with a sorted array of
    /// active nodes, and interns each distinct chain once.
    init(_ entries: [Entry]) {
        guard !entries.isEmpty else { return }
        // Nodes: entries grouped by identical span, in order of (low, high); items ascending.
        var sorted = entries
        sorted.sort {
            if $0.low != $1.low { return $0.low < $1.low }
            if $0.high != $1.high { return $0.high < $1.high }
            return $0.item < $1.item
        }
        nodeItems.reserveCapacity(sorted.count)
        for entry in sorted {
            if let last = nodeLow.indices.last, nodeLow[last] == entry.low, nodeHigh[last] == entry.high {
                nodeItems.append(entry.item)
                nodeOffsets[nodeOffsets.count - 1] = Int32(nodeItems.count)
                continue
            }
            nodeLow.append(entry.low)
            nodeHigh.append(entry.high)
            nodeItems.append(entry.item)
            nodeOffsets.append(Int32(nodeItems.count))
        }
        var boundaries: [Key] = [Key.min]
        boundaries.reserveCapacity(nodeLow.count * 2 + 1)
        for node in nodeLow.indices {
            boundaries.append(nodeLow[node])
            if nodeHigh[node] != Key.max { boundaries.append(nodeHigh[node] + 1) }
        }
        boundaries.sort()
        // Nodes are already in order of low.
        let byEnd = nodeLow.indices.filter { nodeHigh[$0] != Key.max }.sorted { nodeHigh[$0] < nodeHigh[$1] }
        var addCursor = 0
        var removeCursor = 0
        var active: [Int32] = []
        var chainIds: [[Int32]: Int32] = [:]
        var previous: Key? = nil
        for boundary in boundaries where boundary != previous {
            previous = boundary
            while removeCursor < byEnd.count, nodeHigh[byEnd[removeCursor]] + 1 <= boundary {
                let node = Int32(byEnd[removeCursor])
                if let position = active.firstIndex(of: node) { active.remove(at: position) }
                removeCursor += 1
            }
            while addCursor < nodeLow.count, nodeLow[addCursor] <= boundary {
                let node = Int32(addCursor)
                // Sorted insert (nodes mostly arrive in increasing order: append).
                var position = active.count
                while position > 0, active[position - 1] > node { position -= 1 }
                active.insert(node, at: position)
                addCursor += 1
            }
            let id: Int32
            if let existing = chainIds[active] {
                id = existing
            } else {
                id = Int32(chainTotals.count)
                chainIds[active] = id
                chainNodes.append(contentsOf: active)
                chainOffsets.append(Int32(chainNodes.count))
                var total: Int32 = 0
                for node in active { total += nodeOffsets[Int(node) + 1] - nodeOffsets[Int(node)] }
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
