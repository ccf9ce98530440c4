import PalisadeCore

extension TranslationSession {
    func translateVpc(_ declaration: Declaration, _ key: InstanceKey, _ bindings: [String: Value], in instance: ModuleInstance) {
        let (address, vpcId, origin) = register(declaration, key, bindings, in: instance)
        let body = declaration.block.body

        // AWS creates a default group with every VPC: all traffic from its own members, all traffic out.
        let groupId = defaultGroupID(vpc: .string(vpcId))
        let group = SecurityGroup(
            groupId: groupId, scope: scope, vpcId: vpcId, groupName: "default",
            description: "default VPC security group"
        )
        var implicit = origin
        implicit.isImplicit = true
        implicitDefaultGroups.append((group, implicit))

        guard let (cidr, _) = cidrBlock(of: body, describing: "VPC", id: vpcId, address: address, bindings, in: instance)
        else { return }
        vpcs.append(
            Vpc(
                vpcId: vpcId, scope: scope, cidrBlock: cidr,
                cidrBlockAssociations: [
                    Vpc.CidrAssociation(
                        associationId: SyntheticID.make(.vpcCidrAssociation, address), cidrBlock: cidr.description
                    )
                ],
                isDefault: false,
                instanceTenancy: field("instance_tenancy", of: body, in: instance, bindings: bindings)?.value.stringValue
                    ?? "default",
                dhcpOptionsId: "", mainRouteTableId: "", defaultNetworkAclId: "",
                enableDnsSupport: field("enable_dns_support", of: body, in: instance, bindings: bindings)?.value
                    .convertedToBool ?? true,
                enableDnsHostnames: field("enable_dns_hostnames", of: body, in: instance, bindings: bindings)?.value
                    .convertedToBool ?? false,
                tags: tags(field("tags", of: body, in: instance, bindings: bindings)?.value)
            )
        )
    }

    func translateSubnet(
        _ declaration: Declaration,
        _ key: InstanceKey,
        _ bindings: [String: Value],
        in instance: ModuleInstance
    ) {
        let (address, subnetId, _) = register(declaration, key, bindings, in: instance)
        let body = declaration.block.body
        let vpcId = vpcID(for: field("vpc_id", of: body, in: instance, bindings: bindings)?.value)
        guard let (cidr, cidrField) = cidrBlock(
            of: body, describing: "subnet", id: subnetId, address: address, bindings, in: instance)
        else { return }
        if let vpc = vpcs.first(where: { $0.vpcId == vpcId }), !vpc.cidrBlock.contains(cidr) {
            report(
                .invalidValue, .error, "subnet \(cidr) is not inside its VPC's block \(vpc.cidrBlock)",
                at: cidrField?.range, address: address
            )
        }
        let zone = field("availability_zone", of: body, in: instance, bindings: bindings)?.value.stringValue ?? ""
        subnets.append(
            Subnet(
                subnetId: subnetId, scope: scope, vpcId: vpcId, cidrBlock: cidr, availabilityZone: zone,
                availabilityZoneId: field("availability_zone_id", of: body, in: instance, bindings: bindings)?.value
                    .stringValue ?? "",
                defaultForAz: false,
                mapPublicIpOnLaunch: field("map_public_ip_on_launch", of: body, in: instance, bindings: bindings)?
                    .value.convertedToBool ?? false,
                tags: tags(field("tags", of: body, in: instance, bindings: bindings)?.value)
            )
        )
    }

