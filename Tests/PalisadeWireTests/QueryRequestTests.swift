import PalisadeCore
@testable import PalisadeWire
import Foundation
import Testing

struct QueryRequestTests {
    @Test func decodesFormEncodingAndFlattenedLists() throws {
        let request = try QueryRequest(formEncoded:
            "Action=AuthorizeSecurityGroupIngress&Version=2016-11-15&GroupId=sg-12345678"
            + "&IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=22&IpPermissions.1.ToPort=22"
            + "&IpPermissions.1.IpRanges.1.CidrIp=10.0.0.0%2F8&IpPermissions.1.IpRanges.1.Description=ssh+from+office"
            + "&IpPermissions.1.IpRanges.2.CidrIp=192.168.0.0%2F16"
            + "&IpPermissions.2.IpProtocol=-1&IpPermissions.2.Groups.1.GroupId=sg-87654321"
            + "&IpPermissions.10.IpProtocol=udp&IpPermissions.10.FromPort=53&IpPermissions.10.ToPort=53"
            + "&IpPermissions.10.Ipv6Ranges.1.CidrIpv6=%3A%3A%2F0")
        #expect(request.action == "AuthorizeSecurityGroupIngress")
        let permissions = try request.ipPermissions()
        #expect(permissions.count == 3)
        #expect(permissions[0].ipRanges.map(\.cidrIp) == ["10.0.0.0/8", "192.168.0.0/16"])
        #expect(permissions[0].ipRanges[0].description == "ssh from office")
        #expect(permissions[1].userIdGroupPairs.first?.groupId == "sg-87654321")
        // Index 10 sorts after 2 numerically, not as text.
        #expect(permissions[2].ipv6Ranges.first?.cidrIpv6 == "::/0")
    }

    @Test func filtersAndTagSpecifications() throws {
        let request = try QueryRequest(formEncoded:
            "Filter.1.Name=tag%3AEnv&Filter.1.Value.1=prod&Filter.1.Value.2=stage&Filter.2.Name=vpc-id&Filter.2.Value.1=vpc-1"
            + "&TagSpecification.1.ResourceType=security-group&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=web")
        #expect(request.filters == [
            DescribeFilter(name: "tag:Env", values: ["prod", "stage"]), DescribeFilter(name: "vpc-id", values: ["vpc-1"]),
        ])
        #expect(try request.tags(for: "security-group") == [Tag(key: "Name", value: "web")])
        #expect(throws: PolicyError.self) { try request.tags(for: "vpc") }
    }

    @Test func formEdgeCasesDecodeAsBefore() throws {
        let request = try QueryRequest(formEncoded: "&&a=b=c&flag&=empty-name&x=1&x=2&sp=a+b%20c&tail=%41&")
        #expect(request.parameters == ["a": "b=c", "flag": "", "": "empty-name", "x": "2", "sp": "a b c", "tail": "A"])
        #expect(try QueryRequest(formEncoded: "").parameters.isEmpty)
        #expect(try QueryRequest(formEncoded: "caf%C3%A9=%E2%98%95").parameters == ["café": "☕"])
    }

    @Test(arguments: ["a=%zz", "a=%e9", "%=1", "a=%4", "a=%", "%4=1"])
    func badEscapesAreMalformedQueryStrings(text: String) {
        #expect(throws: PolicyError.self) { try QueryRequest(formEncoded: text) }
    }

    /// A body is parsed as the bytes received: raw bytes that are not UTF-8 are refused as an escape of them is.
    @Test func bodyBytesDecodeAsText() throws {
        let text = "Action=Revoke&IpPermissions.1.Groups.1.GroupId=sg-1&sp=a+b%20c&="
        #expect(try QueryRequest(formEncoded: Array(text.utf8)).parameters == QueryRequest(formEncoded: text).parameters)
        for bytes: [UInt8] in [[0x61, 0x3D, 0xE9], [0xFF, 0x3D, 0x31], [0x61, 0x3D, 0xC3]] {
            #expect(throws: PolicyError.self) { try QueryRequest(formEncoded: bytes) }
        }
    }

    @Test func typedAccessorsRejectBadValues() throws {
        let request = QueryRequest(parameters: ["MaxResults": "ten", "DryRun": "yes"])
        #expect(throws: PolicyError.self) { try request.int("MaxResults") }
        #expect(throws: PolicyError.self) { try request.bool("DryRun") }
    }

    @Test func paginationBoundsAndTokens() throws {
        #expect(throws: PolicyError.self) { try Pagination(QueryRequest(parameters: ["MaxResults": "4"]), bounds: 5...1000) }
        #expect(throws: PolicyError.self) { try Pagination(QueryRequest(parameters: ["MaxResults": "1001"]), bounds: 5...1000) }
        #expect(throws: PolicyError.self) { try Pagination(QueryRequest(parameters: ["NextToken": "garbage"]), bounds: 5...1000) }
        let items = (0..<12).map { "sg-\($0 < 10 ? "0" : "")\($0)" }
        var seen: [String] = []
        var token: String?
        repeat {
            var parameters = ["MaxResults": "5"]
            if let token { parameters["NextToken"] = token }
            let page = try Pagination(QueryRequest(parameters: parameters), bounds: 5...1000).page(items) { $0 }
            #expect(page.items.count <= 5)
            seen += page.items
            token = page.nextToken
        } while token != nil
        #expect(seen == items)
        let all = try Pagination(QueryRequest(parameters: [:]), bounds: 5...1000).page(items) { $0 }
        #expect(all.items == items && all.nextToken == nil)
    }
}

