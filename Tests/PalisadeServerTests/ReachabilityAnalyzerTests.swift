import Foundation
import PalisadeCore
import PalisadeFlow
@testable import PalisadeServer
import PalisadeStore
import PalisadeWire
import Testing

/// The seed's three-tier stack built through EC2 requests, then asked about through the Reachability Analyzer
/// actions and the flow engine's JSON questions.
struct ReachabilityAnalyzerTests {
    struct Stack {
        var dispatcher: EC2Dispatcher
        var groups: [String: String] = [:]
        var interfaces: [String: String] = [:]
        var addresses: [String: String] = [:]
    }

    static func call(_ dispatcher: EC2Dispatcher, _ parameters: [String: String]) async throws -> String {
        let (status, body) = await DispatcherTests.call(dispatcher, parameters)
        guard status == 200 else { throw FlowReport.QueryError("\(parameters["Action"] ?? ""): \(status) \(body)") }
        return body
    }

    /// The text of `element` in `xml`, or an error naming it.
    static func value(_ element: String, in xml: String) throws -> String {
        guard let value = DispatcherTests.value(element, in: xml) else { throw FlowReport.QueryError("no <\(element)> in \(xml)") }
        return value
    }

    /// three_tier.tf: groups without AWS's default egress rule, the file's rules, one interface per group.
    static func stack() async throws -> Stack {
        var stack = Stack(dispatcher: try DispatcherTests.dispatcher())
        let d = stack.dispatcher
        let vpc = try Self.value("vpcId", in: try await call(d, ["Action": "CreateVpc", "CidrBlock": "10.0.0.0/16"]))
        let subnet = try Self.value(
            "subnetId", in: try await call(d, ["Action": "CreateSubnet", "VpcId": vpc, "CidrBlock": "10.0.1.0/24"]))
        for name in ["alb", "web", "database", "bastion"] {
            let id = try Self.value("groupId", in: try await call(d, [
                "Action": "CreateSecurityGroup", "GroupName": name, "GroupDescription": name, "VpcId": vpc,
            ]))
            stack.groups[name] = id
            _ = try await call(d, [
                "Action": "RevokeSecurityGroupEgress", "GroupId": id, "IpPermissions.1.IpProtocol": "-1",
                "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0",
            ])
        }
        func rule(_ direction: String, _ group: String, _ port: Int?, cidr: String? = nil, peer: String? = nil) async throws {
            var parameters = [
                "Action": "AuthorizeSecurityGroup\(direction)", "GroupId": stack.groups[group]!,
                "IpPermissions.1.IpProtocol": port == nil ? "-1" : "tcp",
            ]
            if let port {
                parameters["IpPermissions.1.FromPort"] = "\(port)"
                parameters["IpPermissions.1.ToPort"] = "\(port)"
            }
            if let cidr { parameters["IpPermissions.1.IpRanges.1.CidrIp"] = cidr }
            if let peer { parameters["IpPermissions.1.Groups.1.GroupId"] = stack.groups[peer]! }
            _ = try await call(d, parameters)
        }
        try await rule("Ingress", "alb", 443, cidr: "0.0.0.0/0")
        try await rule("Ingress", "alb", 80, cidr: "0.0.0.0/0")
        try await rule("Egress", "alb", 8080, peer: "web")
        try await rule("Ingress", "web", 8080, peer: "alb")
        try await rule("Ingress", "web", 22, peer: "bastion")
        try await rule("Egress", "web", 3306, peer: "database")
        try await rule("Egress", "web", 443, cidr: "0.0.0.0/0")
        try await rule("Ingress", "database", 3306, peer: "web")
        try await rule("Ingress", "database", 3306, peer: "bastion")
        try await rule("Ingress", "bastion", 22, cidr: "203.0.113.0/24")
        try await rule("Egress", "bastion", nil, cidr: "0.0.0.0/0")
        for name in ["alb", "web", "database", "bastion"] {
            let body = try await call(d, [
                "Action": "CreateNetworkInterface", "SubnetId": subnet, "SecurityGroupId.1": stack.groups[name]!,
            ])
            stack.interfaces[name] = try Self.value("networkInterfaceId", in: body)
            stack.addresses[name] = try Self.value("privateIpAddress", in: body)
        }
        return stack
    }

    func analyze(_ stack: Stack, from: String, to: String, port: Int) async throws -> (started: String, described: String) {
        let path = try await Self.call(stack.dispatcher, [
            "Action": "CreateNetworkInsightsPath", "Source": stack.interfaces[from]!, "Destination": stack.interfaces[to]!,
            "Protocol": "tcp", "DestinationPort": "\(port)", "ClientToken": "path-\(from)-\(to)-\(port)",
        ])
        let pathId = try Self.value("networkInsightsPathId", in: path)
        let started = try await Self.call(stack.dispatcher, [
            "Action": "StartNetworkInsightsAnalysis", "NetworkInsightsPathId": pathId, "ClientToken": "start-\(pathId)",
        ])
        let analysisId = try Self.value("networkInsightsAnalysisId", in: started)
        let described = try await Self.call(stack.dispatcher, [
            "Action": "DescribeNetworkInsightsAnalyses", "NetworkInsightsAnalysisId.1": analysisId,
        ])
        return (started, described)
    }

