public import PalisadeJSON
public import PalisadeCore
import PalisadeTerraform

/// Reads `terraform show -json` output, of a plan (`planned_values`, else `resource_changes[].change.after`) or of
/// state (`values`), into a snapshot with the JSON path of every object.
///
/// IDs of groups that do not exist yet are unknown in a plan; references to them are resolved through the plan's
/// `configuration` section (`expressions.security_group_id.references`), and groups without an ID get a synthetic
/// one (`sg-plan1`). Rules whose group or peer stays unknown are left out and counted in ``unresolved``.
public struct TerraformPlanReader: Sendable {
    /// The account and region of the snapshot.
    public var scope: Scope
    private var groups: [SecurityGroup] = []
    private var rules: [SecurityGroupRule] = []
    private var interfaces: [NetworkInterface] = []
    private var roles: [String: InterfaceRole] = [:]
    private var locations: [String: FindingLocation] = [:]
    private var addresses: [String: String] = [:]
    private var idByAddress: [String: String] = [:]
    private var references: [String: [String: [String]]] = [:]
    /// Rules and attachments left out because their group or peer is unknown, with their JSON paths.
    public private(set) var unresolved: [FindingLocation] = []

    /// Creates a reader.
    /// - Parameter scope: The account and region of the snapshot.
    public init(scope: Scope = Scope(accountId: Scope.defaultAccountId, region: "us-east-1")) {
        self.scope = scope
    }

    /// Reads one plan or state document.
    /// - Parameters:
    ///   - json: The parsed `terraform show -json` output.
    ///   - file: The file name, for locations.
    public mutating func read(_ json: JSONValue, file: String) {
        if let configuration = json["configuration"]?["root_module"] { readConfiguration(configuration, prefix: "") }
        var resources: [(JSONValue, String)] = []
        if let root = json["planned_values"]?["root_module"] {
            collect(root, path: "$.planned_values.root_module", into: &resources)
        } else if let root = json["values"]?["root_module"] {
            collect(root, path: "$.values.root_module", into: &resources)
        } else {
            for (index, change) in (json["resource_changes"]?.array ?? []).enumerated() {
                guard let after = change["change"]?["after"], !after.isNull else { continue }
                let resource = JSONValue.object([
                    ("address", change["address"] ?? .null), ("type", change["type"] ?? .null), ("values", after),
                ])
                resources.append((resource, "$.resource_changes[\(index)].change.after"))
            }
        }
        // Groups first, so that rules and attachments can resolve their IDs.
        for (resource, path) in resources where ["aws_security_group", "aws_default_security_group"].contains(resource["type"]?.string) {
            readGroup(resource, file: file, path: path)
        }
        for (resource, path) in resources {
            readOther(resource, file: file, path: path)
        }
    }

    /// A lint context of everything read.
    /// - Parameter configuration: The configuration.
    /// - Returns: The context.
    public func context(configuration: LintConfiguration = LintConfiguration()) -> LintContext {
        LintContext(
            snapshot: PolicySnapshot(
                revision: 0, scope: scope, securityGroups: groups, securityGroupRules: rules, networkInterfaces: interfaces
            ),
            locations: locations, addresses: addresses, interfaceRoles: roles, configuration: configuration
        )
    }

    private func collect(_ module: JSONValue, path: String, into resources: inout [(JSONValue, String)]) {
        for (index, resource) in (module["resources"]?.array ?? []).enumerated() where resource["mode"]?.string != "data" {
            resources.append((resource, "\(path).resources[\(index)].values"))
        }
        for (index, child) in (module["child_modules"]?.array ?? []).enumerated() {
            collect(child, path: "\(path).child_modules[\(index)]", into: &resources)
        }
    }

    private mutating func readConfiguration(_ module: JSONValue, prefix: String) {
        for resource in module["resources"]?.array ?? [] {
            guard let address = resource["address"]?.string, let expressions = resource["expressions"]?.members else {
                continue
            }
            var byAttribute: [String: [String]] = [:]
            for (name, expression) in expressions {
                byAttribute[name] = (expression["references"]?.array ?? []).compactMap(\.string)
            }
            references[prefix + address] = byAttribute
        }
    }