    func translatePrefixList(
        _ declaration: Declaration,
        _ key: InstanceKey,
        _ bindings: [String: Value],
        in instance: ModuleInstance
    ) {
        let (address, listId, _) = register(declaration, key, bindings, in: instance)
        let body = declaration.block.body
        let familyField = field("address_family", of: body, in: instance, bindings: bindings)
        let family: ManagedPrefixList.AddressFamily
        switch familyField?.value.stringValue {
        case "IPv4": family = .ipv4
        case "IPv6": family = .ipv6
        default:
            if let familyField, !familyField.value.isUnknown {
                report(
                    .invalidValue, .error, "address_family must be \"IPv4\" or \"IPv6\", got \(familyField.value)",
                    at: familyField.range, address: address
                )
            }
            placeholders[listId] = "\(address): address_family is unknown"
            return
        }
        var entries: [ManagedPrefixList.Entry] = []
        var complete = true
        let (blocks, unknownBlocks) = expandBlocks("entry", in: body, in: instance, bindings: bindings, seed: address)
        if !unknownBlocks.isEmpty { complete = false }
        for block in blocks {
            guard let cidrField = field("cidr", of: block.body, in: instance, bindings: block.bindings) else { continue }
            guard let text = cidrField.value.stringValue else {
                complete = false
                continue
            }
            let canonical = family == .ipv4 ? IPv4CIDR(text)?.description : IPv6CIDR(text)?.description
            guard let canonical else {
                report(
                    .invalidValue, .error, "\(Value.string(text)) is not a valid \(family.rawValue) CIDR block",
                    at: cidrField.range, address: address
                )
                continue
            }
            entries.append(
                ManagedPrefixList.Entry(
                    cidr: canonical,
                    description: field("description", of: block.body, in: instance, bindings: block.bindings)?.value
                        .stringValue
                )
            )
        }
        if !complete {
            report(
                .unknownValue, .warning, "some entries of \(address) are unknown; the list holds only the known ones",
                at: declaration.block.typeRange, address: address
            )
        }
        let maxField = field("max_entries", of: body, in: instance, bindings: bindings)
        let maxEntries = maxField?.value.convertedToNumber?.intValue ?? entries.count
        if entries.count > maxEntries {
            report(
                .invalidValue, .error, "\(address) has \(entries.count) entries but max_entries is \(maxEntries)",
                at: maxField?.range, address: address
            )
        }
        let name = field("name", of: body, in: instance, bindings: bindings)
        prefixLists.append(
            ManagedPrefixList(
                prefixListId: listId, scope: scope,
                prefixListName: name?.value.stringValue
                    ?? placeholderText(body.attribute(named: "name")?.expression, fallback: address),
                addressFamily: family, maxEntries: maxEntries, entries: entries, ownerId: scope.accountId,
                tags: tags(field("tags", of: body, in: instance, bindings: bindings)?.value)
            )
        )
    }

    /// Records a resource instance's ID under its address, and where it is declared.
    private func register(
        _ declaration: Declaration, _ key: InstanceKey, _ bindings: [String: Value], in instance: ModuleInstance
    ) -> (address: String, id: String, origin: SourceOrigin) {
        let address = instance.address(of: declaration, key)
        let id = attributeValue("id", of: declaration, key, bindings, in: instance).stringValue ?? ""
        let origin = SourceOrigin(
            address: address, resourceType: declaration.type, resourceRange: declaration.block.range,
            range: declaration.block.range
        )
        addresses[address] = id
        origins[id] = origin
        return (address, id, origin)
    }

    /// The `cidr_block` of a VPC or subnet as AWS accepts it (a network address with a /16 to /28 prefix). When it is
    /// unknown or invalid, the resource becomes a placeholder (invalid ones are reported) and the result is nil.
    private func cidrBlock(
        of body: HCLBody, describing kind: String, id: String, address: String, _ bindings: [String: Value],
        in instance: ModuleInstance
    ) -> (IPv4CIDR, (value: Value, range: SourceRange)?)? {
        let cidrField = field("cidr_block", of: body, in: instance, bindings: bindings)
        guard let text = cidrField?.value.stringValue else {
            placeholders[id] = "\(address): cidr_block is " + (cidrField.map { "\($0.value)" } ?? "not set")
            return nil
        }
        guard let cidr = IPv4CIDR(text), cidr.description == text, (16...28).contains(cidr.prefixLength) else {
            report(
                .invalidValue, .error,
                "\(Value.string(text)) is not a valid \(kind) CIDR block (a network address with a /16 to /28 prefix)",
                at: cidrField?.range, address: address
            )
            placeholders[id] = "\(address): cidr_block is invalid"
            return nil
        }
        return (cidr, cidrField)
    }
}
