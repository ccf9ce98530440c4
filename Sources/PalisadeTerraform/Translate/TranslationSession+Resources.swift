import PalisadeCore

extension TranslationSession {
    /// Translates every resource of a module instance, then its child modules.
    func translate(_ instance: ModuleInstance) {
        for declaration in instance.resourceOrder {
            let set = instanceSet(of: declaration.block, key: declaration.key, in: instance)
            let forced: Value.Unknown? = if case .unknown(let unknown) = set { unknown } else { nil }
            for (key, bindings) in set.instances {
                translate(declaration, key, bindings, in: instance, forcedUnknown: forced)
            }
        }
        for name in instance.moduleCallOrder {
            guard case .instances(_, let children) = childModules(name, of: instance) else { continue }
            for child in children { translate(child) }
        }
    }

    private func translate(
        _ declaration: Declaration,
        _ key: InstanceKey,
        _ bindings: [String: Value],
        in instance: ModuleInstance,
        forcedUnknown: Value.Unknown?
    ) {
        switch declaration.type {
        case "aws_security_group", "aws_default_security_group":
            translateGroup(declaration, key, bindings, in: instance, forcedUnknown: forcedUnknown)
        case "aws_security_group_rule":
            translateRuleResource(declaration, key, bindings, in: instance, forcedUnknown: forcedUnknown)
        case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
            translateVpcRule(declaration, key, bindings, in: instance, forcedUnknown: forcedUnknown)
        case _ where forcedUnknown != nil:
            return
        case "aws_vpc":
            translateVpc(declaration, key, bindings, in: instance)
        case "aws_subnet":
            translateSubnet(declaration, key, bindings, in: instance)
        case "aws_ec2_managed_prefix_list":
            translatePrefixList(declaration, key, bindings, in: instance)
        case "aws_network_interface":
            translateNetworkInterface(declaration, key, bindings, in: instance)
        case "aws_network_interface_sg_attachment":
            let address = instance.address(of: declaration, key)
            let body = declaration.block.body
            pendingAttachments.append(
                (
                    interface: field("network_interface_id", of: body, in: instance, bindings: bindings)?.value ?? .null,
                    group: field("security_group_id", of: body, in: instance, bindings: bindings)?.value ?? .null,
                    origin: SourceOrigin(
                        address: address, resourceType: declaration.type, resourceRange: declaration.block.range,
                        range: declaration.block.range,
                        attributeRange: body.attribute(named: "security_group_id")?.expression.range
                    )
                )
            )
        case "aws_instance", "aws_launch_template", "aws_db_instance", "aws_lb":
            translateAttachedResource(declaration, key, bindings, in: instance)
        default:
            return
        }
    }

    /// Text for a name or description that cannot be known: its source, such as `web-${var.environment}`.
    func placeholderText(_ expression: HCLExpression?, fallback: String) -> String {
        guard let expression, let text = files[expression.range.fileName]?.text(of: expression.range) else {
            return fallback
        }
        var result = String(text)
        if result.hasPrefix("\""), result.hasSuffix("\""), result.count >= 2 {
            result = String(result.dropFirst().dropLast())
        }
        return result
    }

    /// Tags from a `tags` map; unknown or non-string values are left out.
    func tags(_ value: Value?) -> [Tag] {
        guard let entries = value?.entries else { return [] }
        return entries.keys.sorted().compactMap { key in
            entries[key]?.convertedToString.map { Tag(key: key, value: $0) }
        }
    }

    // MARK: Groups

