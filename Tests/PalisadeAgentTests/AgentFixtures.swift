import PalisadeCore

/// Small policies for the agent's tests: `server` admits tcp 8080 from the `client` group.
enum AgentFixtures {
    static let scope = Scope(accountId: "123456789012", region: "us-east-1")

    static func eni(_ id: String, groups: [String], v4: String) -> NetworkInterface {
        NetworkInterface(
            networkInterfaceId: id, scope: scope, subnetId: "subnet-main", vpcId: "vpc-main",
            availabilityZone: "us-east-1a", groupIds: groups,
            privateIpAddresses: [.init(address: IPv4Address(v4)!, primary: true)], macAddress: "02:00:00:00:00:01")
    }

    static let rule = SecurityGroupRule(
        ruleId: "sgr-8080", groupId: "sg-server", scope: scope, isEgress: false, ipProtocol: .tcp, fromPort: 8080,
        toPort: 8080, peer: .securityGroup(.init(groupId: "sg-client", userId: scope.accountId)))

    static func snapshot(revision: Int64, clients: [String] = ["10.99.0.2"], rules: [SecurityGroupRule] = [rule])
        -> PolicySnapshot
    {
        PolicySnapshot(
            revision: revision, scope: scope,
            securityGroups: ["sg-server", "sg-client"].map {
                SecurityGroup(groupId: $0, scope: scope, vpcId: "vpc-main", groupName: $0, description: $0)
            },
            securityGroupRules: rules,
            networkInterfaces: [eni("eni-server", groups: ["sg-server"], v4: "10.99.0.1")]
                + clients.enumerated().map { eni("eni-client\($0.offset)", groups: ["sg-client"], v4: $0.element) })
    }
}
