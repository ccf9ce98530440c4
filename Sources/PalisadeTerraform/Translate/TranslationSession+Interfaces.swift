import PalisadeCore

extension TranslationSession {
    func translateNetworkInterface(
        _ declaration: Declaration,
        _ key: InstanceKey,
        _ bindings: [String: Value],
        in instance: ModuleInstance
    ) {
        let address = instance.address(of: declaration, key)
        let body = declaration.block.body
        let interfaceId = attributeValue("id", of: declaration, key, bindings, in: instance).stringValue ?? ""
        var addresses: [IPv4Address] = []
        if let ip = field("private_ip", of: body, in: instance, bindings: bindings)?.value.stringValue,
            let parsed = IPv4Address(ip)
        {
            addresses.append(parsed)
        }
        for name in ["private_ips", "private_ip_list"] {
            for element in field(name, of: body, in: instance, bindings: bindings)?.value.elements ?? [] {
                if let parsed = element.stringValue.flatMap({ IPv4Address($0) }), !addresses.contains(parsed) {
                    addresses.append(parsed)
                }
            }
        }
        let ipv6 = (field("ipv6_addresses", of: body, in: instance, bindings: bindings)?.value.elements ?? [])
            .compactMap { $0.stringValue.flatMap { IPv6Address($0) } }
        addInterface(
            interfaceId, address: address, declaration, role: .networkInterface,
            groupsArgument: "security_groups", subnet: field("subnet_id", of: body, in: instance, bindings: bindings),
            addresses: addresses, ipv6: ipv6,
            description: field("description", of: body, in: instance, bindings: bindings)?.value.stringValue ?? "",
            bindings: bindings, in: instance
        )
    }

    /// `aws_instance`, `aws_launch_template`, `aws_db_instance`, `aws_lb`: one synthetic interface that carries
    /// the resource's groups, so that attachments and reachability see them.
    func translateAttachedResource(
        _ declaration: Declaration,
        _ key: InstanceKey,
        _ bindings: [String: Value],
        in instance: ModuleInstance
    ) {
        let address = instance.address(of: declaration, key)
        let body = declaration.block.body
        let interfaceId = SyntheticID.make(.networkInterface, address)
        let role: InterfaceRole
        let description: String
        var groupsArgument = "vpc_security_group_ids"
        var subnet = field("subnet_id", of: body, in: instance, bindings: bindings)
        var addresses: [IPv4Address] = []
        var interfaceType = "interface"
        switch declaration.type {
        case "aws_lb":
            role = .loadBalancer
            groupsArgument = "security_groups"
            let name = field("name", of: body, in: instance, bindings: bindings)?.value.stringValue ?? declaration.name
            let type = field("load_balancer_type", of: body, in: instance, bindings: bindings)?.value.stringValue
            description = "ELB \(type == "network" ? "net" : type == "gateway" ? "gwy" : "app")/\(name)"
            if type == "network" { interfaceType = "network_load_balancer" }
            if subnet == nil, let subnets = field("subnets", of: body, in: instance, bindings: bindings),
                let first = subnets.value.elements?.first
            {
                subnet = (first, subnets.range)
            }
        case "aws_db_instance":
            role = .databaseInstance
            description = "RDSNetworkInterface"
        case "aws_launch_template":
            role = .launchTemplate
            description = "launch template \(address)"
        default:
            role = .instance
            description = "Primary network interface"
            if body.attribute(named: "vpc_security_group_ids") == nil, body.attribute(named: "security_groups") != nil {
                groupsArgument = "security_groups"
            }
            if let ip = field("private_ip", of: body, in: instance, bindings: bindings)?.value.stringValue,
                let parsed = IPv4Address(ip)
            {
                addresses.append(parsed)
            }
        }
        var extraGroups: [(value: Value, range: SourceRange)] = []
        if declaration.type == "aws_launch_template" {
            let (blocks, _) = expandBlocks(
                "network_interfaces", in: body, in: instance, bindings: bindings, seed: address
            )
            for block in blocks {
                if let groups = field("security_groups", of: block.body, in: instance, bindings: block.bindings) {
                    extraGroups.append(groups)
                }
            }
        }
        let written = body.attribute(named: groupsArgument) != nil || !extraGroups.isEmpty
        guard written || role == .instance else { return }
        addInterface(
            interfaceId, address: address, declaration, role: role, groupsArgument: groupsArgument, subnet: subnet,
            addresses: addresses, ipv6: [], description: description, interfaceType: interfaceType,
            extraGroups: extraGroups, bindings: bindings, in: instance
        )
    }

