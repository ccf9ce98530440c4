import PalisadeCore

/// Hand-built snapshots for the renderer's tests.
enum Fixtures {
    static let scope = Scope(accountId: "123456789012", region: "us-east-1")

    static func group(_ id: String) -> SecurityGroup {
        SecurityGroup(groupId: id, scope: scope, vpcId: "vpc-main", groupName: id, description: id)
    }

    static func rule(
        _ id: String, _ group: String, egress: Bool = false, _ ipProtocol: IPProtocol, _ from: Int? = nil,
        _ to: Int? = nil, peer: RulePeer
    ) -> SecurityGroupRule {
        SecurityGroupRule(
            ruleId: id, groupId: group, scope: scope, isEgress: egress, ipProtocol: ipProtocol, fromPort: from,
            toPort: to, peer: peer)
    }

    static func eni(
        _ id: String, groups: [String], v4: [String], v6: [String] = [],
        tracking: ConnectionTrackingConfiguration? = nil
    ) -> NetworkInterface {
        NetworkInterface(
            networkInterfaceId: id, scope: scope, subnetId: "subnet-main", vpcId: "vpc-main",
            availabilityZone: "us-east-1a", groupIds: groups,
            privateIpAddresses: v4.enumerated().map {
                .init(address: IPv4Address($0.element)!, primary: $0.offset == 0)
            },
            ipv6Addresses: v6.map { IPv6Address($0)! }, macAddress: "02:00:00:00:00:01", connectionTracking: tracking)
    }

    static func cidr4(_ text: String) -> RulePeer { .cidrIpv4(IPv4CIDR(text)!) }
    static func cidr6(_ text: String) -> RulePeer { .cidrIpv6(IPv6CIDR(text)!) }
    static func sg(_ id: String) -> RulePeer { .securityGroup(.init(groupId: id, userId: scope.accountId)) }

    static func snapshot(
        revision: Int64 = 1, groups: [String], rules: [SecurityGroupRule], interfaces: [NetworkInterface],
        prefixLists: [ManagedPrefixList] = []
    ) -> PolicySnapshot {
        PolicySnapshot(
            revision: revision, scope: scope, securityGroups: groups.map(group), securityGroupRules: rules,
            networkInterfaces: interfaces, prefixLists: prefixLists)
    }

    /// `examples/seed-terraform/three_tier.tf`, with `corporate_cidr_blocks` = 203.0.113.0/24 and
    /// 198.51.100.0/24; the database group has no egress (the Terraform resource declares none).
    static let threeTier = snapshot(
        groups: ["sg-alb", "sg-web", "sg-database", "sg-bastion"],
        rules: [
            rule("sgr-alb-https", "sg-alb", .tcp, 443, 443, peer: cidr4("0.0.0.0/0")),
            rule("sgr-alb-http", "sg-alb", .tcp, 80, 80, peer: cidr4("0.0.0.0/0")),
            rule("sgr-alb-to-web", "sg-alb", egress: true, .tcp, 8080, 8080, peer: sg("sg-web")),
            rule("sgr-web-from-alb", "sg-web", .tcp, 8080, 8080, peer: sg("sg-alb")),
            rule("sgr-web-ssh", "sg-web", .tcp, 22, 22, peer: sg("sg-bastion")),
            rule("sgr-web-to-db", "sg-web", egress: true, .tcp, 3306, 3306, peer: sg("sg-database")),
            rule("sgr-web-https-out", "sg-web", egress: true, .tcp, 443, 443, peer: cidr4("0.0.0.0/0")),
            rule("sgr-db-from-web", "sg-database", .tcp, 3306, 3306, peer: sg("sg-web")),
            rule("sgr-db-from-bastion", "sg-database", .tcp, 3306, 3306, peer: sg("sg-bastion")),
            rule("sgr-bastion-ssh-1", "sg-bastion", .tcp, 22, 22, peer: cidr4("203.0.113.0/24")),
            rule("sgr-bastion-ssh-2", "sg-bastion", .tcp, 22, 22, peer: cidr4("198.51.100.0/24")),
            rule("sgr-bastion-all-out", "sg-bastion", egress: true, .all, peer: cidr4("0.0.0.0/0")),
        ],
        interfaces: [
            eni("eni-alb", groups: ["sg-alb"], v4: ["10.0.1.10"]),
            eni("eni-web", groups: ["sg-web"], v4: ["10.0.2.10"]),
            eni("eni-database", groups: ["sg-database"], v4: ["10.0.3.10"]),
            eni("eni-bastion", groups: ["sg-bastion"], v4: ["10.0.0.10"]),
        ])