    private static func baseAddress(_ address: String) -> String {
        var result = ""
        var depth = 0
        for character in address {
            if character == "[" { depth += 1 } else if character == "]" { depth -= 1 } else if depth == 0 { result.append(character) }
        }
        return result
    }

    /// The group IDs an attribute names: its known values, else the groups its configuration references.
    private func groupIds(_ value: JSONValue?, address: String, attribute: String) -> [String]? {
        if let text = value?.string { return [text] }
        if let list = value?.array, !list.isEmpty || value != nil {
            let known = list.compactMap(\.string)
            if !known.isEmpty || (references[TerraformPlanReader.baseAddress(address)]?[attribute] ?? []).isEmpty {
                return known
            }
        }
        let named = references[TerraformPlanReader.baseAddress(address)]?[attribute] ?? []
        let ids = named.compactMap { reference -> String? in
            let parts = reference.split(separator: ".")
            guard parts.count >= 2 else { return nil }
            return idByAddress["\(parts[0]).\(parts[1])"]
        }
        return ids.isEmpty ? nil : Array(Set(ids)).sorted()
    }

    private mutating func readGroup(_ resource: JSONValue, file: String, path: String) {
        guard let address = resource["address"]?.string, let values = resource["values"] else { return }
        let id = values["id"]?.string ?? "sg-plan\(groups.count + 1)"
        idByAddress[address] = id
        idByAddress[TerraformPlanReader.baseAddress(address)] = idByAddress[TerraformPlanReader.baseAddress(address)] ?? id
        let isDefault = resource["type"]?.string == "aws_default_security_group"
        groups.append(
            SecurityGroup(
                groupId: id, scope: scope, vpcId: values["vpc_id"]?.string ?? "",
                groupName: isDefault ? "default" : values["name"]?.string ?? address,
                description: values["description"]?.string ?? (isDefault ? "default VPC security group" : ""),
                tags: (values["tags"]?.members ?? []).compactMap { key, value in value.string.map { Tag(key: key, value: $0) } }
            )
        )
        locations[id] = .json(file, path)
        addresses[id] = address
    }

    private mutating func readOther(_ resource: JSONValue, file: String, path: String) {
        guard let address = resource["address"]?.string, let type = resource["type"]?.string,
            let values = resource["values"]
        else { return }
        switch type {
        case "aws_security_group", "aws_default_security_group":
            guard let id = idByAddress[address] else { return }
            for (key, egress) in [("ingress", false), ("egress", true)] {
                for (index, block) in (values[key]?.array ?? []).enumerated() {
                    addRules(
                        block, groupId: id, egress: egress, protocolKey: "protocol", address: address,
                        file: file, path: "\(path).\(key)[\(index)]", isInline: true
                    )
                }
            }
        case "aws_security_group_rule":
            guard let group = groupIds(values["security_group_id"], address: address, attribute: "security_group_id")?.first
            else {
                unresolved.append(.json(file, path))
                return
            }
            addRules(
                values, groupId: group, egress: values["type"]?.string == "egress", protocolKey: "protocol",
                address: address, file: file, path: path, isInline: false
            )
        case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
            guard let group = groupIds(values["security_group_id"], address: address, attribute: "security_group_id")?.first
            else {
                unresolved.append(.json(file, path))
                return
            }
            addRules(
                values, groupId: group, egress: type.hasSuffix("egress_rule"), protocolKey: "ip_protocol",
                address: address, file: file, path: path, isInline: false
            )
        case "aws_network_interface", "aws_instance", "aws_lb", "aws_db_instance", "aws_launch_template", "aws_elb":
            let attribute = ["aws_instance", "aws_db_instance", "aws_launch_template"].contains(type)
                ? "vpc_security_group_ids" : "security_groups"
            guard let ids = groupIds(values[attribute], address: address, attribute: attribute), !ids.isEmpty else {
                if values[attribute] == nil { unresolved.append(.json(file, path)) }
                return
            }
            let id = values["id"]?.string.flatMap { $0.hasPrefix("eni-") ? $0 : nil } ?? "eni-plan\(interfaces.count + 1)"
            interfaces.append(
                NetworkInterface(
                    networkInterfaceId: id, scope: scope, subnetId: values["subnet_id"]?.string ?? "",
                    vpcId: "", availabilityZone: "", description: address, groupIds: ids,
                    privateIpAddresses: (values["private_ip"]?.string ?? values["private_ips"]?.array?.first?.string)
                        .flatMap { IPv4Address($0) }.map { [.init(address: $0, primary: true)] } ?? [],
                    macAddress: ""
                )
            )
            roles[id] = InterfaceRole(rawValue: type == "aws_elb" ? "aws_lb" : type)
            locations[id] = .json(file, path)
            addresses[id] = address
        default:
            return
        }
    }

