import Synchronization

/// The kinds of resources Palisade stores, with their AWS ID prefixes and malformed-ID error codes.
public enum ResourceKind: String, CaseIterable, Hashable, Sendable, Codable {
    case vpc
    case subnet
    case securityGroup = "security-group"
    case securityGroupRule = "security-group-rule"
    case networkInterface = "network-interface"
    case prefixList = "prefix-list"
    case networkInsightsPath = "network-insights-path"
    case networkInsightsAnalysis = "network-insights-analysis"
    case routeTable = "route-table"
    case networkAcl = "network-acl"
    case internetGateway = "internet-gateway"
    case dhcpOptions = "dhcp-options"
    case vpcCidrAssociation = "vpc-cidr-assoc"
    case subnetCidrAssociation = "subnet-cidr-assoc"
    case attachment = "eni-attach"

    /// The ID prefix (`sg`, `sgr`, `eni`, …).
    public var prefix: String {
        switch self {
        case .vpc: "vpc"
        case .subnet: "subnet"
        case .securityGroup: "sg"
        case .securityGroupRule: "sgr"
        case .networkInterface: "eni"
        case .prefixList: "pl"
        case .networkInsightsPath: "nip"
        case .networkInsightsAnalysis: "nia"
        case .routeTable: "rtb"
        case .networkAcl: "acl"
        case .internetGateway: "igw"
        case .dhcpOptions: "dopt"
        case .vpcCidrAssociation: "vpc-cidr-assoc"
        case .subnetCidrAssociation: "subnet-cidr-assoc"
        case .attachment: "eni-attach"
        }
    }

    /// The kind an ID belongs to, judged by its prefix.
    public static func of(id: String) -> ResourceKind? {
        guard let dash = id.lastIndex(of: "-") else { return nil }
        let prefix = id[..<dash]
        return allCases.first { $0.prefix == prefix }
    }

    /// Whether `id` is well formed for this kind: the prefix, a dash, and 8 or 17 lower-case hex digits.
    public func isWellFormed(_ id: String) -> Bool {
        let expected = prefix + "-"
        guard id.hasPrefix(expected) else { return false }
        let hex = id.utf8.dropFirst(expected.utf8.count)
        guard hex.count == 8 || hex.count == 17 else { return false }
        return hex.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// Makes resource IDs: a prefix and 17 random lower-case hex digits, as AWS's current format.
public struct IDGenerator: Sendable {
    private let next: @Sendable () -> UInt64

    /// Random IDs: a SplitMix64 stream seeded from the system generator and reseeded every 4,096 draws. Each
    /// draw of the system generator is a `getrandom` system call, and one AuthorizeSecurityGroupIngress of five
    /// rules makes a dozen draws; within one seed the stream never repeats a value.
    public static let random: IDGenerator = {
        let source = ReseededRandom()
        return IDGenerator { source.next() }
    }()

    /// Deterministic IDs for tests: a counter from `seed`.
    public static func sequential(seed: UInt64 = 1) -> IDGenerator {
        let counter = Counter(seed)
        return IDGenerator { counter.next() }
    }

    public init(next: @escaping @Sendable () -> UInt64) { self.next = next }

    /// 64 bits of the stream, for other identifiers that need to be unique rather than secret.
    public func draw() -> UInt64 { next() }

    public func make(_ kind: ResourceKind) -> String {
        // 17 hex digits = 68 bits; the top nibble comes from a second draw.
        let low = next()
        let high = next() & 0xf
        var text = String(low, radix: 16)
        text = String(repeating: "0", count: 16 - text.count) + text
        return "\(kind.prefix)-\(String(high, radix: 16))\(text)"
    }
}

/// SplitMix64 reseeded from the system generator now and then (see ``IDGenerator/random``).
private final class ReseededRandom: Sendable {
    static let drawsPerSeed = 4096
    private let state = Mutex<(generator: SplitMix64, left: Int)>((SplitMix64(seed: 0), 0))

    func next() -> UInt64 {
        state.withLock { state in
            if state.left == 0 {
                var system = SystemRandomNumberGenerator()
                state = (SplitMix64(seed: system.next()), ReseededRandom.drawsPerSeed)
            }
            state.left -= 1
            return state.generator.next()
        }
    }
}

private final class Counter: @unchecked Sendable {
    // Guarded by being used only from one PolicyState writer at a time in tests.
    private var value: UInt64
    init(_ seed: UInt64) { value = seed }
    func next() -> UInt64 {
        value &+= 1
        return value &* 0x9E37_79B9_7F4A_7C15
    }
}
