/// The addresses an allow rule tests, in one family.
enum PeerMatch: Hashable, Comparable {
    /// `0.0.0.0/0` or `::/0`: no address test.
    case anywhere
    /// CIDR blocks, disjoint and sorted.
    case blocks([String])
    /// A named set: a group's members or a prefix list.
    case set(String)

    var rank: Int {
        switch self {
        case .anywhere: 0
        case .blocks: 1
        case .set: 2
        }
    }

    var text: String {
        switch self {
        case .anywhere: ""
        case .blocks(let blocks): blocks.joined(separator: ",")
        case .set(let name): name
        }
    }

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.rank, lhs.text) < (rhs.rank, rhs.text) }

    func match(_ family: NFTMatch.Family, _ field: NFTMatch.Field) -> NFTMatch? {
        switch self {
        case .anywhere: nil
        case .blocks(let blocks): .address(family: family, field: field, addresses: .blocks(blocks))
        case .set(let name): .address(family: family, field: field, addresses: .set(name))
        }
    }
}
