public import PalisadeJSON

extension EC2XMLElement {
    /// XML names whose AWS CLI (botocore) member name is not the XML name capitalised: list wrappers called `…Set`
    /// or `…Info`, and members renamed by the service model's `locationName`.
    private static let cliNames: [String: String] = [
        "securityGroupInfo": "SecurityGroups",
        "groupDescription": "Description",
        "groups": "UserIdGroupPairs",
        "securityGroupRuleSet": "SecurityGroupRules",
        "networkInterfaceSet": "NetworkInterfaces",
        "groupSet": "Groups",
        "privateIpAddressesSet": "PrivateIpAddresses",
        "ipv6AddressesSet": "Ipv6Addresses",
        "prefixListSet": "PrefixLists",
        "entrySet": "Entries",
        "vpcSet": "Vpcs",
        "cidrBlockAssociationSet": "CidrBlockAssociationSet",
        "ipv6CidrBlockAssociationSet": "Ipv6CidrBlockAssociationSet",
        "tagSet": "Tags",
    ]
    /// Members the CLI prints as numbers and booleans (XML carries every value as text).
    private static let numbers: Set<String> = ["FromPort", "ToPort", "MaxEntries", "Version"]
    private static let booleans: Set<String> = ["IsEgress", "Primary", "IsDefault", "RequesterManaged", "SourceDestCheck"]

    /// The reply as the AWS CLI prints it (`--output json`), so ``AWSExportReader`` reads a live endpoint's
    /// `Describe*` answers exactly as it reads exported files: `<securityGroupInfo><item><groupId>` becomes
    /// `{"SecurityGroups": [{"GroupId": …}]}`. `requestId` is dropped.
    public var awsCLIJSON: JSONValue {
        .object(children.filter { $0.name != "requestId" }.map { ($0.cliName, $0.cliValue) })
    }

    private var cliName: String {
        Self.cliNames[name] ?? (name.prefix(1).uppercased() + name.dropFirst())
    }

    private var cliValue: JSONValue {
        if !children.isEmpty, children.allSatisfy({ $0.name == "item" }) {
            return .array(children.map { $0.children.isEmpty ? .string($0.text) : $0.cliObject })
        }
        if !children.isEmpty { return cliObject }
        let key = cliName
        if Self.numbers.contains(key), let number = Double(text) { return .number(number) }
        if Self.booleans.contains(key), let flag = Bool(text) { return .bool(flag) }
        return .string(text)
    }

    private var cliObject: JSONValue { .object(children.map { ($0.cliName, $0.cliValue) }) }
}