    private func translateGroup(
        _ declaration: Declaration,
        _ key: InstanceKey,
        _ bindings: [String: Value],
        in instance: ModuleInstance,
        forcedUnknown: Value.Unknown?
    ) {
        let address = instance.address(of: declaration, key)
        let body = declaration.block.body
        let isDefault = declaration.type == "aws_default_security_group"
        var groupValue: Value = .unknown(forcedUnknown ?? Value.Unknown(reason: "\(address) has unknown instances"))
        if forcedUnknown == nil {
            let groupId = attributeValue("id", of: declaration, key, bindings, in: instance).stringValue ?? ""
            groupValue = .string(groupId)
            let nameValue = attributeValue("name", of: declaration, key, bindings, in: instance)
            let descriptionValue = attributeValue("description", of: declaration, key, bindings, in: instance)
            let vpcValue = field("vpc_id", of: body, in: instance, bindings: bindings)
            let name =
                nameValue.stringValue
                ?? placeholderText(body.attribute(named: "name")?.expression, fallback: address)
            let description =
                descriptionValue.stringValue
                ?? placeholderText(body.attribute(named: "description")?.expression, fallback: "")
            if !isDefault {
                if let known = nameValue.stringValue {
                    do { try Validation.groupName(known) } catch {
                        report(
                            .invalidValue, .error, error.message,
                            at: body.attribute(named: "name")?.expression.range ?? declaration.block.range,
                            address: address
                        )
                    }
                }
                if let known = descriptionValue.stringValue {
                    do { try Validation.groupDescription(known) } catch {
                        report(
                            .invalidValue, .error, error.message,
                            at: body.attribute(named: "description")?.expression.range ?? declaration.block.range,
                            address: address
                        )
                    }
                }
            }
            let group = SecurityGroup(
                groupId: groupId, scope: scope, vpcId: vpcID(for: vpcValue?.value), groupName: name,
                description: description, tags: tags(field("tags", of: body, in: instance, bindings: bindings)?.value)
            )
            if securityGroups.contains(where: { $0.groupId == groupId }) {
                report(
                    .duplicateDeclaration, .error,
                    "\(address) manages a default security group that another resource already manages",
                    at: declaration.block.typeRange, address: address
                )
                return
            }
            securityGroups.append(group)
            origins[groupId] = SourceOrigin(
                address: address, resourceType: declaration.type, resourceRange: declaration.block.range,
                range: declaration.block.range
            )
            addresses[address] = groupId
        }
        for direction in Direction.allCases {
            let (blocks, unknownBlocks) = expandBlocks(
                direction.rawValue, in: body, in: instance, bindings: bindings, seed: address
            )
            for block in blocks {
                emitRules(
                    inlineRule(
                        block.body, range: block.range, bindings: block.bindings, seed: block.seed,
                        direction: direction, group: groupValue, declaration, address, in: instance,
                        forcedUnknown: forcedUnknown
                    )
                )
            }
            for block in unknownBlocks {
                emitRules(
                    inlineRule(
                        block.body, range: block.range, bindings: block.bindings, seed: block.seed,
                        direction: direction, group: groupValue, declaration, address, in: instance,
                        forcedUnknown: forcedUnknown ?? block.unknown
                    )
                )
            }
            if let attribute = body.attribute(named: direction.rawValue) {
                translateRuleList(
                    attribute, direction: direction, group: groupValue, declaration, address, bindings, in: instance,
                    forcedUnknown: forcedUnknown
                )
            }
        }
    }

    private func inlineRule(
        _ body: HCLBody,
        range: SourceRange,
        bindings: [String: Value],
        seed: String,
        direction: Direction,
        group: Value,
        _ declaration: Declaration,
        _ address: String,
        in instance: ModuleInstance,
        forcedUnknown: Value.Unknown?
    ) -> RuleInput {
        func value(_ name: String) -> (value: Value, range: SourceRange)? {
            field(name, of: body, in: instance, bindings: bindings)
        }
        var peers: [RuleInput.PeerArgument] = []
        for (name, kind) in TranslationSession.inlinePeerArguments {
            guard let attribute = body.attribute(named: name) else { continue }
            peers.append(
                RuleInput.PeerArgument(
                    kind: kind, name: name,
                    value: evaluate(attribute.expression, in: instance, bindings: bindings),
                    range: attribute.expression.range, elementRanges: attribute.expression.tupleElementRanges,
                    isList: true
                )
            )
        }
        if let attribute = body.attribute(named: "self") {
            peers.append(
                RuleInput.PeerArgument(
                    kind: .securityGroup, name: "self",
                    value: evaluate(attribute.expression, in: instance, bindings: bindings),
                    range: attribute.expression.range, isList: false, isSelf: true
                )
            )
        }
        return RuleInput(
            address: address, resourceType: declaration.type, resourceRange: declaration.block.range, range: range,
            seed: seed, group: group, groupRange: nil, direction: direction, ipProtocol: value("protocol"),
            fromPort: value("from_port"), toPort: value("to_port"), portsOptional: false,
            description: value("description"), peers: peers, exactlyOnePeer: false, forcedUnknown: forcedUnknown
        )
    }

