/// The regions and availability zones Palisade answers for, as DescribeRegions and
/// DescribeAvailabilityZones list them and as default subnets are laid out.
public enum RegionCatalog {
    public struct Zone: Hashable, Sendable {
        public var name: String
        public var zoneId: String
    }

    /// Standard AWS commercial regions (opt-in regions omitted).
    public static let regions: [String] = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
        "eu-west-3", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ap-southeast-1", "ap-southeast-2", "sa-east-1",
    ]

    private static let zoneCounts: [String: Int] = ["us-east-1": 6, "us-west-1": 2, "ap-northeast-1": 3]
    private static let zoneIdPrefixes: [String: String] = [
        "us-east-1": "use1", "us-east-2": "use2", "us-west-1": "usw1", "us-west-2": "usw2", "ca-central-1": "cac1",
        "eu-central-1": "euc1", "eu-west-1": "euw1", "eu-west-2": "euw2", "eu-west-3": "euw3", "eu-north-1": "eun1",
        "ap-south-1": "aps1", "ap-northeast-1": "apne1", "ap-northeast-2": "apne2", "ap-northeast-3": "apne3",
        "ap-southeast-1": "apse1", "ap-southeast-2": "apse2", "sa-east-1": "sae1",
    ]

    /// Whether `region` looks like an AWS region name (`xx-name-N`); unknown but well-formed regions are served too.
    public static func isPlausibleRegion(_ region: String) -> Bool {
        let parts = region.split(separator: "-")
        return parts.count >= 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }
            && parts.last!.allSatisfy(\.isNumber)
    }

    /// The zones of a region: `<region>a`, `<region>b`, … with zone IDs like `use1-az1`.
    public static func zones(of region: String) -> [Zone] {
        let count = zoneCounts[region] ?? 3
        let prefix = zoneIdPrefixes[region] ?? String(region.split(separator: "-").map { $0.prefix(1) }.joined())
        let letters = Array("abcdef")
        return (0..<count).map { Zone(name: "\(region)\(letters[$0])", zoneId: "\(prefix)-az\($0 + 1)") }
    }
}
