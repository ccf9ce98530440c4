public import PalisadeCore

/// Writers for the shapes EC2 responses share, with botocore's element names.
extension XMLWriter {
    public mutating func tagSet(_ tags: [Tag]) {
        list("tagSet", tags) { writer, tag in
            writer.element("key", tag.key)
            writer.element("value", tag.value)
        }
    }

    public mutating func vpc(_ vpc: Vpc) {
        element("vpcId", vpc.vpcId)
        element("ownerId", vpc.scope.accountId)
        element("state", "available")
        element("cidrBlock", vpc.cidrBlock)
        element("dhcpOptionsId", vpc.dhcpOptionsId)
        element("instanceTenancy", vpc.instanceTenancy)
        element("isDefault", vpc.isDefault)
        list("cidrBlockAssociationSet", vpc.cidrBlockAssociations) { writer, association in
            writer.element("associationId", association.associationId)
            writer.element("cidrBlock", association.cidrBlock)
            writer.element("cidrBlockState") { $0.element("state", "associated") }
        }
        list("ipv6CidrBlockAssociationSet", vpc.ipv6CidrBlockAssociations) { writer, association in
            writer.element("associationId", association.associationId)
            writer.element("ipv6CidrBlock", association.cidrBlock)
            writer.element("ipv6CidrBlockState") { $0.element("state", "associated") }
            writer.element("networkBorderGroup", vpc.scope.region)
            writer.element("ipv6Pool", "Amazon")
        }
        tagSet(vpc.tags)
    }

    public mutating func subnet(_ subnet: Subnet, availableIpAddressCount: Int) {
        element("subnetId", subnet.subnetId)
        element("subnetArn", subnet.scope.arn(.subnet, subnet.subnetId))
        element("state", "available")
        element("vpcId", subnet.vpcId)
        element("cidrBlock", subnet.cidrBlock)
        element("availableIpAddressCount", availableIpAddressCount)
        element("availabilityZone", subnet.availabilityZone)
        element("availabilityZoneId", subnet.availabilityZoneId)
        element("defaultForAz", subnet.defaultForAz)
        element("mapPublicIpOnLaunch", subnet.mapPublicIpOnLaunch)
        element("mapCustomerOwnedIpOnLaunch", false)
        element("ownerId", subnet.scope.accountId)
        element("assignIpv6AddressOnCreation", subnet.assignIpv6AddressOnCreation)
        list("ipv6CidrBlockAssociationSet", subnet.ipv6CidrBlockAssociations) { writer, association in
            writer.element("associationId", association.associationId)
            writer.element("ipv6CidrBlock", association.cidrBlock)
            writer.element("ipv6CidrBlockState") { $0.element("state", "associated") }
        }
        element("enableDns64", subnet.enableDns64)
        element("ipv6Native", false)
        element("privateDnsNameOptionsOnLaunch") { writer in
            writer.element("hostnameType", subnet.privateDnsHostnameTypeOnLaunch)
            writer.element("enableResourceNameDnsARecord", subnet.enableResourceNameDnsARecordOnLaunch)
            writer.element("enableResourceNameDnsAAAARecord", subnet.enableResourceNameDnsAAAARecordOnLaunch)
        }
        tagSet(subnet.tags)
    }

    /// A group with its rules regrouped into IpPermissions by (protocol, FromPort, ToPort), as AWS describes them.
    public mutating func securityGroup(_ group: SecurityGroup, rules: [SecurityGroupRule]) {
        element("ownerId", group.ownerId)
        element("groupId", group.groupId)
        element("groupName", group.groupName)
        element("groupDescription", group.description)
        element("vpcId", group.vpcId)
        element("securityGroupArn", group.arn)
        ipPermissions("ipPermissions", rules) { !$0.isEgress }
        ipPermissions("ipPermissionsEgress", rules) { $0.isEgress }
        tagSet(group.tags)
    }

    public mutating func ipPermissions(_ name: String, _ rules: [SecurityGroupRule]) {
        ipPermissions(name, rules) { _ in true }
    }