    private func addInterface(
        _ interfaceId: String,
        address: String,
        _ declaration: Declaration,
        role: InterfaceRole,
        groupsArgument: String,
        subnet: (value: Value, range: SourceRange)?,
        addresses privateAddresses: [IPv4Address],
        ipv6: [IPv6Address],
        description: String,
        interfaceType: String = "interface",
        extraGroups: [(value: Value, range: SourceRange)] = [],
        bindings: [String: Value],
        in instance: ModuleInstance
    ) {
        let body = declaration.block.body
        let origin = SourceOrigin(
            address: address, resourceType: declaration.type, resourceRange: declaration.block.range,
            range: declaration.block.range, attributeRange: body.attribute(named: groupsArgument)?.expression.range
        )
        var groupFields = extraGroups
        if let groups = field(groupsArgument, of: body, in: instance, bindings: bindings) { groupFields.insert(groups, at: 0) }
        var groupIds: [String] = []
        for groups in groupFields {
            let ranges = groups.range
            switch groups.value {
            case .unknown(let unknown):
                symbolicAttachments.append(
                    SymbolicAttachment(
                        networkInterfaceId: interfaceId, groupId: nil, reason: unknown.reason,
                        unknownOrigin: unknown.origin, origin: origin
                    )
                )
            case .list(let elements), .set(let elements):
                for element in elements {
                    if let id = element.stringValue {
                        if !groupIds.contains(id) { groupIds.append(id) }
                    } else if case .unknown(let unknown) = element {
                        symbolicAttachments.append(
                            SymbolicAttachment(
                                networkInterfaceId: interfaceId, groupId: nil, reason: unknown.reason,
                                unknownOrigin: unknown.origin, origin: origin
                            )
                        )
                    }
                }
            case .null:
                break
            default:
                report(
                    .invalidValue, .error, "\(groupsArgument) must be a list of security group IDs", at: ranges,
                    address: address
                )
            }
        }
        let subnetId = subnet?.value.stringValue ?? ""
        var vpcId = subnets.first { $0.subnetId == subnetId }?.vpcId
        if vpcId == nil, let first = groupIds.first {
            vpcId = securityGroups.first { $0.groupId == first }?.vpcId
        }
        if groupIds.isEmpty, groupFields.isEmpty, role == .instance || role == .networkInterface {
            // Without groups, AWS attaches the default group of the interface's VPC.
            let defaultGroup = defaultGroupID(vpc: vpcId.map(Value.string))
            groupIds.append(defaultGroup)
        }
        networkInterfaces.append(
            NetworkInterface(
                networkInterfaceId: interfaceId, scope: scope, subnetId: subnetId, vpcId: vpcId ?? vpcID(for: nil),
                availabilityZone: "", description: description, groupIds: groupIds,
                privateIpAddresses: privateAddresses.enumerated().map {
                    NetworkInterface.PrivateIPv4(address: $0.element, primary: $0.offset == 0)
                },
                ipv6Addresses: ipv6, macAddress: "", interfaceType: interfaceType,
                tags: tags(field("tags", of: body, in: instance, bindings: bindings)?.value)
            )
        )
        origins[interfaceId] = origin
        self.addresses[address] = interfaceId
        interfaceRoles[interfaceId] = role
        for groupId in groupIds {
            attachments.append(InterfaceAttachment(networkInterfaceId: interfaceId, groupId: groupId, origin: origin))
        }
    }

    /// Applies `aws_network_interface_sg_attachment`s to the interfaces translated before.
    func applyPendingAttachments() {
        for pending in pendingAttachments {
            guard let interfaceId = pending.interface.stringValue, let groupId = pending.group.stringValue else {
                let unknown = pending.interface.firstUnknown ?? pending.group.firstUnknown
                symbolicAttachments.append(
                    SymbolicAttachment(
                        networkInterfaceId: pending.interface.stringValue, groupId: pending.group.stringValue,
                        reason: unknown?.reason ?? "network_interface_id or security_group_id is not set",
                        unknownOrigin: unknown?.origin, origin: pending.origin
                    )
                )
                continue
            }
            guard let index = networkInterfaces.firstIndex(where: { $0.networkInterfaceId == interfaceId }) else {
                symbolicAttachments.append(
                    SymbolicAttachment(
                        networkInterfaceId: interfaceId, groupId: groupId,
                        reason: "interface \(interfaceId) is not created by this configuration", unknownOrigin: nil,
                        origin: pending.origin
                    )
                )
                continue
            }
            if !networkInterfaces[index].groupIds.contains(groupId) {
                networkInterfaces[index].groupIds.append(groupId)
            }
            attachments.append(
                InterfaceAttachment(networkInterfaceId: interfaceId, groupId: groupId, origin: pending.origin)
            )
        }
    }
}
