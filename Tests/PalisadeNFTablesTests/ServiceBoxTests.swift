import PalisadeCore
import Testing

@testable import PalisadeNFTables

struct ServiceBoxTests {
    typealias Box = ServiceBox<IPv4CIDR>

    static func box(_ cidr: String, _ selector: UInt8, _ range: ClosedRange<UInt16>, _ ids: [String]) -> Box {
        Box(block: IPv4CIDR(cidr)!, selector: selector, range: range, ruleIds: ids)
    }

    @Test
    func nestedBlocksKeepOnlyWhatTheirContainersLeave() {
        let boxes = [
            Self.box("10.1.0.0/16", 6, 85...100, ["sgr-b"]),
            Self.box("10.0.0.0/8", 6, 80...90, ["sgr-a"]),
            Self.box("10.1.0.0/16", 17, 53...53, ["sgr-c"]),
            Self.box("10.0.0.0/8", 6, 80...80, ["sgr-d"]),
            Self.box("10.1.2.0/24", 6, 95...95, ["sgr-e"]),
            Self.box("192.0.2.0/24", 6, 80...90, ["sgr-f"]),
        ]
        #expect(
            Box.disjoint(boxes) == [
                Self.box("10.0.0.0/8", 6, 80...90, ["sgr-a", "sgr-d"]),
                Self.box("10.1.0.0/16", 6, 91...100, ["sgr-b"]),
                Self.box("10.1.0.0/16", 17, 53...53, ["sgr-c"]),
                Self.box("192.0.2.0/24", 6, 80...90, ["sgr-f"]),
            ])
    }

    /// Random overlapping boxes: the result covers the same points, and no two result boxes overlap.
    @Test
    func randomBoxesBecomeDisjointWithTheSameCover() {
        var generator = SplitMix64(seed: 7)
        let blocks = [
            "0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3/32", "10.2.0.0/16", "192.0.2.0/24",
        ]
        for _ in 0..<200 {
            let boxes = (0..<Int.random(in: 1...8, using: &generator)).map { index in
                let low = UInt16.random(in: 0...40, using: &generator)
                return Self.box(
                    blocks.randomElement(using: &generator)!, [6, 17].randomElement(using: &generator)!,
                    low...(low + UInt16.random(in: 0...20, using: &generator)), ["sgr-\(index)"])
            }
            let result = Box.disjoint(boxes)
            for (index, lhs) in result.enumerated() {
                for rhs in result[(index + 1)...] {
                    let overlap =
                        lhs.block.overlaps(rhs.block) && lhs.selector == rhs.selector && lhs.range.overlaps(rhs.range)
                    #expect(!overlap, "\(lhs) overlaps \(rhs) in \(result)")
                }
            }
            for block in blocks {
                let address = IPv4CIDR(block)!.last
                for selector: UInt8 in [6, 17] {
                    for port in UInt16(0)...70 {
                        func covers(_ box: Box) -> Bool {
                            box.block.contains(address) && box.selector == selector && box.range.contains(port)
                        }
                        #expect(boxes.contains(where: covers) == result.contains(where: covers))
                    }
                }
            }
        }
    }

    @Test(arguments: [
        ([1...10], [3...4, 8...20], [1...2, 5...7]),
        ([1...10], [0...0, 11...11], [1...10]),
        ([1...10, 20...30], [5...25], [1...4, 26...30]),
        ([0...65_535], [0...65_535], []),
        ([0...65_535], [], [0...65_535]),
    ] as [([ClosedRange<UInt16>], [ClosedRange<UInt16>], [ClosedRange<UInt16>])])
    func subtractRanges(
        ranges: [ClosedRange<UInt16>], removed: [ClosedRange<UInt16>], expected: [ClosedRange<UInt16>]
    ) {
        #expect(PortRanges.subtract(removed, from: ranges) == expected)
    }

    @Test(arguments: [
        ([80...80], "tcp dport 80"),
        ([1000...2000], "tcp dport 1000-2000"),
        ([22...22, 443...443], "tcp dport { 22, 443 }"),
        ([22...22, 1000...2000], "meta l4proto . th dport { tcp . 22, tcp . 1000-2000 }"),
        ([0...65_535], "meta l4proto tcp"),
    ] as [([ClosedRange<UInt16>], String)])
    func portsStayOutOfAnonymousIntervalSets(ranges: [ClosedRange<UInt16>], text: String) {
        #expect(NFTMatch.ports(6, .destination, ranges).description == text)
    }
}