    /// The rules that pass `included`, regrouped by (protocol, FromPort, ToPort) in the order each key first
    /// appears. Works on positions in `rules`: a describe of a thousand groups writes tens of thousands of rules,
    /// and copying each into per-permission arrays cost more than writing it. Most groups have a few keys, found
    /// by a scan; a hash table takes over past 16.
    mutating func ipPermissions(_ name: String, _ rules: [SecurityGroupRule], where included: (SecurityGroupRule) -> Bool) {
        struct PortKey: Hashable {
            var ipProtocol: IPProtocol
            var fromPort: Int?
            var toPort: Int?
        }
        var order: [PortKey] = []
        var position: [PortKey: Int] = [:]
        // The included rules' positions, and the key (index in `order`) of each.
        var members: [Int] = []
        var keyOfMember: [Int] = []
        for index in rules.indices where included(rules[index]) {
            let key = PortKey(ipProtocol: rules[index].ipProtocol, fromPort: rules[index].fromPort, toPort: rules[index].toPort)
            let known = order.count <= 16 ? order.firstIndex(of: key) : position[key]
            if let known {
                keyOfMember.append(known)
            } else {
                if order.count == 16 { for (i, key) in order.enumerated() { position[key] = i } }
                if order.count >= 16 { position[key] = order.count }
                keyOfMember.append(order.count)
                order.append(key)
            }
            members.append(index)
        }
        // Members sorted by key, stable (counting sort): key k's rules are byKey[start[k]..<start[k + 1]].
        var start = [Int](repeating: 0, count: order.count + 1)
        for key in keyOfMember { start[key + 1] += 1 }
        for key in order.indices { start[key + 1] += start[key] }
        var next = start
        var byKey = [Int](repeating: 0, count: members.count)
        for (member, key) in zip(members, keyOfMember) {
            byKey[next[key]] = member
            next[key] += 1
        }
        list(name, order.indices) { writer, group in
            let key = order[group]
            let indices = byKey[start[group]..<start[group + 1]]
            writer.element("ipProtocol", key.ipProtocol.wireValue)
            writer.element("fromPort", key.fromPort)
            writer.element("toPort", key.toPort)
            writer.list("groups", indices.lazy.filter { rules[$0].peer.referencedGroupId != nil }) { writer, index in
                guard case .securityGroup(let group) = rules[index].peer else { return }
                writer.element("description", rules[index].description)
                writer.element("userId", group.userId)
                writer.element("groupId", group.groupId)
                writer.element("vpcId", group.vpcId)
                writer.element("vpcPeeringConnectionId", group.vpcPeeringConnectionId)
                writer.element("peeringStatus", group.peeringStatus)
            }
            writer.list("ipRanges", indices.lazy.filter { if case .cidrIpv4 = rules[$0].peer { true } else { false } }) {
                writer, index in
                guard case .cidrIpv4(let cidr) = rules[index].peer else { return }
                writer.element("cidrIp", cidr)
                writer.element("description", rules[index].description)
            }
            writer.list("ipv6Ranges", indices.lazy.filter { if case .cidrIpv6 = rules[$0].peer { true } else { false } }) {
                writer, index in
                guard case .cidrIpv6(let cidr) = rules[index].peer else { return }
                writer.element("cidrIpv6", cidr.description)
                writer.element("description", rules[index].description)
            }
            writer.list("prefixListIds", indices.lazy.filter { if case .prefixList = rules[$0].peer { true } else { false } }) {
                writer, index in
                guard case .prefixList(let id) = rules[index].peer else { return }
                writer.element("prefixListId", id)
                writer.element("description", rules[index].description)
            }
        }
    }

    /// Ports as DescribeSecurityGroupRules shows them: `-1`/`-1` for protocols without ports.
    static func rulePorts(_ rule: SecurityGroupRule) -> (Int, Int) {
        (rule.fromPort ?? -1, rule.toPort ?? -1)
    }

    public mutating func securityGroupRule(_ rule: SecurityGroupRule) {
        element("securityGroupRuleId", rule.ruleId)
        element("groupId", rule.groupId)
        element("groupOwnerId", rule.scope.accountId)
        element("isEgress", rule.isEgress)
        element("ipProtocol", rule.ipProtocol.wireValue)
        let (from, to) = XMLWriter.rulePorts(rule)
        element("fromPort", from)
        element("toPort", to)
        switch rule.peer {
        case .cidrIpv4(let cidr): element("cidrIpv4", cidr)
        case .cidrIpv6(let cidr): element("cidrIpv6", cidr.description)
        case .prefixList(let id): element("prefixListId", id)
        case .securityGroup(let group):
            element("referencedGroupInfo") { writer in
                writer.element("groupId", group.groupId)
                writer.element("userId", group.userId)
                writer.element("vpcId", group.vpcId)
                writer.element("vpcPeeringConnectionId", group.vpcPeeringConnectionId)
                writer.element("peeringStatus", group.peeringStatus)
            }
        }
        element("description", rule.description)
        tagSet(rule.tags)
        element("securityGroupRuleArn", rule.arn)
    }

