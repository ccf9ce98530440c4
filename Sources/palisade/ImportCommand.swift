import ArgumentParser
import Foundation
import PalisadeAnalysis
import PalisadeAuth
import PalisadeCore
import PalisadeTerraform

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
        let environment = ProcessInfo.processInfo.environment
        let client = QueryClient(
            endpoint: endpoint,
            signer: SigV4Signer(
                accessKeyId: environment["AWS_ACCESS_KEY_ID"] ?? "AKIAIOSFODNN7EXAMPLE",
                secretAccessKey: environment["AWS_SECRET_ACCESS_KEY"] ?? "palisade-import-dummy-secret",
                sessionToken: environment["AWS_SESSION_TOKEN"], region: region, service: "ec2"))
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

/// A minimal EC2 Query API client: form-encoded POSTs, SigV4-signed, XML replies.
struct QueryClient {
    var endpoint: String
    var signer: SigV4Signer

    func call(_ action: String, _ parameters: [String: String]) async throws(ImportCommand.RequestFailure) -> String {
        var all = parameters
        all["Action"] = action
        all["Version"] = "2016-11-15"
        let body = all.keys.sorted().map { "\(QueryClient.encode($0))=\(QueryClient.encode(all[$0]!))" }.joined(separator: "&")
        let base = endpoint.hasSuffix("/") ? endpoint : endpoint + "/"
        guard let url = URL(string: base), let host = url.host else {
            throw ImportCommand.RequestFailure(description: "bad endpoint URL '\(endpoint)'")
        }
        let hostHeader = url.port.map { "\(host):\($0)" } ?? host
        let unsigned = SigV4Request(
            method: "POST", target: "/",
            headers: [("Host", hostHeader), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(body.utf8))
        let now = Timestamp(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000))
        let signed = signer.sign(unsigned, at: now)
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        for (name, value) in signed.headers where name.lowercased() != "host" { request.setValue(value, forHTTPHeaderField: name) }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw ImportCommand.RequestFailure(description: "\(action): cannot reach \(endpoint): \(error.localizedDescription)")
        }
        let text = String(decoding: data, as: UTF8.self)
        if let http = response as? HTTPURLResponse, http.statusCode != 200 {
            let code = QueryClient.element("Code", in: text) ?? "HTTP \(http.statusCode)"
            let message = QueryClient.element("Message", in: text) ?? text
            throw ImportCommand.RequestFailure(description: "\(action) failed: \(code): \(message)")
        }
        return text
    }

    /// The text of the first `<name>` element of an XML reply.
    static func element(_ name: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(name)>"), let end = xml.range(of: "</\(name)>", range: start.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[start.upperBound..<end.lowerBound])
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