    /// The example of AWS's "Connection tracking" page, plus a client whose egress HTTPS is untracked, and
    /// custom ConnectionTrackingSpecification timeouts.
    static let untracked = snapshot(
        groups: ["sg-server", "sg-client"],
        rules: [
            rule("sgr-server-ssh", "sg-server", .tcp, 22, 22, peer: cidr4("203.0.113.1/32")),
            rule("sgr-server-http4", "sg-server", .tcp, 80, 80, peer: cidr4("0.0.0.0/0")),
            rule("sgr-server-http6", "sg-server", .tcp, 80, 80, peer: cidr6("::/0")),
            rule("sgr-server-dns", "sg-server", .udp, 53, 53, peer: cidr4("0.0.0.0/0")),
            rule("sgr-server-icmp", "sg-server", .icmp, -1, -1, peer: cidr4("0.0.0.0/0")),
            rule("sgr-server-out4", "sg-server", egress: true, .all, peer: cidr4("0.0.0.0/0")),
            rule("sgr-server-out6", "sg-server", egress: true, .all, peer: cidr6("::/0")),
            rule("sgr-client-in", "sg-client", .all, peer: cidr4("0.0.0.0/0")),
            rule("sgr-client-https", "sg-client", egress: true, .tcp, 443, 443, peer: cidr4("0.0.0.0/0")),
            rule("sgr-client-ntp", "sg-client", egress: true, .udp, 123, 123, peer: cidr4("0.0.0.0/0")),
            rule("sgr-client-ssh", "sg-client", egress: true, .tcp, 22, 22, peer: cidr4("10.0.0.0/8")),
        ],
        interfaces: [
            eni(
                "eni-server", groups: ["sg-server"], v4: ["10.0.4.10"], v6: ["2001:db8:4::10"],
                tracking: ConnectionTrackingConfiguration(
                    tcpEstablishedTimeout: 3600, udpStreamTimeout: 120, udpTimeout: 45)),
            eni("eni-client", groups: ["sg-client"], v4: ["10.0.4.20"]),
        ])

    /// Dual-stack interfaces, IPv6 peers, a self-referencing group with IPv6 members.
    static let ipv6 = snapshot(
        groups: ["sg-app"],
        rules: [
            rule("sgr-app-https6", "sg-app", .tcp, 443, 443, peer: cidr6("::/0")),
            rule("sgr-app-admin-1", "sg-app", .tcp, 8443, 8443, peer: cidr6("2001:db8:100::/48")),
            rule("sgr-app-admin-2", "sg-app", .tcp, 8443, 8443, peer: cidr6("2001:db8:100:1::/64")),
            rule("sgr-app-admin-3", "sg-app", .tcp, 8443, 8443, peer: cidr6("2001:db8:200::/48")),
            rule("sgr-app-self", "sg-app", .tcp, 5432, 5432, peer: sg("sg-app")),
            rule("sgr-app-self-udp", "sg-app", .udp, 7000, 7100, peer: sg("sg-app")),
            rule("sgr-app-out6", "sg-app", egress: true, .all, peer: cidr6("::/0")),
            rule("sgr-app-out4", "sg-app", egress: true, .tcp, 0, 65535, peer: cidr4("0.0.0.0/0")),
        ],
        interfaces: [
            eni("eni-app1", groups: ["sg-app"], v4: ["10.0.5.10"], v6: ["2001:db8:5::10", "2001:db8:5::11"]),
            eni("eni-app2", groups: ["sg-app"], v4: ["10.0.5.20"], v6: ["2001:db8:5::20"]),
        ])

