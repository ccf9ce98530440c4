import PalisadeCore

/// An IPv4 or IPv6 CIDR block, for code that treats both alike.
protocol AddressBlock: Hashable, Comparable, CustomStringConvertible {
    var prefixLength: Int { get }
    func contains(_ other: Self) -> Bool
}

extension IPv4CIDR: AddressBlock {}
extension IPv6CIDR: AddressBlock {}

/// Removes blocks contained in other blocks. CIDR blocks either nest or are disjoint, so what remains is
/// disjoint, as nftables requires of interval set elements.
enum CIDRFolding {
    static func fold<Block: AddressBlock>(_ blocks: [Block]) -> [Block] {
        var kept: [Block] = []
        for block in Set(blocks).sorted() where !(kept.last?.contains(block) ?? false) { kept.append(block) }
        return kept
    }
}
