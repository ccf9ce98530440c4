/// The AWS-managed prefix lists of a region (S3 and DynamoDB gateway endpoints, CloudFront's origin-facing
/// ranges), owned by `AWS`, usable in any account's rules, and never modifiable.
public enum AWSManagedPrefixLists {
    /// The lists of `region`, with IDs that are stable for the region (derived from its name).
    public static func lists(region: String) -> [ManagedPrefixList] {
        let seed = region.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }
        func id(_ salt: UInt32) -> String {
            let text = String(seed ^ salt, radix: 16)
            return "pl-" + String(repeating: "0", count: 8 - text.count) + text
        }
        let scope = Scope(accountId: "AWS", region: region)
        func list(_ salt: UInt32, _ name: String, _ cidrs: [String], weight: Int) -> ManagedPrefixList {
            ManagedPrefixList(
                prefixListId: id(salt), scope: scope, prefixListName: name, addressFamily: .ipv4, maxEntries: weight,
                entries: cidrs.map { .init(cidr: $0) }, ownerId: "AWS")
        }
        return [
            list(0x5300_0000, "com.amazonaws.\(region).s3", ["52.216.0.0/15", "54.231.0.0/16", "3.5.0.0/19"], weight: 3),
            list(0xdd00_0000, "com.amazonaws.\(region).dynamodb", ["3.218.180.0/22", "52.94.0.0/22"], weight: 2),
            // CloudFront publishes a weight of 55 for this list: a rule using it takes 55 rule slots.
            list(0xcf00_0000, "com.amazonaws.global.cloudfront.origin-facing",
                 ["13.32.0.0/15", "52.46.0.0/18", "54.182.0.0/16", "64.252.64.0/18", "130.176.0.0/17"], weight: 55),
        ]
    }

    /// The AWS-managed list `id` of `region`, if there is one.
    public static func list(_ id: String, region: String) -> ManagedPrefixList? {
        lists(region: region).first { $0.prefixListId == id }
    }
}