    static let inlinePeerArguments: [(String, SymbolicRule.PeerKind)] = [
        ("cidr_blocks", .cidrIpv4), ("ipv6_cidr_blocks", .cidrIpv6), ("prefix_list_ids", .prefixList),
        ("security_groups", .securityGroup),
    ]

    /// `ingress = [{ … }, …]`: rules written as a list of objects ("attributes as blocks").
    private func translateRuleList(
        _ attribute: HCLAttribute,
        direction: Direction,
        group: Value,
        _ declaration: Declaration,
        _ address: String,
        _ bindings: [String: Value],
        in instance: ModuleInstance,
        forcedUnknown: Value.Unknown?
    ) {
        let value = evaluate(attribute.expression, in: instance, bindings: bindings)
        guard let elements = value.elements else {
            if case .unknown(let unknown) = value {
                report(
                    .unknownValue, .warning,
                    "the \(direction.rawValue) rules of \(address) are unknown (\(unknown.reason))",
                    at: attribute.expression.range, address: address
                )
            } else if value != .null {
                report(
                    .invalidValue, .error, "\(direction.rawValue) must be a list of rule objects",
                    at: attribute.expression.range, address: address
                )
            }
            return
        }
        let ranges = attribute.expression.tupleElementRanges ?? []
        for (index, element) in elements.enumerated() {
            let range = index < ranges.count ? ranges[index] : attribute.expression.range
            let entries = element.entries ?? [:]
            func value(_ name: String) -> (value: Value, range: SourceRange)? {
                guard let found = entries[name] ?? (element.isUnknown ? element : nil) else { return nil }
                return (found, range)
            }
            var peers: [RuleInput.PeerArgument] = []
            for (name, kind) in TranslationSession.inlinePeerArguments {
                guard let found = value(name) else { continue }
                peers.append(RuleInput.PeerArgument(kind: kind, name: name, value: found.value, range: range, isList: true))
            }
            if let found = value("self") {
                peers.append(
                    RuleInput.PeerArgument(
                        kind: .securityGroup, name: "self", value: found.value, range: range, isList: false, isSelf: true
                    )
                )
            }
            emitRules(
                RuleInput(
                    address: address, resourceType: declaration.type, resourceRange: declaration.block.range,
                    range: range, seed: "\(address)/\(direction.rawValue)=[\(index)]", group: group, groupRange: nil,
                    direction: direction, ipProtocol: value("protocol"), fromPort: value("from_port"),
                    toPort: value("to_port"), portsOptional: false, description: value("description"), peers: peers,
                    exactlyOnePeer: false, forcedUnknown: forcedUnknown
                )
            )
        }
    }

    // MARK: Rule resources

