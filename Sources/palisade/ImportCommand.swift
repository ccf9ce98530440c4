import ArgumentParser
import Foundation
import PalisadeAnalysis
import PalisadeCore
import PalisadeTerraform

/// `palisade import`: creates what Terraform, a plan or an AWS export describes on a running server, through the
/// EC2 Query API, in dependency order: VPCs, subnets, groups, then rules (after revoking the default egress rule
/// AWS gives a new group, as Terraform does), then interfaces.
///
/// ```
/// $ export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…
/// $ palisade import seed-terraform --var-file seed-terraform/example.tfvars --endpoint http://127.0.0.1:4566
/// created vpc-… (aws_vpc.main)
/// created sg-… (aws_security_group.web_alb_sg)
/// …
/// skipped aws_security_group.bastion_sg ingress: unknown value (var.admin_cidr)
/// imported 9 groups, 21 rules, 0 interfaces; 1 skipped
/// ```
/// Requests are signed with SigV4 using `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`),
/// or dummy keys when they are not set (for a server run with `--no-auth`). Rules whose values Terraform cannot know
/// (symbolic rules) are skipped with a message, and so are rules naming groups that are not defined.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Create the groups, rules and interfaces read from PATHs on a running server.")

    @OptionGroup var input: AnalysisPaths
    @Option(help: "The Palisade server (EC2 Query API).") var endpoint: String
    @Option(help: "Region to create in.") var region: String = ProcessInfo.processInfo.environment["AWS_REGION"] ?? "us-east-1"

    struct RequestFailure: Error, CustomStringConvertible {
        var description: String
    }

    func run() async throws {
        guard !input.paths.isEmpty else {
            printError("give at least one PATH")
            throw ExitCode(2)
        }
        let analysis = try input.read()
        let context = analysis.context
        let snapshot = context.snapshot
        let client = QueryClient(endpoint: endpoint, region: region)
        var ids: [String: String] = [:]
        var skipped = 0
        var counts = (groups: 0, rules: 0, interfaces: 0)
        do {
            for vpc in snapshot.vpcs {
                let reply = try await client.call("CreateVpc", ["CidrBlock": vpc.cidrBlock.description])
                guard let id = QueryClient.element("vpcId", in: reply) else { throw RequestFailure(description: "CreateVpc: no vpcId") }
                ids[vpc.vpcId] = id
                print("created \(id) (\(context.address(of: vpc.vpcId)))")
            }
            for subnet in snapshot.subnets {
                guard let vpc = ids[subnet.vpcId] else {
                    print("skipped \(context.address(of: subnet.subnetId)): its VPC is not in the configuration")
                    skipped += 1
                    continue
                }
                let reply = try await client.call("CreateSubnet", ["VpcId": vpc, "CidrBlock": subnet.cidrBlock.description])
                guard let id = QueryClient.element("subnetId", in: reply) else { throw RequestFailure(description: "CreateSubnet: no subnetId") }
                ids[subnet.subnetId] = id
                print("created \(id) (\(context.address(of: subnet.subnetId)))")
            }
            var created = Set<String>()
            for group in snapshot.securityGroups where !group.isDefault {
                var parameters = ["GroupName": group.groupName, "GroupDescription": group.description]
                if let vpc = ids[group.vpcId] { parameters["VpcId"] = vpc }
                for (index, tag) in group.tags.enumerated() {
                    parameters["TagSpecification.1.ResourceType"] = "security-group"
                    parameters["TagSpecification.1.Tag.\(index + 1).Key"] = tag.key
                    parameters["TagSpecification.1.Tag.\(index + 1).Value"] = tag.value
                }
                let reply = try await client.call("CreateSecurityGroup", parameters)
                guard let id = QueryClient.element("groupId", in: reply) else { throw RequestFailure(description: "CreateSecurityGroup: no groupId") }
                ids[group.groupId] = id
                created.insert(group.groupId)
                counts.groups += 1
                print("created \(id) (\(context.address(of: group.groupId)))")
                // Terraform removes the allow-all egress rule AWS adds, and keeps only the egress it declares.
                _ = try await client.call(
                    "RevokeSecurityGroupEgress",
                    ["GroupId": id, "IpPermissions.1.IpProtocol": "-1", "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0"])
            }
            for group in snapshot.securityGroups where group.isDefault {
                print("skipped \(context.address(of: group.groupId)): default groups belong to their VPC")
                skipped += 1
            }
            for rule in snapshot.securityGroupRules {
                let label = "\(context.address(of: rule.groupId)) \(rule.isEgress ? "egress" : "ingress") rule"
                guard let groupId = ids[rule.groupId], created.contains(rule.groupId) else {
                    print("skipped \(label): its group was not created")
                    skipped += 1
                    continue
                }
                var parameters = ["GroupId": groupId, "IpPermissions.1.IpProtocol": rule.ipProtocol.wireValue]
                if let from = rule.fromPort { parameters["IpPermissions.1.FromPort"] = String(from) }
                if let to = rule.toPort { parameters["IpPermissions.1.ToPort"] = String(to) }
                let description = rule.description.map { ["Description": $0] } ?? [:]
                switch rule.peer {
                case .cidrIpv4(let cidr):
                    parameters["IpPermissions.1.IpRanges.1.CidrIp"] = cidr.description
                    for (key, value) in description { parameters["IpPermissions.1.IpRanges.1.\(key)"] = value }
                case .cidrIpv6(let cidr):
                    parameters["IpPermissions.1.Ipv6Ranges.1.CidrIpv6"] = cidr.description
                    for (key, value) in description { parameters["IpPermissions.1.Ipv6Ranges.1.\(key)"] = value }
                case .prefixList(let id):
                    parameters["IpPermissions.1.PrefixListIds.1.PrefixListId"] = ids[id] ?? id
                    for (key, value) in description { parameters["IpPermissions.1.PrefixListIds.1.\(key)"] = value }
                case .securityGroup(let reference):
                    guard let peer = ids[reference.groupId] else {
                        print("skipped \(label): it names \(context.address(of: reference.groupId)), which is not defined")
                        skipped += 1
                        continue
                    }
                    parameters["IpPermissions.1.Groups.1.GroupId"] = peer
                    for (key, value) in description { parameters["IpPermissions.1.Groups.1.\(key)"] = value }
                }
                _ = try await client.call(
                    rule.isEgress ? "AuthorizeSecurityGroupEgress" : "AuthorizeSecurityGroupIngress", parameters)
                counts.rules += 1
            }
            for rule in context.translation?.symbolicRules ?? [] {
                print("skipped \(rule.address) \(rule.direction == .egress ? "egress" : "ingress") rule: unknown value: \(rule.reason)")
                skipped += 1
            }
            for interface in snapshot.networkInterfaces {
                let label = context.address(of: interface.networkInterfaceId)
                guard let subnet = ids[interface.subnetId] else {
                    print("skipped \(label): its subnet is not in the configuration")
                    skipped += 1
                    continue
                }
                var parameters = ["SubnetId": subnet]
                let groups = interface.groupIds.compactMap { ids[$0] }
                for (index, group) in groups.enumerated() { parameters["SecurityGroupId.\(index + 1)"] = group }
                let reply = try await client.call("CreateNetworkInterface", parameters)
                let id = QueryClient.element("networkInterfaceId", in: reply) ?? "?"
                counts.interfaces += 1
                print("created \(id) (\(label))")
            }
        } catch let error as RequestFailure {
            printError(error.description)
            throw ExitCode(1)
        }
        print("imported \(counts.groups) groups, \(counts.rules) rules, \(counts.interfaces) interfaces; \(skipped) skipped")
    }
}