struct XMLTests {
    @Test func escapesAndWritesEmptyLists() {
        var writer = XMLWriter()
        writer.element("groupDescription", "a < b & \"c\"")
        writer.list("ipRanges", [String]()) { _, _ in }
        writer.list("groups", ["x"]) { $0.element("groupId", $1) }
        #expect(writer.string == "<groupDescription>a &lt; b &amp; &quot;c&quot;</groupDescription><ipRanges/><groups><item><groupId>x</groupId></item></groups>")
    }

    @Test func errorEnvelopeHasNoNamespaceAndCapitalRequestID() {
        let body = String(decoding: EC2Envelope.error(PolicyError(.invalidGroupNotFound, "The security group 'sg-1' does not exist"), requestId: "r-1"), as: UTF8.self)
        #expect(body.hasSuffix("<Response><Errors><Error><Code>InvalidGroup.NotFound</Code><Message>The security group &apos;sg-1&apos; does not exist</Message></Error></Errors><RequestID>r-1</RequestID></Response>"))
        #expect(EC2Envelope.httpStatus(for: .dryRunOperation) == 412)
        #expect(EC2Envelope.httpStatus(for: .invalidGroupNotFound) == 400)
        #expect(EC2Envelope.httpStatus(for: PolicyError.Code("AuthFailure")) == 401)
    }

    @Test func successEnvelope() {
        let body = String(decoding: EC2Envelope.success(action: "DeleteVpc", requestId: "r-2", result: .returnTrue), as: UTF8.self)
        #expect(body.contains("<DeleteVpcResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-2</requestId><return>true</return></DeleteVpcResponse>"))
    }

    @Test func describeRegroupsRulesIntoPermissions() {
        let scope = Scope(accountId: "123456789012", region: "us-east-1")
        func rule(_ id: String, _ from: Int, _ peer: RulePeer, _ description: String? = nil) -> SecurityGroupRule {
            SecurityGroupRule(ruleId: id, groupId: "sg-1", scope: scope, isEgress: false, ipProtocol: .tcp, fromPort: from,
                              toPort: from, peer: peer, description: description)
        }
        let rules = [
            rule("sgr-1", 22, .cidrIpv4(IPv4CIDR("10.0.0.0/8")!), "office"),
            rule("sgr-2", 443, .cidrIpv4(.anywhere)),
            rule("sgr-3", 22, .securityGroup(.init(groupId: "sg-2", userId: "123456789012"))),
            rule("sgr-4", 22, .cidrIpv6(IPv6CIDR("2001:db8::/32")!)),
        ]
        var writer = XMLWriter()
        writer.ipPermissions("ipPermissions", rules)
        let xml = writer.string
        #expect(xml.components(separatedBy: "<ipProtocol>").count - 1 == 2)
        #expect(xml.contains("<fromPort>22</fromPort><toPort>22</toPort><groups><item><userId>123456789012</userId><groupId>sg-2</groupId></item></groups><ipRanges><item><cidrIp>10.0.0.0/8</cidrIp><description>office</description></item></ipRanges><ipv6Ranges><item><cidrIpv6>2001:db8::/32</cidrIpv6></item></ipv6Ranges><prefixListIds/>"))
    }

    /// Past 16 keys the regrouping looks keys up in a table instead of scanning: the permissions are still in the
    /// order each key first appears, each with its rules in their order, as a plain grouping writes them.
    @Test func regroupingManyKeysKeepsFirstSeenOrder() {
        let scope = Scope(accountId: "123456789012", region: "us-east-1")
        var rules: [SecurityGroupRule] = []
        var random = SplitMix64(seed: 5)
        for index in 0..<300 {
            let port = Int(random.next() % 40)
            let proto: IPProtocol = random.next() % 3 == 0 ? .udp : .tcp
            rules.append(SecurityGroupRule(
                ruleId: "sgr-\(index)", groupId: "sg-1", scope: scope, isEgress: random.next() % 5 == 0, ipProtocol: proto,
                fromPort: port, toPort: port + 1, peer: .cidrIpv4(IPv4CIDR(address: IPv4Address(UInt32(index) << 8), prefixLength: 24))))
        }
        var writer = XMLWriter()
        writer.ipPermissions("ipPermissions", rules.filter { !$0.isEgress })
        // The reference: group by key in first-seen order, one permission per key.
        var keys: [String] = []
        var members: [String: [SecurityGroupRule]] = [:]
        for rule in rules where !rule.isEgress {
            let key = "\(rule.ipProtocol.wireValue)/\(rule.fromPort!)/\(rule.toPort!)"
            if members[key] == nil { keys.append(key) }
            members[key, default: []].append(rule)
        }
        #expect(keys.count > 16)
        var expected = "<ipPermissions>"
        for key in keys {
            let first = members[key]![0]
            expected += "<item><ipProtocol>\(first.ipProtocol.wireValue)</ipProtocol><fromPort>\(first.fromPort!)</fromPort>"
                + "<toPort>\(first.toPort!)</toPort><groups/><ipRanges>"
            for rule in members[key]! {
                guard case .cidrIpv4(let cidr) = rule.peer else { continue }
                expected += "<item><cidrIp>\(cidr)</cidrIp></item>"
            }
            expected += "</ipRanges><ipv6Ranges/><prefixListIds/></item>"
        }
        #expect(writer.string == expected + "</ipPermissions>")
    }

