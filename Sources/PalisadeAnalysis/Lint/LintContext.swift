public import PalisadeCore
public import PalisadeFlow
public import PalisadeTerraform

/// What checks read: a ``PolicySnapshot`` and, when it comes from Terraform, the translation's side tables
/// (origins, interface roles, attachments, symbolic rules, diagnostics, source files); from a plan or an AWS
/// export, JSON locations instead.
///
/// ```swift
/// let context = LintContext(translation: translation, configuration: configuration)
/// let report = Linter().lint(context)
/// ```
public struct LintContext: Sendable {
    /// The policy to check.
    public let snapshot: PolicySnapshot
    /// The Terraform translation the snapshot comes from, if any.
    public let translation: TerraformTranslation?
    /// Locations of objects read from JSON, by ID (group, rule, interface).
    public let jsonLocations: [String: FindingLocation]
    /// Names of objects read from JSON (`aws_security_group.web` in a plan), by ID.
    public let jsonAddresses: [String: String]
    /// The configuration.
    public let configuration: LintConfiguration
    /// Source texts by file name, for quoting.
    public let sources: [String: String]
    /// Reachability of the snapshot's interfaces, as the flow engine computes it.
    public let reachability: Reachability
    /// Reachability between groups through group references: each group stands on one probe interface of its own,
    /// and only rules that reference groups are kept.
    public let groupReachability: Reachability
    /// The probe interface of each group in ``groupReachability``.
    public let probeInterfaces: [String: String]

    let groupsById: [String: SecurityGroup]
    /// Each group's rules, ingress and egress apart, in snapshot order: checks ask for them per group and rule.
    let rulesByGroup: [String: (ingress: [SecurityGroupRule], egress: [SecurityGroupRule])]
    let interfacesByGroup: [String: Set<String>]
    let prefixListsById: [String: ManagedPrefixList]
    let roles: [String: InterfaceRole]
    /// The naming-pattern parts of every conforming group name; nil when the pattern is not a valid `Regex`.
    let nameParts: [String: GroupNameParts]?
    /// Groups referenced from resources the translator does not model (`aws_ecs_service`, `aws_lambda_function`, …).
    let otherUsers: [String: [String]]

    /// A context for a Terraform translation.
    /// - Parameters:
    ///   - translation: The translation.
    ///   - configuration: The configuration.
    public init(translation: TerraformTranslation, configuration: LintConfiguration = LintConfiguration()) {
        self.init(
            snapshot: translation.snapshot, translation: translation, jsonLocations: [:], jsonAddresses: [:],
            interfaceRoles: translation.interfaceRoles, configuration: configuration,
            sources: translation.files.mapValues(\.source)
        )
    }

    /// A context for a snapshot read from JSON (plan, state, AWS export) or from the live server.
    /// - Parameters:
    ///   - snapshot: The policy.
    ///   - locations: JSON locations of objects, by ID.
    ///   - addresses: Display names of objects, by ID.
    ///   - interfaceRoles: What interfaces stand for, by ID; inferred from the interface when missing.
    ///   - configuration: The configuration.
    public init(
        snapshot: PolicySnapshot, locations: [String: FindingLocation] = [:], addresses: [String: String] = [:],
        interfaceRoles: [String: InterfaceRole] = [:], configuration: LintConfiguration = LintConfiguration()
    ) {
        self.init(
            snapshot: snapshot, translation: nil, jsonLocations: locations, jsonAddresses: addresses,
            interfaceRoles: interfaceRoles, configuration: configuration, sources: [:]
        )
    }