    /// ICMP and ICMPv6 types and codes, protocol -1, and protocols without ports.
    static let icmp = snapshot(
        groups: ["sg-icmp", "sg-ops"],
        rules: [
            rule("sgr-echo", "sg-icmp", .icmp, 8, -1, peer: cidr4("0.0.0.0/0")),
            rule("sgr-frag", "sg-icmp", .icmp, 3, 4, peer: cidr4("10.0.0.0/8")),
            rule("sgr-icmp-ops", "sg-icmp", .icmp, -1, -1, peer: sg("sg-ops")),
            rule("sgr-echo6", "sg-icmp", .icmpv6, 128, 0, peer: cidr6("::/0")),
            rule("sgr-icmp6-all", "sg-icmp", .icmpv6, -1, -1, peer: cidr6("2001:db8::/32")),
            rule("sgr-esp", "sg-icmp", .number(50), peer: cidr4("192.0.2.0/24")),
            rule("sgr-gre", "sg-icmp", .number(47), peer: sg("sg-ops")),
            rule("sgr-all-host", "sg-icmp", .all, peer: cidr4("198.51.100.7/32")),
            rule("sgr-out-lan", "sg-icmp", egress: true, .all, peer: cidr4("10.0.0.0/8")),
            rule("sgr-out-echo", "sg-icmp", egress: true, .icmp, 8, 0, peer: cidr4("0.0.0.0/0")),
            rule("sgr-out-ops", "sg-icmp", egress: true, .icmpv6, 129, -1, peer: sg("sg-ops")),
        ],
        interfaces: [
            eni("eni-icmp", groups: ["sg-icmp"], v4: ["10.0.6.10"], v6: ["2001:db8:6::10"]),
            eni("eni-ops", groups: ["sg-ops"], v4: ["10.0.6.20", "10.0.6.21"], v6: ["2001:db8:6::20"]),
        ])

    /// Customer-managed prefix lists of both families, nested entries, and a reference to a missing list.
    static let prefixLists = snapshot(
        groups: ["sg-vpn"],
        rules: [
            rule("sgr-ssh-corp", "sg-vpn", .tcp, 22, 22, peer: .prefixList("pl-0corp")),
            rule("sgr-ssh-corp6", "sg-vpn", .tcp, 22, 22, peer: .prefixList("pl-0corp6")),
            rule("sgr-https-corp", "sg-vpn", .tcp, 443, 443, peer: .prefixList("pl-0corp")),
            rule("sgr-vpn-missing", "sg-vpn", .udp, 1194, 1194, peer: .prefixList("pl-0missing")),
            rule("sgr-out-corp", "sg-vpn", egress: true, .tcp, 443, 443, peer: .prefixList("pl-0corp")),
        ],
        interfaces: [eni("eni-vpn", groups: ["sg-vpn"], v4: ["10.0.7.10"], v6: ["2001:db8:7::10"])],
        prefixLists: [
            ManagedPrefixList(
                prefixListId: "pl-0corp", scope: scope, prefixListName: "corp", addressFamily: .ipv4, maxEntries: 10,
                entries: [
                    .init(cidr: "203.0.113.0/24"), .init(cidr: "198.51.100.0/24"), .init(cidr: "203.0.113.128/25"),
                ],
                ownerId: scope.accountId),
            ManagedPrefixList(
                prefixListId: "pl-0corp6", scope: scope, prefixListName: "corp6", addressFamily: .ipv6, maxEntries: 10,
                entries: [.init(cidr: "2001:db8:100::/48")], ownerId: scope.accountId),
        ])
}
