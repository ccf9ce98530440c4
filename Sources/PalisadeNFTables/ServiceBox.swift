/// One element of a concatenated interval set: a CIDR block times a range of one service dimension, the
/// ports of one protocol, protocol numbers, or the codes of one ICMP type.
struct ServiceBox<Block: AddressBlock>: Hashable {
    var block: Block
    /// What the range is of: the protocol of a port range, the type of an ICMP code range; 0 when nothing.
    var selector: UInt8
    var range: ClosedRange<UInt16>
    /// The security group rules admitting (part of) the box.
    var ruleIds: [String]

    /// Disjoint boxes covering exactly what `boxes` cover, sorted by block, selector and range; each names the
    /// rules of its block whose ranges overlap it.
    ///
    /// The kernel rejects overlapping elements in a concatenated interval set, and rules of several groups
    /// overlap freely (`10.0.0.0/8` ports 80-90, `10.1.0.0/16` ports 85-100). CIDR blocks nest or are disjoint,
    /// so each block keeps only the ranges that no block containing it covers: boxes of nested blocks then have
    /// disjoint ranges, and boxes of other blocks disjoint addresses.
    static func disjoint(_ boxes: [ServiceBox]) -> [ServiceBox] {
        var boxesByBlock: [Block: [UInt8: [ServiceBox]]] = [:]
        for box in boxes { boxesByBlock[box.block, default: [:]][box.selector, default: []].append(box) }
        var result: [ServiceBox] = []
        // Sorted by network, then prefix length, a block comes after every block containing it, and the blocks
        // in between lie inside those: a stack holds the blocks containing the current one.
        var enclosing: [(block: Block, covered: [UInt8: [ClosedRange<UInt16>]])] = []
        for block in boxesByBlock.keys.sorted() {
            while let last = enclosing.last, !last.block.contains(block) { enclosing.removeLast() }
            var covered = enclosing.last?.covered ?? [:]
            for (selector, inputs) in boxesByBlock[block]!.sorted(by: { $0.key < $1.key }) {
                let own = PortRanges.merge(inputs.map(\.range))
                let inherited = covered[selector] ?? []
                for range in PortRanges.subtract(inherited, from: own) {
                    let ids = inputs.filter { $0.range.overlaps(range) }.flatMap(\.ruleIds)
                    result.append(ServiceBox(block: block, selector: selector, range: range, ruleIds: ids))
                }
                covered[selector] = PortRanges.merge(inherited + own)
            }
            enclosing.append((block, covered))
        }
        return result
    }
}