    @Test func numbersAndAddressesAreWrittenAsText() {
        var writer = XMLWriter()
        for value in [0, 7, -1, 65535, Int.max, Int.min] { writer.element("n", value) }
        writer.element("cidrIp", IPv4CIDR("255.255.255.255/32")!)
        writer.element("cidrIp", IPv4CIDR.anywhere)
        #expect(writer.string == "<n>0</n><n>7</n><n>-1</n><n>65535</n><n>\(Int.max)</n><n>\(Int.min)</n>"
            + "<cidrIp>255.255.255.255/32</cidrIp><cidrIp>0.0.0.0/0</cidrIp>")
        #expect(IPv4Address(0x0A00_01FF).description == "10.0.1.255")
        #expect(IPv4CIDR("192.168.7.9/16")!.description == "192.168.0.0/16")
    }
}

struct InputValidationTests {
    @Test func unknownParametersAreRefusedAsAWSDoes() throws {
        let good = try QueryRequest(formEncoded:
            "Action=AuthorizeSecurityGroupIngress&Version=2016-11-15&GroupId=sg-12345678&IpPermissions.12.IpProtocol=tcp"
            + "&IpPermissions.12.IpRanges.3.CidrIp=10.0.0.0%2F8&DryRun=false&X-Amz-Date=20260101T000000Z")
        try EC2InputMembers.validate(good, action: "AuthorizeSecurityGroupIngress")
        let typo = try QueryRequest(formEncoded: "Action=AuthorizeSecurityGroupIngress&GroupId=sg-12345678&IpPermissions.1.CidrIp=10.0.0.0%2F8")
        do {
            try EC2InputMembers.validate(typo, action: "AuthorizeSecurityGroupIngress")
            Issue.record("accepted IpPermissions.1.CidrIp")
        } catch {
            #expect(error.code == .unknownParameter)
            #expect(error.message == "The parameter IpPermissions.1.CidrIp is not recognized")
        }
        // Egress has no GroupName in the model.
        #expect(throws: PolicyError.self) {
            try EC2InputMembers.validate(QueryRequest(parameters: ["GroupName": "x"]), action: "AuthorizeSecurityGroupEgress")
        }
    }

    /// A parameter's pattern replaces each part that is a number with N, whatever the dots around it.
    @Test func parameterPatternsReplaceNumberParts() {
        func plain(_ name: String) -> String {
            name.split(separator: ".", omittingEmptySubsequences: false)
                .map { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } ? "N" : String($0) }.joined(separator: ".")
        }
        let names = ["IpPermissions.12.IpRanges.3.CidrIp", "GroupId", "GroupId.1", "1", ".", "", "a..b", "x.01.y",
                     "Tag.1a.Key", "..1..", "Filter.1.Value.10", "café.2", "X-Amz-Date", "3.4"]
        for name in names {
            #expect(EC2InputMembers.pattern(of: name) == plain(name), "\(name)")
        }
    }

    /// `structures` gathers in one pass what `indexes` + `sub` gather one structure at a time, odd spellings included.
    @Test func structuresEqualSubOfEachIndex() {
        var random = SplitMix64(seed: 11)
        let heads = ["IpPermissions", "IpPermissions.1.IpRanges", "Filter", "Other"]
        let indexTexts = ["1", "2", "10", "01", "+1", "0", "-1", "x", "", "3", "1a", "+", "99999999999999999999", "00"]
        let tails = ["", ".IpProtocol", ".IpRanges.1.CidrIp", ".IpRanges.2.Description", ".", ".Groups.1.GroupId"]
        for _ in 0..<200 {
            var parameters: [String: String] = [:]
            for _ in 0..<Int(random.next() % 12) {
                let head = heads[Int(random.next() % UInt64(heads.count))]
                let index = indexTexts[Int(random.next() % UInt64(indexTexts.count))]
                let tail = tails[Int(random.next() % UInt64(tails.count))]
                parameters[head + "." + index + tail] = String(random.next() % 100)
            }
            let request = QueryRequest(parameters: parameters)
            for prefix in heads {
                let expected = request.indexes(prefix).map { request.sub("\(prefix).\($0)").parameters }
                #expect(request.structures(prefix).map(\.parameters) == expected, "\(parameters)")
            }
        }
    }
}
