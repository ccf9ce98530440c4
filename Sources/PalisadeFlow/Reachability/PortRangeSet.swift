/// A set of ports (or ICMP `type << 8 | code` values) as sorted, disjoint, non-adjacent closed ranges.
public struct PortRangeSet: Hashable, Sendable, CustomStringConvertible {
    public private(set) var ranges: [ClosedRange<UInt16>]

    public init() { ranges = [] }

    public init(_ range: ClosedRange<UInt16>) { ranges = [range] }

    public init(_ ranges: [ClosedRange<UInt16>]) {
        self.ranges = []
        for range in ranges { formUnion(PortRangeSet(range)) }
    }

    public static let all = PortRangeSet(0...UInt16.max)

    public var isEmpty: Bool { ranges.isEmpty }
    public var isFull: Bool { ranges == [0...UInt16.max] }

    public func contains(_ port: UInt16) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < port { low = middle + 1 } else { high = middle }
        }
        return low < ranges.count && ranges[low].contains(port)
    }

    public func union(_ other: PortRangeSet) -> PortRangeSet {
        if other.isEmpty { return self }
        if isEmpty { return other }
        var all = ranges + other.ranges
        all.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt16>] = []
        merged.reserveCapacity(all.count)
        for range in all {
            if let last = merged.last, UInt32(range.lowerBound) <= UInt32(last.upperBound) + 1 {
                if range.upperBound > last.upperBound {
                    merged[merged.count - 1] = last.lowerBound...range.upperBound
                }
            } else {
                merged.append(range)
            }
        }
        var result = PortRangeSet()
        result.ranges = merged
        return result
    }

    public mutating func formUnion(_ other: PortRangeSet) { self = union(other) }

    public func intersection(_ other: PortRangeSet) -> PortRangeSet {
        var result: [ClosedRange<UInt16>] = []
        var left = 0
        var right = 0
        while left < ranges.count && right < other.ranges.count {
            let low = max(ranges[left].lowerBound, other.ranges[right].lowerBound)
            let high = min(ranges[left].upperBound, other.ranges[right].upperBound)
            if low <= high { result.append(low...high) }
            if ranges[left].upperBound < other.ranges[right].upperBound { left += 1 } else { right += 1 }
        }
        var set = PortRangeSet()
        set.ranges = result
        return set
    }

    /// `22, 443, 8000-8080`.
    public var description: String {
        if isFull { return "all" }
        return ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: ", ")
    }

    /// ICMP rendering of `type << 8 | code` ranges: `type 8`, `type 3 code 4`, `all`.
    public var icmpDescription: String {
        if isFull { return "all" }
        var parts: [String] = []
        for range in ranges {
            var start = UInt32(range.lowerBound)
            let end = UInt32(range.upperBound)
            while start <= end {
                let type = start >> 8
                let typeEnd = min(end, type << 8 | 0xff)
                if start == type << 8 && typeEnd == type << 8 | 0xff {
                    parts.append("type \(type)")
                } else if start == typeEnd {
                    parts.append("type \(type) code \(start & 0xff)")
                } else {
                    parts.append("type \(type) code \(start & 0xff)-\(typeEnd & 0xff)")
                }
                start = typeEnd + 1
            }
        }
        return parts.joined(separator: ", ")
    }
}