    init(
        snapshot: PolicySnapshot, translation: TerraformTranslation?, jsonLocations: [String: FindingLocation],
        jsonAddresses: [String: String], interfaceRoles: [String: InterfaceRole], configuration: LintConfiguration,
        sources: [String: String]
    ) {
        self.snapshot = snapshot
        self.translation = translation
        self.jsonLocations = jsonLocations
        self.jsonAddresses = jsonAddresses
        self.configuration = configuration
        self.sources = sources
        var groups: [String: SecurityGroup] = [:]
        for group in snapshot.securityGroups { groups[group.groupId] = group }
        groupsById = groups
        nameParts = GroupNameParts.matches(of: snapshot.securityGroups.map(\.groupName), pattern: configuration.namingPattern)
        var rules: [String: (ingress: [SecurityGroupRule], egress: [SecurityGroupRule])] = [:]
        for rule in snapshot.securityGroupRules {
            if rule.direction == .ingress {
                rules[rule.groupId, default: ([], [])].ingress.append(rule)
            } else {
                rules[rule.groupId, default: ([], [])].egress.append(rule)
            }
        }
        rulesByGroup = rules
        var lists: [String: ManagedPrefixList] = [:]
        for list in snapshot.prefixLists { lists[list.prefixListId] = list }
        prefixListsById = lists
        var byGroup: [String: Set<String>] = [:]
        var roles = interfaceRoles
        for interface in snapshot.networkInterfaces {
            for group in interface.groupIds { byGroup[group, default: []].insert(interface.networkInterfaceId) }
            if roles[interface.networkInterfaceId] == nil {
                roles[interface.networkInterfaceId] = LintContext.inferRole(interface)
            }
        }
        for attachment in translation?.attachments ?? [] {
            byGroup[attachment.groupId, default: []].insert(attachment.networkInterfaceId)
        }
        for attachment in translation?.symbolicAttachments ?? [] {
            if let group = attachment.groupId {
                byGroup[group, default: []].insert(attachment.networkInterfaceId ?? attachment.origin.address)
            }
        }
        interfacesByGroup = byGroup
        self.roles = roles
        otherUsers = translation.map(LintContext.otherGroupUsers) ?? [:]
        reachability = Reachability(snapshot)
        var probes: [String: String] = [:]
        var probeSnapshot = snapshot
        probeSnapshot.networkInterfaces = []
        // Tiers are connected by group references; addresses and the internet are the exposure checks' business.
        probeSnapshot.securityGroupRules = snapshot.securityGroupRules.filter { $0.peer.referencedGroupId != nil }
        for (index, group) in snapshot.securityGroups.enumerated() {
            let id = "eni-probe\(index)"
            probes[group.groupId] = id
            // 240.0.0.0/4 is reserved: no rule names it except ones that cover the whole address space.
            let address = IPv4Address(0xF000_0000 &+ UInt32(truncatingIfNeeded: index + 1))
            probeSnapshot.networkInterfaces.append(
                NetworkInterface(
                    networkInterfaceId: id, scope: snapshot.scope, subnetId: "subnet-probe", vpcId: group.vpcId,
                    availabilityZone: "", groupIds: [group.groupId],
                    privateIpAddresses: [.init(address: address, primary: true)], macAddress: ""
                )
            )
        }
        probeInterfaces = probes
        groupReachability = Reachability(probeSnapshot)
    }

    // MARK: Lookups

    /// The group with `id`.
    public func group(_ id: String) -> SecurityGroup? { groupsById[id] }

    /// The rules of a group in one direction, in snapshot order.
    public func rules(of groupId: String, _ direction: Direction) -> [SecurityGroupRule] {
        guard let rules = rulesByGroup[groupId] else { return [] }
        return direction == .ingress ? rules.ingress : rules.egress
    }

    /// The prefix list with `id`, when the snapshot holds it.
    public func prefixList(_ id: String) -> ManagedPrefixList? { prefixListsById[id] }

    /// Where the object with `id` is written: the attribute or block of its Terraform origin, or its JSON path.
    public func location(of id: String) -> FindingLocation? {
        if let origin = translation?.origins[id] { return FindingLocation(origin.location) }
        return jsonLocations[id]
    }

    /// Where the resource or block that made `id` starts (the `resource` line for a group).
    public func blockLocation(of id: String) -> FindingLocation? {
        if let origin = translation?.origins[id] {
            let range = origin.range
            return FindingLocation(
                SourceRange(
                    fileName: range.fileName, start: range.start,
                    end: SourcePosition(line: range.start.line, column: range.start.column, offset: range.start.offset)
                )
            )
        }
        return jsonLocations[id]
    }

    /// The resource address (`aws_security_group.web`) or AWS ID of the object with `id`.
    public func address(of id: String) -> String {
        translation?.origins[id]?.address ?? jsonAddresses[id] ?? id
    }

    /// Whether a translated object is implied rather than written (the default group of an `aws_vpc`).
    public func isImplicit(_ id: String) -> Bool { translation?.origins[id]?.isImplicit ?? false }

    /// How a group is named in messages: its address, or `name (sg-…)`.
    public func groupLabel(_ id: String) -> String {
        if let address = translation?.origins[id]?.address ?? jsonAddresses[id] { return address }
        if let group = groupsById[id] { return "\(group.groupName) (\(id))" }
        return id
    }

