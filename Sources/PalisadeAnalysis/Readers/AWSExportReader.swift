public import PalisadeJSON
public import PalisadeCore

/// Reads AWS CLI JSON exports into one snapshot: `aws ec2 describe-security-groups`, `describe-network-interfaces`,
/// `describe-security-group-rules`, `describe-vpcs`, `describe-managed-prefix-lists` and `get-managed-prefix-list-entries`
/// (one list's entries: name the file after the list ID, or export the list first), from one or several files.
///
/// ```swift
/// var reader = AWSExportReader()
/// reader.read(try JSONParser.parse(groupsText), file: "sgs.json")
/// reader.read(try JSONParser.parse(enisText), file: "enis.json")
/// let report = Linter().lint(reader.context())
/// ```
/// Every object keeps its JSON path as its location (`sgs.json:$.SecurityGroups[0].IpPermissions[1].IpRanges[0]`).
/// Rules from `describe-security-group-rules` replace those of `IpPermissions` for the same group.
public struct AWSExportReader: Sendable {
    /// The account and region given to objects without an `OwnerId`.
    public var scope: Scope
    private var vpcs: [Vpc] = []
    private var groups: [SecurityGroup] = []
    private var permissionRules: [SecurityGroupRule] = []
    private var listedRules: [SecurityGroupRule] = []
    private var interfaces: [NetworkInterface] = []
    private var prefixLists: [String: ManagedPrefixList] = [:]
    private var pendingEntries: [(file: String, entries: [ManagedPrefixList.Entry])] = []
    private var locations: [String: FindingLocation] = [:]
    private var ruleCounter = 0
    /// Problems met while reading (values that are not what AWS returns), with their JSON paths.
    public private(set) var problems: [(location: FindingLocation, message: String)] = []

    /// Creates an empty reader.
    /// - Parameter scope: The account and region for objects that do not say.
    public init(scope: Scope = Scope(accountId: Scope.defaultAccountId, region: "us-east-1")) {
        self.scope = scope
    }

    /// Adds the objects of one export.
    /// - Parameters:
    ///   - json: The parsed output of one AWS CLI command.
    ///   - file: The file name, for locations.
    public mutating func read(_ json: JSONValue, file: String) {
        for (index, group) in (json["SecurityGroups"]?.array ?? []).enumerated() {
            readGroup(group, file: file, path: "$.SecurityGroups[\(index)]")
        }
        for (index, rule) in (json["SecurityGroupRules"]?.array ?? []).enumerated() {
            readRule(rule, file: file, path: "$.SecurityGroupRules[\(index)]")
        }
        for (index, vpc) in (json["Vpcs"]?.array ?? []).enumerated() {
            readVpc(vpc, file: file, path: "$.Vpcs[\(index)]")
        }
        for (index, interface) in (json["NetworkInterfaces"]?.array ?? []).enumerated() {
            readInterface(interface, file: file, path: "$.NetworkInterfaces[\(index)]")
        }
        for list in json["PrefixLists"]?.array ?? [] {
            guard let id = list["PrefixListId"]?.string else { continue }
            let family: ManagedPrefixList.AddressFamily = list["AddressFamily"]?.string == "IPv6" ? .ipv6 : .ipv4
            prefixLists[id] = ManagedPrefixList(
                prefixListId: id, scope: scope, prefixListName: list["PrefixListName"]?.string ?? id,
                addressFamily: family, maxEntries: list["MaxEntries"]?.int ?? 1, version: Int64(list["Version"]?.int ?? 1),
                entries: prefixLists[id]?.entries ?? [], ownerId: list["OwnerId"]?.string ?? scope.accountId,
                tags: AWSExportReader.tags(list["Tags"])
            )
        }
        if let entries = json["Entries"]?.array {
            pendingEntries.append(
                (file, entries.compactMap { entry in
                    entry["Cidr"]?.string.map { ManagedPrefixList.Entry(cidr: $0, description: entry["Description"]?.string) }
                })
            )
        }
    }

    /// The snapshot of everything read.
    public var snapshot: PolicySnapshot {
        var lists = prefixLists
        for (file, entries) in pendingEntries {
            // get-managed-prefix-list-entries does not name its list: match it by file name.
            if let id = lists.keys.sorted().first(where: { file.contains($0) }) { lists[id]?.entries = entries }
        }
        let listedGroups = Set(listedRules.map(\.groupId))
        let rules = permissionRules.filter { !listedGroups.contains($0.groupId) } + listedRules
        return PolicySnapshot(
            revision: 0, scope: scope, vpcs: vpcs, securityGroups: groups, securityGroupRules: rules, networkInterfaces: interfaces,
            prefixLists: lists.keys.sorted().compactMap { lists[$0] }
        )
    }