    @Test func albToDatabaseIsNotFoundWithSecurityGroupMismatch() async throws {
        let stack = try await Self.stack()
        let (started, described) = try await analyze(stack, from: "alb", to: "database", port: 3306)
        #expect(DispatcherTests.value("status", in: started) == "running")
        #expect(!started.contains("<networkPathFound>"))
        #expect(DispatcherTests.value("status", in: described) == "succeeded")
        #expect(DispatcherTests.value("networkPathFound", in: described) == "false")
        let explanation = try Self.value("explanationSet", in: described)
        #expect(explanation.contains("<explanationCode>ENI_SG_RULES_MISMATCH</explanationCode>"))
        #expect(explanation.contains("<direction>egress</direction>"))
        #expect(explanation.contains("<networkInterface><id>\(stack.interfaces["alb"]!)</id>"))
        #expect(explanation.contains("<securityGroupSet><item><id>\(stack.groups["alb"]!)</id>"))
        #expect(explanation.contains("<protocolSet><item>tcp</item></protocolSet>"))
        #expect(explanation.contains("<portRangeSet><item><from>3306</from><to>3306</to></item></portRangeSet>"))
    }

    @Test func webToDatabaseNamesTheRuleOfEachHop() async throws {
        let stack = try await Self.stack()
        let (_, described) = try await analyze(stack, from: "web", to: "database", port: 3306)
        #expect(DispatcherTests.value("networkPathFound", in: described) == "true")
        let components = try Self.value("forwardPathComponentSet", in: described)
        #expect(components.contains("<sequenceNumber>4</sequenceNumber>"))
        // Egress of web's group to the database group, then ingress of the database group from web's.
        #expect(components.contains(
            "<component><id>\(stack.groups["web"]!)</id>"))
        #expect(components.contains(
            "<securityGroupRule><direction>egress</direction><securityGroupId>\(stack.groups["database"]!)</securityGroupId><portRange><from>3306</from><to>3306</to></portRange><protocol>tcp</protocol></securityGroupRule>"))
        #expect(components.contains(
            "<securityGroupRule><direction>ingress</direction><securityGroupId>\(stack.groups["web"]!)</securityGroupId><portRange><from>3306</from><to>3306</to></portRange><protocol>tcp</protocol></securityGroupRule>"))
        #expect(DispatcherTests.value("explanationSet", in: described) == nil)
    }

    @Test func pathWithoutPortFindsTheLowestAllowedPort() async throws {
        let stack = try await Self.stack()
        let path = try await Self.call(stack.dispatcher, [
            "Action": "CreateNetworkInsightsPath", "Source": stack.interfaces["bastion"]!,
            "Destination": stack.interfaces["web"]!, "Protocol": "tcp", "ClientToken": "p",
        ])
        let pathId = try Self.value("networkInsightsPathId", in: path)
        let started = try await Self.call(stack.dispatcher, [
            "Action": "StartNetworkInsightsAnalysis", "NetworkInsightsPathId": pathId, "ClientToken": "s",
        ])
        let analysisId = try Self.value("networkInsightsAnalysisId", in: started)
        let described = try await Self.call(stack.dispatcher, [
            "Action": "DescribeNetworkInsightsAnalyses", "NetworkInsightsPathId": pathId,
            "Filter.1.Name": "path-found", "Filter.1.Value.1": "true",
        ])
        #expect(DispatcherTests.value("networkInsightsAnalysisId", in: described) == analysisId)
        #expect(described.contains("<destinationPortRangeSet><item><from>22</from><to>22</to></item>"))
    }

    @Test func deletesAndErrors() async throws {
        let stack = try await Self.stack()
        let (started, _) = try await analyze(stack, from: "web", to: "database", port: 3306)
        let analysisId = try Self.value("networkInsightsAnalysisId", in: started)
        let pathId = try Self.value("networkInsightsPathId", in: started)
        let (status, refused) = await DispatcherTests.call(stack.dispatcher, ["Action": "DeleteNetworkInsightsPath", "NetworkInsightsPathId": pathId])
        #expect(status == 400 && refused.contains("<Code>AnalysisExistsForNetworkInsightsPath</Code>"))
        let deleted = try await Self.call(stack.dispatcher, ["Action": "DeleteNetworkInsightsAnalysis", "NetworkInsightsAnalysisId": analysisId])
        #expect(DispatcherTests.value("networkInsightsAnalysisId", in: deleted) == analysisId)
        _ = try await Self.call(stack.dispatcher, ["Action": "DeleteNetworkInsightsPath", "NetworkInsightsPathId": pathId])
        let (missingStatus, missing) = await DispatcherTests.call(stack.dispatcher, [
            "Action": "DescribeNetworkInsightsPaths", "NetworkInsightsPathId.1": pathId,
        ])
        #expect(missingStatus == 400 && missing.contains("InvalidNetworkInsightsPathId.NotFound"))
        let (badStatus, bad) = await DispatcherTests.call(stack.dispatcher, [
            "Action": "DescribeNetworkInsightsAnalyses", "MaxResults": "101",
        ])
        #expect(badStatus == 400 && bad.contains("InvalidParameterValue"))
        let (unknownStatus, unknown) = await DispatcherTests.call(stack.dispatcher, [
            "Action": "CreateNetworkInsightsPath", "Source": stack.interfaces["web"]!, "Protocol": "tcp",
            "ClientToken": "x", "Bogus": "1",
        ])
        #expect(unknownStatus == 400 && unknown.contains("UnknownParameter"))
    }

    // MARK: flow questions (what POST /palisade/v1/check and /reach answer)

    func policy(_ stack: Stack) -> CompiledPolicy {
        CompiledPolicy(stack.dispatcher.store.read { $0.snapshot(of: Scope(accountId: Scope.defaultAccountId, region: "us-east-1")) })
    }

    @Test func seedScenarioThroughTheCheckQuestion() async throws {
        let stack = try await Self.stack()
        let policy = policy(stack)
        func check(_ src: String, _ dst: String, _ port: Int) throws -> FlowReport.CheckReport {
            try FlowReport.check(.init(src: src, dst: dst, protocol: "tcp", port: port), policy: policy)
        }
        let internet = "198.51.100.7"
        let https = try check(internet, stack.interfaces["alb"]!, 443)
        #expect(https.allowed && https.egress == nil && https.ingress?.matchedRules.count == 1)
        let web8080 = try check(internet, stack.interfaces["web"]!, 8080)
        #expect(!web8080.allowed && web8080.droppedBy == "ingress")
        #expect(web8080.text.contains("ingress on \(stack.interfaces["web"]!) dropped it: no rule of \(stack.groups["web"]!) matched"))
        #expect(web8080.text.contains("source 198.51.100.7 not in group \(stack.groups["alb"]!)"))
        let webDb = try check(stack.interfaces["web"]!, stack.addresses["database"]!, 3306)
        #expect(webDb.allowed)
        #expect(webDb.egress?.matchedRules.first?.summary == "tcp 3306 to \(stack.groups["database"]!)")
        #expect(webDb.ingress?.matchedRules.first?.summary == "tcp 3306 from \(stack.groups["web"]!)")
        #expect(webDb.text.hasPrefix("ALLOW tcp \(stack.addresses["web"]!) → \(stack.addresses["database"]!):3306: egress \(stack.interfaces["web"]!) via sgr-"))
        #expect(try check(stack.interfaces["bastion"]!, stack.interfaces["database"]!, 3306).allowed)
        let albDb = try check(stack.interfaces["alb"]!, stack.interfaces["database"]!, 3306)
        #expect(!albDb.allowed && albDb.droppedBy == "egress")
        #expect(albDb.egress?.nearestMisses.first?.reasons.contains("wrong port") == true)
        #expect(throws: FlowReport.QueryError.self) { try check("eni-0123456789abcdef0", internet, 1) }
        #expect(throws: FlowReport.QueryError.self) {
            try FlowReport.check(.init(src: internet, dst: internet, protocol: "tcp"), policy: policy)
        }
    }

    @Test func reachQuestions() async throws {
        let stack = try await Self.stack()
        let reachability = Reachability(policy: policy(stack))
        let toDb = try FlowReport.reach(.init(to: stack.groups["database"]!, port: 3306), reachability: reachability)
        #expect(toDb.inbound?.first?.interfaces.map(\.peer).sorted() == [stack.interfaces["bastion"]!, stack.interfaces["web"]!].sorted())
        let exposed = try FlowReport.reach(.init(exposed: true), reachability: reachability)
        // 203.0.113.0/24 (the bastion's SSH source) is a documentation range and stands for public addresses.
        #expect(Set(exposed.exposed?.map(\.networkInterfaceId) ?? []) == [stack.interfaces["alb"]!, stack.interfaces["bastion"]!])
        let matrix = try FlowReport.reach(.init(matrix: true), reachability: reachability)
        #expect(matrix.matrix?.contains { $0.from == stack.interfaces["alb"]! && $0.to == stack.interfaces["web"]! } == true)
        #expect(throws: FlowReport.QueryError.self) { try FlowReport.reach(.init(), reachability: reachability) }
    }

    @Test func compiledPolicyIsCachedPerRevision() async throws {
        let stack = try await Self.stack()
        let cache = CompiledPolicyCache()
        let scope = Scope(accountId: Scope.defaultAccountId, region: "us-east-1")
        _ = cache.policy(store: stack.dispatcher.store, scope: scope)
        _ = cache.policy(store: stack.dispatcher.store, scope: scope)
        _ = cache.reachability(store: stack.dispatcher.store, scope: scope)
        #expect(cache.compileCount == 1)
        _ = try await Self.call(stack.dispatcher, ["Action": "CreateSecurityGroup", "GroupName": "new", "GroupDescription": "d"])
        _ = cache.policy(store: stack.dispatcher.store, scope: scope)
        #expect(cache.compileCount == 2)
    }
}