    /// The interfaces (or attaching resources) a group is attached to.
    public func attachments(of groupId: String) -> Set<String> { interfacesByGroup[groupId] ?? [] }

    /// Resources outside the translated model that reference the group (`aws_ecs_service.api`), by group ID.
    public func otherReferences(to groupId: String) -> [String] { otherUsers[groupId] ?? [] }

    /// What an interface stands for.
    public func role(of interfaceId: String) -> InterfaceRole? { roles[interfaceId] }

    /// Whether the group guards a load balancer: attached only to load balancers, or attached to nothing and
    /// named or tagged as one.
    public func isLoadBalancerGroup(_ groupId: String) -> Bool {
        let attached = attachments(of: groupId).compactMap { roles[$0] }
        if !attached.isEmpty { return attached.allSatisfy(\.isLoadBalancer) }
        guard let group = groupsById[groupId] else { return false }
        let words = ([group.groupName, group.description, address(of: groupId)] + group.tags.map(\.value))
            .joined(separator: " ").lowercased()
        return ["load-balancer", "load balancer", "loadbalancer", "alb", "elb", "nlb", "_lb", "-lb"]
            .contains { words.containsText($0) }
    }

    /// The canonical tier of a group: from its `Tier` tag, else from the `tier` part of a conventional name.
    public func tier(of groupId: String) -> String? {
        guard let group = groupsById[groupId] else { return nil }
        if let tag = group.tags.first(where: { $0.key.lowercased() == "tier" }) {
            return configuration.canonicalTier(tag.value)
        }
        guard let part = nameParts?[group.groupName]?.tier else { return nil }
        return configuration.canonicalTier(part)
    }

    /// The IPv4 and IPv6 blocks a rule's peer stands for (prefix lists expanded); empty for group references.
    public func blocks(of peer: RulePeer) -> (v4: [IPv4CIDR], v6: [IPv6CIDR]) {
        switch peer {
        case .cidrIpv4(let cidr): return ([cidr], [])
        case .cidrIpv6(let cidr): return ([], [cidr])
        case .prefixList(let id):
            guard let list = prefixListsById[id] else { return ([], []) }
            return (list.ipv4Blocks, list.ipv6Blocks)
        case .securityGroup: return ([], [])
        }
    }

    static func inferRole(_ interface: NetworkInterface) -> InterfaceRole {
        let description = interface.description.lowercased()
        if description.hasPrefix("elb ") || interface.interfaceType.contains("load_balancer") {
            return .loadBalancer
        }
        if description.contains("rdsnetworkinterface") { return .databaseInstance }
        return .networkInterface
    }

    /// Walks every resource of the configuration that the translator does not model and records which groups it
    /// names (`aws_security_group.x.id`), so that a group used only by, say, an ECS service is not called unused.
    static func otherGroupUsers(_ translation: TerraformTranslation) -> [String: [String]] {
        let modelled: Set<String> = [
            "aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule",
            "aws_vpc_security_group_egress_rule", "aws_default_security_group",
        ]
        var idsByBase: [String: [String]] = [:]
        for (address, id) in translation.addresses {
            let base = address.split(separator: "[", maxSplits: 1)[0]
            idsByBase[String(base), default: []].append(id)
        }
        var users: [String: [String]] = [:]
        for file in translation.files.values.sorted(by: { $0.fileName < $1.fileName }) {
            for block in file.body.blocks where block.type == "resource" && block.labels.count == 2 {
                let type = block.labelValues[0]
                guard !modelled.contains(type) else { continue }
                let user = "\(type).\(block.labelValues[1])"
                for reference in references(in: block.body) {
                    for id in idsByBase[reference] ?? [] where !(users[id]?.contains(user) ?? false) {
                        users[id, default: []].append(user)
                    }
                }
            }
        }
        return users
    }

    private static func references(in body: HCLBody) -> [String] {
        var result: [String] = []
        for item in body.items {
            switch item {
            case .attribute(let attribute):
                for traversal in attribute.expression.references
                where traversal.root == "aws_security_group" || traversal.root == "aws_default_security_group" {
                    if let name = traversal.leadingAttributes.first { result.append("\(traversal.root).\(name)") }
                }
            case .block(let block):
                result += references(in: block.body)
            }
        }
        return result
    }
}