    private mutating func addRules(
        _ values: JSONValue, groupId: String, egress: Bool, protocolKey: String, address: String, file: String,
        path: String, isInline: Bool
    ) {
        guard let text = values[protocolKey]?.string ?? values[protocolKey]?.int.map(String.init),
            let ipProtocol = IPProtocol(wireValue: text)
        else {
            unresolved.append(.json(file, path))
            return
        }
        let from = ipProtocol.hasPorts ? values["from_port"]?.int : nil
        let to = ipProtocol.hasPorts ? values["to_port"]?.int : nil
        var peers: [(RulePeer, String)] = []
        for (key, make) in [
            ("cidr_blocks", { IPv4CIDR($0).map(RulePeer.cidrIpv4) }), ("ipv6_cidr_blocks", { IPv6CIDR($0).map(RulePeer.cidrIpv6) }),
            ("prefix_list_ids", { RulePeer.prefixList($0) }),
        ] as [(String, (String) -> RulePeer?)] {
            for (index, value) in (values[key]?.array ?? []).enumerated() {
                if let peer = value.string.flatMap(make) { peers.append((peer, "\(path).\(key)[\(index)]")) }
            }
        }
        if let cidr = values["cidr_ipv4"]?.string.flatMap({ IPv4CIDR($0) }) { peers.append((.cidrIpv4(cidr), "\(path).cidr_ipv4")) }
        if let cidr = values["cidr_ipv6"]?.string.flatMap({ IPv6CIDR($0) }) { peers.append((.cidrIpv6(cidr), "\(path).cidr_ipv6")) }
        if let list = values["prefix_list_id"]?.string { peers.append((.prefixList(list), "\(path).prefix_list_id")) }
        let groupKeys = isInline ? ["security_groups"] : ["source_security_group_id", "referenced_security_group_id"]
        for key in groupKeys {
            let attribute = key
            let named = isInline ? (values[key]?.array?.compactMap(\.string) ?? []) : (values[key]?.string.map { [$0] } ?? [])
            var ids = named
            if ids.isEmpty, !isInline { ids = groupIds(values[key], address: address, attribute: attribute) ?? [] }
            for id in ids {
                peers.append((.securityGroup(.init(groupId: id, userId: scope.accountId)), "\(path).\(key)"))
            }
        }
        if values["self"]?.bool == true {
            peers.append((.securityGroup(.init(groupId: groupId, userId: scope.accountId)), "\(path).self"))
        }
        if peers.isEmpty { unresolved.append(.json(file, path)) }
        for (peer, peerPath) in peers {
            let id = "sgr-plan\(rules.count + 1)"
            rules.append(
                SecurityGroupRule(
                    ruleId: id, groupId: groupId, scope: scope, isEgress: egress, ipProtocol: ipProtocol, fromPort: from,
                    toPort: to, peer: peer, description: values["description"]?.string.flatMap { $0.isEmpty ? nil : $0 }
                )
            )
            locations[id] = .json(file, peerPath)
            addresses[id] = address
        }
    }
}
