/// Range arithmetic on ports (and on the other small numbers set elements hold: protocols, ICMP codes).
enum PortRanges {
    /// Sorted, disjoint, non-adjacent ranges covering the same ports as `ranges`; nftables rejects
    /// overlapping elements in an anonymous set.
    static func merge(_ ranges: [ClosedRange<UInt16>]) -> [ClosedRange<UInt16>] {
        var merged: [ClosedRange<UInt16>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, Int(range.lowerBound) <= Int(last.upperBound) + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// The ports of `ranges` that `removed` does not cover; both merged (``merge(_:)``), and so is the result.
    static func subtract(_ removed: [ClosedRange<UInt16>], from ranges: [ClosedRange<UInt16>]) -> [ClosedRange<UInt16>] {
        var result: [ClosedRange<UInt16>] = []
        for range in ranges {
            var low = Int(range.lowerBound)
            let high = Int(range.upperBound)
            for cut in removed where Int(cut.upperBound) >= low && Int(cut.lowerBound) <= high {
                if Int(cut.lowerBound) > low { result.append(UInt16(low)...UInt16(Int(cut.lowerBound) - 1)) }
                low = Int(cut.upperBound) + 1
            }
            if low <= high { result.append(UInt16(low)...UInt16(high)) }
        }
        return result
    }
}