    private func translateRuleResource(
        _ declaration: Declaration,
        _ key: InstanceKey,
        _ bindings: [String: Value],
        in instance: ModuleInstance,
        forcedUnknown: Value.Unknown?
    ) {
        let address = instance.address(of: declaration, key)
        let body = declaration.block.body
        func value(_ name: String) -> (value: Value, range: SourceRange)? {
            field(name, of: body, in: instance, bindings: bindings)
        }
        guard let type = value("type") else { return }
        let direction: Direction
        switch type.value.stringValue {
        case "ingress": direction = .ingress
        case "egress": direction = .egress
        default:
            if case .unknown(let unknown) = type.value {
                report(
                    .unknownValue, .warning,
                    "the direction (type) of \(address) is unknown (\(unknown.reason)); the rule is not translated",
                    at: type.range, address: address
                )
            } else {
                report(
                    .invalidValue, .error, "type must be \"ingress\" or \"egress\", got \(type.value)",
                    at: type.range, address: address
                )
            }
            return
        }
        let group = value("security_group_id")
        var peers: [RuleInput.PeerArgument] = []
        for (name, kind) in [
            ("cidr_blocks", SymbolicRule.PeerKind.cidrIpv4), ("ipv6_cidr_blocks", .cidrIpv6),
            ("prefix_list_ids", .prefixList),
        ] {
            guard let attribute = body.attribute(named: name) else { continue }
            peers.append(
                RuleInput.PeerArgument(
                    kind: kind, name: name, value: evaluate(attribute.expression, in: instance, bindings: bindings),
                    range: attribute.expression.range, elementRanges: attribute.expression.tupleElementRanges,
                    isList: true
                )
            )
        }
        if let source = value("source_security_group_id") {
            peers.append(
                RuleInput.PeerArgument(
                    kind: .securityGroup, name: "source_security_group_id", value: source.value, range: source.range,
                    isList: false
                )
            )
        }
        if let attribute = value("self") {
            peers.append(
                RuleInput.PeerArgument(
                    kind: .securityGroup, name: "self", value: attribute.value, range: attribute.range, isList: false,
                    isSelf: true
                )
            )
        }
        let exclusive = peers.filter { ($0.name == "source_security_group_id" || $0.isSelf) && $0.value != .null }
        if !exclusive.isEmpty, peers.contains(where: { $0.value != .null && !$0.isSelf && $0.name != exclusive[0].name }) {
            report(
                .invalidValue, .error,
                "\(exclusive[0].name) conflicts with \(peers.filter { $0.name != exclusive[0].name && $0.value != .null }.map(\.name).joined(separator: ", ")) on aws_security_group_rule",
                at: declaration.block.typeRange, address: address
            )
            return
        }
        let ids = emitRules(
            RuleInput(
                address: address, resourceType: declaration.type, resourceRange: declaration.block.range,
                range: declaration.block.range, seed: address,
                group: group?.value ?? .unknown("security_group_id is not set"), groupRange: group?.range,
                direction: direction, ipProtocol: value("protocol"), fromPort: value("from_port"),
                toPort: value("to_port"), portsOptional: false, description: value("description"), peers: peers,
                exactlyOnePeer: false, forcedUnknown: forcedUnknown
            )
        )
        if let first = ids.first { addresses[address] = first }
    }

    private func translateVpcRule(
        _ declaration: Declaration,
        _ key: InstanceKey,
        _ bindings: [String: Value],
        in instance: ModuleInstance,
        forcedUnknown: Value.Unknown?
    ) {
        let address = instance.address(of: declaration, key)
        let body = declaration.block.body
        func value(_ name: String) -> (value: Value, range: SourceRange)? {
            field(name, of: body, in: instance, bindings: bindings)
        }
        var peers: [RuleInput.PeerArgument] = []
        for (name, kind) in [
            ("cidr_ipv4", SymbolicRule.PeerKind.cidrIpv4), ("cidr_ipv6", .cidrIpv6), ("prefix_list_id", .prefixList),
            ("referenced_security_group_id", .securityGroup),
        ] {
            guard let found = value(name) else { continue }
            peers.append(RuleInput.PeerArgument(kind: kind, name: name, value: found.value, range: found.range, isList: false))
        }
        let group = value("security_group_id")
        let ids = emitRules(
            RuleInput(
                address: address, resourceType: declaration.type, resourceRange: declaration.block.range,
                range: declaration.block.range, seed: address,
                group: group?.value ?? .unknown("security_group_id is not set"), groupRange: group?.range,
                direction: declaration.type.hasSuffix("egress_rule") ? .egress : .ingress,
                ipProtocol: value("ip_protocol"), fromPort: value("from_port"), toPort: value("to_port"),
                portsOptional: true, description: value("description"), peers: peers, exactlyOnePeer: true,
                ruleId: attributeValue("id", of: declaration, key, bindings, in: instance).stringValue,
                forcedUnknown: forcedUnknown
            )
        )
        if let first = ids.first { addresses[address] = first }
    }
}

extension HCLExpression {
    /// The ranges of a list literal's elements (`[a, b]`), or nil for any other expression.
    var tupleElementRanges: [SourceRange]? {
        switch kind {
        case .tuple(let elements): elements.map(\.range)
        case .parenthesized(let inner): inner.tupleElementRanges
        default: nil
        }
    }
}