    public mutating func revokedSecurityGroupRule(_ rule: SecurityGroupRule) {
        element("securityGroupRuleId", rule.ruleId)
        element("groupId", rule.groupId)
        element("isEgress", rule.isEgress)
        element("ipProtocol", rule.ipProtocol.wireValue)
        let (from, to) = XMLWriter.rulePorts(rule)
        element("fromPort", from)
        element("toPort", to)
        switch rule.peer {
        case .cidrIpv4(let cidr): element("cidrIpv4", cidr)
        case .cidrIpv6(let cidr): element("cidrIpv6", cidr.description)
        case .prefixList(let id): element("prefixListId", id)
        case .securityGroup(let group): element("referencedGroupId", group.groupId)
        }
        element("description", rule.description)
    }

    /// An IpPermission as the client sent it (for `unknownIpPermissionSet`).
    public mutating func requestedPermission(_ permission: IpPermission) {
        element("ipProtocol", permission.ipProtocol)
        element("fromPort", permission.fromPort)
        element("toPort", permission.toPort)
        list("groups", permission.userIdGroupPairs) { writer, pair in
            writer.element("description", pair.description)
            writer.element("userId", pair.userId)
            writer.element("groupId", pair.groupId)
            writer.element("groupName", pair.groupName)
        }
        list("ipRanges", permission.ipRanges) { writer, range in
            writer.element("cidrIp", range.cidrIp)
            writer.element("description", range.description)
        }
        list("ipv6Ranges", permission.ipv6Ranges) { writer, range in
            writer.element("cidrIpv6", range.cidrIpv6)
            writer.element("description", range.description)
        }
        list("prefixListIds", permission.prefixListIds) { writer, entry in
            writer.element("prefixListId", entry.prefixListId)
            writer.element("description", entry.description)
        }
    }

    /// An interface; `groupNames` resolves its group IDs (copied out of the state by the caller).
    public mutating func networkInterface(_ eni: NetworkInterface, groupNames: [String: String], availabilityZoneId: String?) {
        element("networkInterfaceId", eni.networkInterfaceId)
        element("subnetId", eni.subnetId)
        element("vpcId", eni.vpcId)
        element("availabilityZone", eni.availabilityZone)
        element("availabilityZoneId", availabilityZoneId)
        element("description", eni.description)
        element("ownerId", eni.scope.accountId)
        element("requesterManaged", false)
        element("status", "available")
        element("macAddress", eni.macAddress)
        element("privateIpAddress", eni.primaryPrivateIpAddress?.description)
        element("privateDnsName", PolicyState.privateDnsName(eni))
        element("sourceDestCheck", eni.sourceDestCheck)
        list("groupSet", eni.groupIds) { writer, id in
            writer.element("groupId", id)
            writer.element("groupName", groupNames[id])
        }
        list("privateIpAddressesSet", eni.privateIpAddresses) { writer, address in
            writer.element("privateIpAddress", address.address.description)
            writer.element("primary", address.primary)
        }
        list("ipv6AddressesSet", eni.ipv6Addresses) { writer, address in
            writer.element("ipv6Address", address.description)
            writer.element("isPrimaryIpv6", false)
        }
        element("interfaceType", eni.interfaceType)
        element("ipv6Native", false)
        if let tracking = eni.connectionTracking {
            element("connectionTrackingConfiguration") { writer in
                writer.element("tcpEstablishedTimeout", tracking.tcpEstablishedTimeout)
                writer.element("udpStreamTimeout", tracking.udpStreamTimeout)
                writer.element("udpTimeout", tracking.udpTimeout)
            }
        }
        tagSet(eni.tags)
    }

    public mutating func managedPrefixList(_ list: ManagedPrefixList) {
        element("prefixListId", list.prefixListId)
        element("addressFamily", list.addressFamily.rawValue)
        element("state", list.state)
        element("prefixListArn", list.arn)
        element("prefixListName", list.prefixListName)
        element("maxEntries", list.maxEntries)
        element("version", list.version)
        element("ownerId", list.ownerId)
        tagSet(list.tags)
    }
}
