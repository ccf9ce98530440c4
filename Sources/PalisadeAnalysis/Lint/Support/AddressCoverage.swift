public import PalisadeCore

/// Whether a set of CIDR blocks covers a whole address family: `0.0.0.0/0`, or `0.0.0.0/1` + `128.0.0.0/1`, or any
/// other blocks whose union leaves no address out.
public enum AddressCoverage {
    /// Whether the union of `blocks` is every IPv4 address.
    /// - Parameter blocks: IPv4 blocks, in any order.
    /// - Returns: True when no address is left out.
    public static func coversAllIPv4(_ blocks: [IPv4CIDR]) -> Bool {
        covers(blocks.map { (UInt128($0.first.value), UInt128($0.last.value)) }, last: UInt128(UInt32.max))
    }

    /// Whether the union of `blocks` is every IPv6 address.
    /// - Parameter blocks: IPv6 blocks, in any order.
    /// - Returns: True when no address is left out.
    public static func coversAllIPv6(_ blocks: [IPv6CIDR]) -> Bool {
        covers(blocks.map { (wide($0.first), wide($0.last)) }, last: UInt128.max)
    }

    static func wide(_ address: IPv6Address) -> UInt128 { UInt128(address.high) << 64 | UInt128(address.low) }

    private static func covers(_ intervals: [(UInt128, UInt128)], last: UInt128) -> Bool {
        var next: UInt128 = 0
        for (low, high) in intervals.sorted(by: { $0.0 < $1.0 }) {
            if low > next { return false }
            if high >= last { return true }
            next = max(next, high + 1)
        }
        return false
    }
}
