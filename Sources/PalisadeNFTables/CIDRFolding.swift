import PalisadeCore

/// Removes blocks contained in other blocks. CIDR blocks either nest or are disjoint, so what remains is
/// disjoint, as nftables requires of interval set elements.
enum CIDRFolding {
    static func fold(_ blocks: [IPv4CIDR]) -> [IPv4CIDR] {
        var kept: [IPv4CIDR] = []
        for block in Set(blocks).sorted() where !(kept.last?.contains(block) ?? false) { kept.append(block) }
        return kept
    }

    static func fold(_ blocks: [IPv6CIDR]) -> [IPv6CIDR] {
        var kept: [IPv6CIDR] = []
        for block in Set(blocks).sorted() where !(kept.last?.contains(block) ?? false) { kept.append(block) }
        return kept
    }
}