    /// A lint context for everything read.
    /// - Parameter configuration: The configuration.
    /// - Returns: The context, with JSON locations.
    public func context(configuration: LintConfiguration = LintConfiguration()) -> LintContext {
        LintContext(snapshot: snapshot, locations: locations, configuration: configuration)
    }

    private mutating func readGroup(_ json: JSONValue, file: String, path: String) {
        guard let id = json["GroupId"]?.string else {
            problems.append((.json(file, path), "security group without GroupId"))
            return
        }
        if let owner = json["OwnerId"]?.string { scope.accountId = owner }
        groups.append(
            SecurityGroup(
                groupId: id, scope: scope, vpcId: json["VpcId"]?.string ?? "", groupName: json["GroupName"]?.string ?? id,
                description: json["Description"]?.string ?? "", tags: AWSExportReader.tags(json["Tags"])
            )
        )
        locations[id] = .json(file, path)
        for (key, egress) in [("IpPermissions", false), ("IpPermissionsEgress", true)] {
            for (index, permission) in (json[key]?.array ?? []).enumerated() {
                readPermission(permission, groupId: id, egress: egress, file: file, path: "\(path).\(key)[\(index)]")
            }
        }
    }

    private mutating func readPermission(_ json: JSONValue, groupId: String, egress: Bool, file: String, path: String) {
        guard let ipProtocol = json["IpProtocol"]?.string.flatMap(IPProtocol.init(wireValue:)) else {
            problems.append((.json(file, path), "permission without a valid IpProtocol"))
            return
        }
        let from = ipProtocol.hasPorts ? json["FromPort"]?.int : nil
        let to = ipProtocol.hasPorts ? json["ToPort"]?.int : nil
        func add(_ peer: RulePeer, _ description: String?, _ subpath: String) {
            ruleCounter += 1
            let id = "sgr-export\(ruleCounter)"
            permissionRules.append(
                SecurityGroupRule(
                    ruleId: id, groupId: groupId, scope: scope, isEgress: egress, ipProtocol: ipProtocol, fromPort: from,
                    toPort: to, peer: peer, description: description
                )
            )
            locations[id] = .json(file, subpath)
        }
        for (index, range) in (json["IpRanges"]?.array ?? []).enumerated() {
            if let cidr = range["CidrIp"]?.string.flatMap({ IPv4CIDR($0) }) {
                add(.cidrIpv4(cidr), range["Description"]?.string, "\(path).IpRanges[\(index)]")
            }
        }
        for (index, range) in (json["Ipv6Ranges"]?.array ?? []).enumerated() {
            if let cidr = range["CidrIpv6"]?.string.flatMap({ IPv6CIDR($0) }) {
                add(.cidrIpv6(cidr), range["Description"]?.string, "\(path).Ipv6Ranges[\(index)]")
            }
        }
        for (index, list) in (json["PrefixListIds"]?.array ?? []).enumerated() {
            if let id = list["PrefixListId"]?.string { add(.prefixList(id), list["Description"]?.string, "\(path).PrefixListIds[\(index)]") }
        }
        for (index, pair) in (json["UserIdGroupPairs"]?.array ?? []).enumerated() {
            guard let id = pair["GroupId"]?.string else { continue }
            add(
                .securityGroup(
                    RulePeer.ReferencedGroup(
                        groupId: id, userId: pair["UserId"]?.string ?? scope.accountId, vpcId: pair["VpcId"]?.string,
                        vpcPeeringConnectionId: pair["VpcPeeringConnectionId"]?.string,
                        peeringStatus: pair["PeeringStatus"]?.string
                    )
                ),
                pair["Description"]?.string, "\(path).UserIdGroupPairs[\(index)]"
            )
        }
    }

