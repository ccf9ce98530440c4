import Foundation
import PalisadeCore
import Testing

/// Runs `body` as one write and commits it, as the store does.
func write<T>(_ state: inout PolicyState, _ body: (inout PolicyState) throws(PolicyError) -> T) throws(PolicyError) -> T {
    state.beginWrite(at: Timestamp(millisecondsSince1970: 0))
    do throws(PolicyError) {
        let result = try body(&state)
        state.commitWrite()
        return result
    } catch {
        state.rollbackWrite()
        throw error
    }
}

func expectCode(_ code: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(code), got success", sourceLocation: sourceLocation)
    } catch let error as PolicyError {
        #expect(error.code.rawValue == code, "\(error.message)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

struct PolicyStateTests {
    let scope = Scope(accountId: "123456789012", region: "us-east-1")

    func freshState() throws -> PolicyState {
        var state = PolicyState(ids: .sequential())
        try write(&state) { state throws(PolicyError) in state.ensureScope(scope) }
        return state
    }

    @Test func newScopeHasDefaultVpcSubnetsAndGroup() throws {
        let state = try freshState()
        let vpcId = try #require(state.defaultVpcId(in: scope))
        let vpc = try #require(state.vpcs[vpcId])
        #expect(vpc.cidrBlock.description == "172.31.0.0/16")
        #expect(vpc.isDefault)
        let subnets = state.subnetIds(inVpc: vpcId).compactMap { state.subnets[$0] }
        #expect(subnets.count == 6)
        #expect(subnets.allSatisfy { $0.defaultForAz && $0.cidrBlock.prefixLength == 20 })
        let groupId = try #require(state.groupId(named: "default", inVpc: vpcId))
        let rules = state.rules(of: groupId)
        #expect(rules.count == 2)
        #expect(rules.contains { !$0.isEgress && $0.ipProtocol == .all && $0.peer.referencedGroupId == groupId })
        #expect(rules.contains { $0.isEgress && $0.peer == .cidrIpv4(.anywhere) })
    }

    @Test func groupNamesAreUniquePerVpcIgnoringCase() throws {
        var state = try freshState()
        _ = try write(&state) { state throws(PolicyError) in
            try state.createSecurityGroup(scope: scope, groupName: "Web", description: "d", vpcId: nil, tags: [])
        }
        expectCode("InvalidGroup.Duplicate") {
            _ = try write(&state) { state throws(PolicyError) in
                try state.createSecurityGroup(scope: scope, groupName: "wEB", description: "d", vpcId: nil, tags: [])
            }
        }
        expectCode("InvalidGroup.Reserved") {
            _ = try write(&state) { state throws(PolicyError) in
                try state.createSecurityGroup(scope: scope, groupName: "default", description: "d", vpcId: nil, tags: [])
            }
        }
        expectCode("InvalidParameterValue") {
            _ = try write(&state) { state throws(PolicyError) in
                try state.createSecurityGroup(scope: scope, groupName: "sg-web", description: "d", vpcId: nil, tags: [])
            }
        }
        expectCode("InvalidParameterValue") {
            _ = try write(&state) { state throws(PolicyError) in
                try state.createSecurityGroup(scope: scope, groupName: "wéb", description: "d", vpcId: nil, tags: [])
            }
        }
    }

    @Test func authorizeIsAllOrNothing() throws {
        var state = try freshState()
        let group = try write(&state) { state throws(PolicyError) in
            try state.createSecurityGroup(scope: scope, groupName: "app", description: "d", vpcId: nil, tags: [])
        }
        let before = state.rules(of: group.groupId).count
        let revision = state.revision
        expectCode("InvalidParameterValue") {
            _ = try write(&state) { state throws(PolicyError) in
                try state.authorize(
                    scope: scope, groupId: group.groupId, groupName: nil, direction: .ingress,
                    permissions: [
                        IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: [.init(cidrIp: "10.0.0.0/8")]),
                        IpPermission(ipProtocol: "tcp", fromPort: 80, toPort: 80, ipRanges: [.init(cidrIp: "10.0.0.0/88")]),
                    ], ruleTags: [])
            }
        }
        #expect(state.rules(of: group.groupId).count == before)
        #expect(state.revision == revision)
        #expect(state.existingRule(
            in: group.groupId,
            key: .init(isEgress: false, ipProtocol: .tcp, fromPort: 22, toPort: 22, peer: .cidrIpv4(IPv4CIDR("10.0.0.0/8")!))) == nil)
    }

    @Test func duplicatesAreJudgedAfterCanonicalisation() throws {
        var state = try freshState()
        let group = try write(&state) { state throws(PolicyError) in
            try state.createSecurityGroup(scope: scope, groupName: "app", description: "d", vpcId: nil, tags: [])
        }
        let rules = try write(&state) { state throws(PolicyError) in
            try state.authorize(
                scope: scope, groupId: group.groupId, groupName: nil, direction: .ingress,
                permissions: [IpPermission(ipProtocol: "6", fromPort: 22, toPort: 22, ipRanges: [.init(cidrIp: "10.0.0.1/24")])],
                ruleTags: [])
        }
        #expect(rules.first?.peer == .cidrIpv4(IPv4CIDR("10.0.0.0/24")!))
        #expect(rules.first?.ipProtocol == .tcp)
        expectCode("InvalidPermission.Duplicate") {
            _ = try write(&state) { state throws(PolicyError) in
                try state.authorize(
                    scope: scope, groupId: group.groupId, groupName: nil, direction: .ingress,
                    permissions: [IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: [.init(cidrIp: "10.0.0.0/24", description: "other")])],
                    ruleTags: [])
            }
        }
        // Ports are not part of the identity of -1 rules: the default egress rule already covers this.
        expectCode("InvalidPermission.Duplicate") {
            _ = try write(&state) { state throws(PolicyError) in
                try state.authorize(
                    scope: scope, groupId: group.groupId, groupName: nil, direction: .egress,
                    permissions: [IpPermission(ipProtocol: "-1", fromPort: 1, toPort: 5, ipRanges: [.init(cidrIp: "0.0.0.0/0")])],
                    ruleTags: [])
            }
        }
    }

    @Test(arguments: [
        ("tcp", nil, nil, "InvalidParameterValue"), ("tcp", nil, 22, "InvalidPermission.Malformed"),
        ("udp", 0, 65536, "InvalidPermission.Malformed"), ("tcp", 30, 20, "InvalidParameterValue"),
        ("icmp", nil, nil, "InvalidParameterValue"), ("icmp", -1, 3, "InvalidParameterValue"),
        ("icmp", 256, 0, "InvalidParameterValue"), ("all", 0, 0, "InvalidParameterValue"),
    ] as [(String, Int?, Int?, String)])
    func portValidation(proto: String, from: Int?, to: Int?, code: String) {
        expectCode(code) { _ = try PolicyState.normalizePorts(protocol: proto, fromPort: from, toPort: to) }
    }

    @Test func portlessProtocolsIgnorePorts() throws {
        let (all, from, to) = try PolicyState.normalizePorts(protocol: "-1", fromPort: 0, toPort: 0)
        #expect(all == .all && from == nil && to == nil)
        let (esp, _, espTo) = try PolicyState.normalizePorts(protocol: "50", fromPort: 1, toPort: 2)
        #expect(esp == .number(50) && espTo == nil)
        let (icmpv6, type, code) = try PolicyState.normalizePorts(protocol: "icmpv6", fromPort: nil, toPort: nil)
        #expect(icmpv6 == .icmpv6 && type == -1 && code == -1)
    }

    @Test func ruleQuotaCountsEachFamilyAndReferencesInBoth() throws {
        var state = PolicyState(quotas: { var q = Quotas(); q.rulesPerSecurityGroup = 3; return q }(), ids: .sequential())
        try write(&state) { state throws(PolicyError) in state.ensureScope(scope) }
        let group = try write(&state) { state throws(PolicyError) in
            try state.createSecurityGroup(scope: scope, groupName: "app", description: "d", vpcId: nil, tags: [])
        }
        func add(_ permission: IpPermission) throws(PolicyError) {
            _ = try write(&state) { state throws(PolicyError) in
                try state.authorize(scope: scope, groupId: group.groupId, groupName: nil, direction: .ingress,
                                    permissions: [permission], ruleTags: [])
            }
        }
        try add(IpPermission(ipProtocol: "tcp", fromPort: 1, toPort: 1, ipRanges: [.init(cidrIp: "10.0.0.0/8"), .init(cidrIp: "10.1.0.0/16")]))
        // Three IPv6 rules fit beside two IPv4 ones: families are counted apart.
        try add(IpPermission(ipProtocol: "tcp", fromPort: 1, toPort: 1, ipv6Ranges: [
            .init(cidrIpv6: "2001:db8::/32"), .init(cidrIpv6: "2001:db9::/32")]))
        // A reference counts in both families: IPv4 3, IPv6 3.
        try add(IpPermission(ipProtocol: "tcp", fromPort: 2, toPort: 2, userIdGroupPairs: [.init(groupId: group.groupId)]))
        expectCode("RulesPerSecurityGroupLimitExceeded") {
            try add(IpPermission(ipProtocol: "tcp", fromPort: 3, toPort: 3, ipv6Ranges: [.init(cidrIpv6: "2001:dba::/32")]))
        }
        // Egress is a separate budget (1 IPv4 default rule so far).
        _ = try write(&state) { state throws(PolicyError) in
            try state.authorize(scope: scope, groupId: group.groupId, groupName: nil, direction: .egress,
                                permissions: [IpPermission(ipProtocol: "tcp", fromPort: 3, toPort: 3, ipRanges: [.init(cidrIp: "10.0.0.0/8")])],
                                ruleTags: [])
        }
    }

    @Test func revokeInNonDefaultVpcIsAllOrNothing() throws {
        var state = try freshState()
        let vpc = try write(&state) { state throws(PolicyError) in
            try state.createVpc(scope: scope, cidrBlock: "10.0.0.0/16", instanceTenancy: nil, tags: [])
        }
        let group = try write(&state) { state throws(PolicyError) in
            try state.createSecurityGroup(scope: scope, groupName: "app", description: "d", vpcId: vpc.vpcId, tags: [])
        }
        let ssh = IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: [.init(cidrIp: "10.0.0.0/8")])
        _ = try write(&state) { state throws(PolicyError) in
            try state.authorize(scope: scope, groupId: group.groupId, groupName: nil, direction: .ingress, permissions: [ssh], ruleTags: [])
        }
        let wider = IpPermission(ipProtocol: "tcp", fromPort: 0, toPort: 65535, ipRanges: [.init(cidrIp: "10.0.0.0/8")])
        expectCode("InvalidPermission.NotFound") {
            _ = try write(&state) { state throws(PolicyError) in
                try state.revoke(scope: scope, groupId: group.groupId, groupName: nil, direction: .ingress, permissions: [ssh, wider])
            }
        }
        #expect(state.rules(of: group.groupId, direction: .ingress).count == 1)
        let result = try write(&state) { state throws(PolicyError) in
            try state.revoke(scope: scope, groupId: group.groupId, groupName: nil, direction: .ingress, permissions: [ssh])
        }
        #expect(result.revoked.count == 1 && result.unknown.isEmpty)
        #expect(state.rules(of: group.groupId, direction: .ingress).isEmpty)
    }

    @Test func revokeInDefaultVpcReportsMisses() throws {
        var state = try freshState()
        let group = try write(&state) { state throws(PolicyError) in
            try state.createSecurityGroup(scope: scope, groupName: "app", description: "d", vpcId: nil, tags: [])
        }
        let miss = IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: [.init(cidrIp: "10.0.0.0/8")])
        let result = try write(&state) { state throws(PolicyError) in
            try state.revoke(scope: scope, groupId: group.groupId, groupName: nil, direction: .ingress, permissions: [miss])
        }
        #expect(result.revoked.isEmpty)
        #expect(result.unknown.count == 1)
    }

    @Test func deletingAGroupRespectsDependencies() throws {
        var state = try freshState()
        let vpcId = try #require(state.defaultVpcId(in: scope))
        let defaultGroup = try #require(state.groupId(named: "default", inVpc: vpcId))
        expectCode("CannotDelete") {
            _ = try write(&state) { state throws(PolicyError) in try state.deleteSecurityGroup(scope: scope, groupId: defaultGroup, groupName: nil) }
        }
        let db = try write(&state) { state throws(PolicyError) in
            try state.createSecurityGroup(scope: scope, groupName: "db", description: "d", vpcId: nil, tags: [])
        }
        let web = try write(&state) { state throws(PolicyError) in
            try state.createSecurityGroup(scope: scope, groupName: "web", description: "d", vpcId: nil, tags: [])
        }
        _ = try write(&state) { state throws(PolicyError) in
            try state.authorize(scope: scope, groupId: db.groupId, groupName: nil, direction: .ingress,
                                permissions: [IpPermission(ipProtocol: "tcp", fromPort: 3306, toPort: 3306, userIdGroupPairs: [.init(groupId: web.groupId)])],
                                ruleTags: [])
        }
        expectCode("DependencyViolation") {
            _ = try write(&state) { state throws(PolicyError) in try state.deleteSecurityGroup(scope: scope, groupId: web.groupId, groupName: nil) }
        }
        #expect(state.dependents(of: web.groupId).rules.count == 1)
        // A self-reference does not block deletion.
        _ = try write(&state) { state throws(PolicyError) in
            try state.authorize(scope: scope, groupId: db.groupId, groupName: nil, direction: .ingress,
                                permissions: [IpPermission(ipProtocol: "-1", userIdGroupPairs: [.init(groupId: db.groupId)])], ruleTags: [])
        }
        try write(&state) { state throws(PolicyError) in _ = try state.deleteSecurityGroup(scope: scope, groupId: nil, groupName: "db") }
        #expect(state.securityGroups[db.groupId] == nil)
        #expect(state.ruleIdsReferencing(group: web.groupId).isEmpty)
        try write(&state) { state throws(PolicyError) in _ = try state.deleteSecurityGroup(scope: scope, groupId: web.groupId, groupName: nil) }
    }

    @Test func interfacesGetAddressesAndRespectGroupLimits() throws {
        var state = try freshState()
        let vpcId = try #require(state.defaultVpcId(in: scope))
        let subnet = try #require(state.subnetIds(inVpc: vpcId).compactMap { state.subnets[$0] }.min { $0.subnetId < $1.subnetId })
        let eni = try write(&state) { state throws(PolicyError) in
            try state.createNetworkInterface(
                scope: scope, subnetId: subnet.subnetId, groupIds: [], description: nil,
                addresses: AddressRequest(secondaryPrivateIpAddressCount: 2), connectionTracking: nil,
                interfaceType: nil, clientToken: nil, tags: [])
        }
        #expect(eni.privateIpAddresses.count == 3)
        #expect(eni.privateIpAddresses.first?.address.value == subnet.cidrBlock.network.value + 4)
        #expect(eni.groupIds == [state.groupId(named: "default", inVpc: vpcId)])
        let taken = eni.privateIpAddresses[0].address.description
        expectCode("InvalidIPAddress.InUse") {
            _ = try write(&state) { state throws(PolicyError) in
                try state.createNetworkInterface(
                    scope: scope, subnetId: subnet.subnetId, groupIds: [], description: nil,
                    addresses: AddressRequest(primaryPrivateIpAddress: taken), connectionTracking: nil,
                    interfaceType: nil, clientToken: nil, tags: [])
            }
        }
        var groups: [String] = []
        for index in 0..<6 {
            groups.append(try write(&state) { state throws(PolicyError) in
                try state.createSecurityGroup(scope: scope, groupName: "g\(index)", description: "d", vpcId: nil, tags: [])
            }.groupId)
        }
        expectCode("SecurityGroupsPerInterfaceLimitExceeded") {
            try write(&state) { state throws(PolicyError) in
                try state.modifyNetworkInterface(scope: scope, networkInterfaceId: eni.networkInterfaceId, groupIds: groups,
                                                 description: nil, sourceDestCheck: nil, connectionTracking: nil)
            }
        }
        expectCode("InvalidParameterValue") {
            try write(&state) { state throws(PolicyError) in
                try state.modifyNetworkInterface(scope: scope, networkInterfaceId: eni.networkInterfaceId, groupIds: nil,
                                                 description: nil, sourceDestCheck: nil,
                                                 connectionTracking: .init(tcpEstablishedTimeout: 59))
            }
        }
        expectCode("DependencyViolation") {
            try write(&state) { state throws(PolicyError) in try state.deleteSubnet(subnet.subnetId, scope: scope) }
        }
    }

    @Test func rollbackRestoresEveryIndex() throws {
        var state = try freshState()
        let groupCount = state.groupIds(in: scope).count
        let before = state.snapshot(of: scope)
        state.beginWrite(at: Timestamp(millisecondsSince1970: 1))
        let group = try state.createSecurityGroup(scope: scope, groupName: "tmp", description: "d", vpcId: nil, tags: [])
        _ = try state.authorize(scope: scope, groupId: group.groupId, groupName: nil, direction: .ingress,
                                permissions: [IpPermission(ipProtocol: "tcp", fromPort: 1, toPort: 2, userIdGroupPairs: [.init(groupId: group.groupId)])],
                                ruleTags: [])
        #expect(!state.pendingChanges.isEmpty)
        state.rollbackWrite()
        #expect(state.groupIds(in: scope).count == groupCount)
        #expect(state.groupId(named: "tmp", inVpc: group.vpcId) == nil)
        #expect(state.ruleIdsReferencing(group: group.groupId).isEmpty)
        #expect(state.snapshot(of: scope) == before)
    }

    /// Deleting a group removes its rules from every index that finds rules: by peer, by reference, by identity,
    /// by group; the same permission can then be added again, and the referenced group deleted.
    @Test func deletingAGroupForgetsItsRulesInEveryIndex() throws {
        var state = try freshState()
        func group(_ name: String) throws -> SecurityGroup {
            try write(&state) { state throws(PolicyError) in
                try state.createSecurityGroup(scope: scope, groupName: name, description: "d", vpcId: nil, tags: [])
            }
        }
        func authorize(_ groupId: String, _ permissions: [IpPermission]) throws {
            _ = try write(&state) { state throws(PolicyError) in
                try state.authorize(scope: scope, groupId: groupId, groupName: nil, direction: .ingress,
                                    permissions: permissions, ruleTags: [])
            }
        }
        func ids(_ name: String, _ value: String) throws -> [String] {
            try state.describeSecurityGroups(scope: scope, ids: [], names: [], filters: [.init(name: name, values: [value])])
                .map(\.groupId)
        }
        let web = try group("web")
        let db = try group("db")
        let ssh = IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: (0..<12).map { .init(cidrIp: "10.\($0).0.0/16") })
        let fromDb = IpPermission(ipProtocol: "tcp", fromPort: 80, toPort: 80, userIdGroupPairs: [.init(groupId: db.groupId)])
        try authorize(web.groupId, [ssh, fromDb])
        try authorize(db.groupId, [IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: [.init(cidrIp: "10.3.0.0/16")])])
        #expect(try ids("ip-permission.cidr", "10.3.0.0/16") == [web.groupId, db.groupId].sorted())
        _ = try write(&state) { state throws(PolicyError) in try state.deleteSecurityGroup(scope: scope, groupId: web.groupId, groupName: nil) }
        #expect(try ids("ip-permission.cidr", "10.3.0.0/16") == [db.groupId])
        #expect(try ids("ip-permission.cidr", "10.4.0.0/16").isEmpty)
        #expect(try ids("ip-permission.group-id", db.groupId).isEmpty)
        #expect(state.ruleIdsReferencing(group: db.groupId).isEmpty)
        #expect(state.rules(of: web.groupId).isEmpty)
        #expect(state.rules(of: db.groupId).count == 2)  // its own rule and its default egress
        let again = try group("web")
        try authorize(again.groupId, [ssh, fromDb])
        #expect(state.rules(of: again.groupId, direction: .ingress).count == 13)
        _ = try write(&state) { state throws(PolicyError) in try state.deleteSecurityGroup(scope: scope, groupId: again.groupId, groupName: nil) }
        _ = try write(&state) { state throws(PolicyError) in try state.deleteSecurityGroup(scope: scope, groupId: db.groupId, groupName: nil) }
        #expect(state.securityGroupRules.values.allSatisfy { $0.groupId != db.groupId && $0.groupId != web.groupId })
    }

    /// A group's rules go in one step per group index when it is deleted; a write that deletes the group and then
    /// fails puts every rule back where it was: in order, found by identity (a duplicate is refused), by peer and
    /// by reference.
    @Test func groupDeletionUndoneRestoresItsRules() throws {
        var state = try freshState()
        let (web, db) = try write(&state) { state throws(PolicyError) in
            (try state.createSecurityGroup(scope: scope, groupName: "web", description: "d", vpcId: nil, tags: []),
             try state.createSecurityGroup(scope: scope, groupName: "db", description: "d", vpcId: nil, tags: []))
        }
        let cidrs = IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: (0..<8).map { .init(cidrIp: "10.\($0).0.0/16") })
        let fromDb = IpPermission(ipProtocol: "tcp", fromPort: 80, toPort: 80, userIdGroupPairs: [.init(groupId: db.groupId)])
        _ = try write(&state) { state throws(PolicyError) in
            try state.authorize(scope: scope, groupId: web.groupId, groupName: nil, direction: .ingress,
                                permissions: [cidrs, fromDb], ruleTags: [])
        }
        let rules = state.rules(of: web.groupId)
        #expect(rules.count == 10)  // and the default egress
        state.beginWrite(at: Timestamp(millisecondsSince1970: 0))
        _ = try state.deleteSecurityGroup(scope: scope, groupId: web.groupId, groupName: nil)
        #expect(state.rules(of: web.groupId).isEmpty && state.ruleIdsReferencing(group: db.groupId).isEmpty)
        state.rollbackWrite()
        #expect(state.rules(of: web.groupId) == rules)
        #expect(rules.allSatisfy { state.securityGroupRules[$0.ruleId] == $0 })
        #expect(state.ruleIdsReferencing(group: db.groupId).count == 1)
        #expect(try state.describeSecurityGroups(scope: scope, ids: [], names: [], filters: [.init(name: "ip-permission.cidr", values: ["10.7.0.0/16"])])
            .map(\.groupId) == [web.groupId])
        expectCode("InvalidPermission.Duplicate") {
            _ = try write(&state) { state throws(PolicyError) in
                try state.authorize(scope: scope, groupId: web.groupId, groupName: nil, direction: .ingress,
                                    permissions: [fromDb], ruleTags: [])
            }
        }
    }

    @Test func describeFiltersMatchAnyRuleOfTheGroup() throws {
        var state = try freshState()
        let group = try write(&state) { state throws(PolicyError) in
            try state.createSecurityGroup(scope: scope, groupName: "web", description: "web tier", vpcId: nil,
                                          tags: [Tag(key: "Tier", value: "web")])
        }
        _ = try write(&state) { state throws(PolicyError) in
            try state.authorize(scope: scope, groupId: group.groupId, groupName: nil, direction: .ingress,
                                permissions: [IpPermission(ipProtocol: "tcp", fromPort: 443, toPort: 443, ipRanges: [.init(cidrIp: "0.0.0.0/0")]),
                                              IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: [.init(cidrIp: "10.0.0.0/8")])],
                                ruleTags: [])
        }
        func ids(_ filters: [DescribeFilter]) throws -> [String] {
            try state.describeSecurityGroups(scope: scope, ids: [], names: [], filters: filters).map(\.groupId)
        }
        #expect(try ids([.init(name: "ip-permission.from-port", values: ["22"]), .init(name: "ip-permission.cidr", values: ["0.0.0.0/0"])]) == [group.groupId])
        #expect(try ids([.init(name: "tag:Tier", values: ["w*"])]) == [group.groupId])
        #expect(try ids([.init(name: "egress.ip-permission.protocol", values: ["-1"]), .init(name: "group-name", values: ["web"])]) == [group.groupId])
        #expect(try ids([.init(name: "ip-permission.to-port", values: ["80"])]).isEmpty)
        expectCode("InvalidParameterValue") { _ = try state.describeSecurityGroups(scope: scope, ids: [], names: [], filters: [.init(name: "ip-permission.colour", values: ["x"])]) }
    }

    /// Paging in the core (`after`, `limit`) gives the same groups, in the same order, as slicing everything.
    @Test func describePagesAreSlicesOfTheWholeSortedList() throws {
        var state = try freshState()
        var random = SplitMix64(seed: 7)
        for index in 0..<40 {
            _ = try write(&state) { state throws(PolicyError) in
                try state.createSecurityGroup(scope: scope, groupName: "g\(index)", description: "d", vpcId: nil,
                                              tags: [Tag(key: "Team", value: "t\(random.next() % 3)")])
            }
        }
        // One deleted group: the sorted index must forget it.
        let doomed = try state.describeSecurityGroups(scope: scope, ids: [], names: [], filters: [])[7].groupId
        _ = try write(&state) { state throws(PolicyError) in try state.deleteSecurityGroup(scope: scope, groupId: doomed, groupName: nil) }
        for filters in [[], [DescribeFilter(name: "tag:Team", values: ["t1"])], [DescribeFilter(name: "group-name", values: ["g1*"])]] {
            let all = try state.describeSecurityGroups(scope: scope, ids: [], names: [], filters: filters).map(\.groupId)
            #expect(all == all.sorted() && !all.contains(doomed) && !all.isEmpty)
            for size in [1, 5, 13] {
                var paged: [String] = []
                var after: String?
                while true {
                    let page = try state.describeSecurityGroups(
                        scope: scope, ids: [], names: [], filters: filters, after: after, limit: size).map(\.groupId)
                    paged += page
                    guard page.count == size, let last = page.last else { break }
                    after = last
                }
                #expect(paged == all, "filters \(filters), page size \(size)")
            }
        }
    }

    /// Subnets stored before ModifySubnetAttribute's DNS options existed still load, with EC2's defaults.
    @Test func subnetsStoredWithoutDnsOptionsDecode() throws {
        var subnet = Subnet(
            subnetId: "subnet-0123456789abcdef0", scope: scope, vpcId: "vpc-0123456789abcdef0",
            cidrBlock: try #require(IPv4CIDR("10.0.1.0/24")), availabilityZone: "us-east-1a",
            availabilityZoneId: "use1-az1", defaultForAz: false, mapPublicIpOnLaunch: true)
        subnet.enableDns64 = true
        subnet.privateDnsHostnameTypeOnLaunch = "resource-name"
        let encoded = try JSONEncoder().encode(subnet)
        #expect(try JSONDecoder().decode(Subnet.self, from: encoded) == subnet)
        var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        for key in ["enableDns64", "privateDnsHostnameTypeOnLaunch", "enableResourceNameDnsARecordOnLaunch",
                    "enableResourceNameDnsAAAARecordOnLaunch"] {
            #expect(object.removeValue(forKey: key) != nil, "\(key) is not stored")
        }
        let old = try JSONDecoder().decode(Subnet.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.enableDns64 == false && old.privateDnsHostnameTypeOnLaunch == "ip-name")
        #expect(!old.enableResourceNameDnsARecordOnLaunch && !old.enableResourceNameDnsAAAARecordOnLaunch)
        #expect(old.mapPublicIpOnLaunch && old.subnetId == subnet.subnetId)
    }
}