    private mutating func readRule(_ json: JSONValue, file: String, path: String) {
        guard let id = json["SecurityGroupRuleId"]?.string, let groupId = json["GroupId"]?.string,
            let ipProtocol = json["IpProtocol"]?.string.flatMap(IPProtocol.init(wireValue:))
        else {
            problems.append((.json(file, path), "security group rule without SecurityGroupRuleId, GroupId or IpProtocol"))
            return
        }
        let peer: RulePeer
        if let cidr = json["CidrIpv4"]?.string.flatMap({ IPv4CIDR($0) }) {
            peer = .cidrIpv4(cidr)
        } else if let cidr = json["CidrIpv6"]?.string.flatMap({ IPv6CIDR($0) }) {
            peer = .cidrIpv6(cidr)
        } else if let list = json["PrefixListId"]?.string {
            peer = .prefixList(list)
        } else if let reference = json["ReferencedGroupInfo"], let referenced = reference["GroupId"]?.string {
            peer = .securityGroup(
                RulePeer.ReferencedGroup(
                    groupId: referenced, userId: reference["UserId"]?.string ?? scope.accountId,
                    vpcId: reference["VpcId"]?.string, vpcPeeringConnectionId: reference["VpcPeeringConnectionId"]?.string,
                    peeringStatus: reference["PeeringStatus"]?.string
                )
            )
        } else {
            problems.append((.json(file, path), "security group rule \(id) has no peer"))
            return
        }
        listedRules.append(
            SecurityGroupRule(
                ruleId: id, groupId: groupId, scope: scope, isEgress: json["IsEgress"]?.bool ?? false,
                ipProtocol: ipProtocol, fromPort: ipProtocol.hasPorts ? json["FromPort"]?.int : nil,
                toPort: ipProtocol.hasPorts ? json["ToPort"]?.int : nil, peer: peer,
                description: json["Description"]?.string, tags: AWSExportReader.tags(json["Tags"])
            )
        )
        locations[id] = .json(file, path)
    }

    private mutating func readVpc(_ json: JSONValue, file: String, path: String) {
        guard let id = json["VpcId"]?.string, let cidr = json["CidrBlock"]?.string.flatMap({ IPv4CIDR($0) }) else {
            problems.append((.json(file, path), "VPC without VpcId or a valid CidrBlock"))
            return
        }
        func associations(_ key: String, _ cidrKey: String) -> [Vpc.CidrAssociation] {
            (json[key]?.array ?? []).compactMap { association in
                association[cidrKey]?.string.map { Vpc.CidrAssociation(associationId: association["AssociationId"]?.string ?? "", cidrBlock: $0) }
            }
        }
        let blocks = associations("CidrBlockAssociationSet", "CidrBlock")
        vpcs.append(
            Vpc(
                vpcId: id, scope: scope, cidrBlock: cidr,
                cidrBlockAssociations: blocks.isEmpty ? [Vpc.CidrAssociation(associationId: "", cidrBlock: cidr.description)] : blocks,
                ipv6CidrBlockAssociations: associations("Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock"),
                isDefault: json["IsDefault"]?.bool ?? false, instanceTenancy: json["InstanceTenancy"]?.string ?? "default",
                dhcpOptionsId: json["DhcpOptionsId"]?.string ?? "", mainRouteTableId: "", defaultNetworkAclId: "",
                enableDnsHostnames: false, tags: AWSExportReader.tags(json["Tags"])
            )
        )
        locations[id] = .json(file, path)
    }

    private mutating func readInterface(_ json: JSONValue, file: String, path: String) {
        guard let id = json["NetworkInterfaceId"]?.string else { return }
        let addresses: [NetworkInterface.PrivateIPv4] = (json["PrivateIpAddresses"]?.array ?? []).compactMap { entry in
            guard let address = entry["PrivateIpAddress"]?.string.flatMap({ IPv4Address($0) }) else { return nil }
            return .init(address: address, primary: entry["Primary"]?.bool ?? false)
        }
        let primary = json["PrivateIpAddress"]?.string.flatMap { IPv4Address($0) }
        var description = json["Description"]?.string ?? ""
        if description.isEmpty, json["RequesterId"]?.string == "amazon-rds" { description = "RDSNetworkInterface" }
        interfaces.append(
            NetworkInterface(
                networkInterfaceId: id, scope: scope, subnetId: json["SubnetId"]?.string ?? "",
                vpcId: json["VpcId"]?.string ?? "", availabilityZone: json["AvailabilityZone"]?.string ?? "",
                description: description, groupIds: (json["Groups"]?.array ?? []).compactMap { $0["GroupId"]?.string },
                privateIpAddresses: addresses.isEmpty ? primary.map { [.init(address: $0, primary: true)] } ?? [] : addresses,
                ipv6Addresses: (json["Ipv6Addresses"]?.array ?? []).compactMap { $0["Ipv6Address"]?.string.flatMap { IPv6Address($0) } },
                macAddress: json["MacAddress"]?.string ?? "", interfaceType: json["InterfaceType"]?.string ?? "interface",
                tags: AWSExportReader.tags(json["TagSet"] ?? json["Tags"])
            )
        )
        locations[id] = .json(file, path)
    }

    static func tags(_ json: JSONValue?) -> [Tag] {
        (json?.array ?? []).compactMap { tag in
            guard let key = tag["Key"]?.string else { return nil }
            return Tag(key: key, value: tag["Value"]?.string ?? "")
        }
    }
}
