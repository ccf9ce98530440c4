import Foundation
import PalisadeAudit
import PalisadeCore
import PalisadeJSON
import PalisadeStore
import Testing

@Suite struct AuditEventTests {
    static let authorize: [String: String] = [
        "Action": "AuthorizeSecurityGroupIngress", "Version": "2016-11-15", "GroupId": "sg-0123456789abcdef0",
        "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "22", "IpPermissions.1.ToPort": "22",
        "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0", "IpPermissions.1.IpRanges.1.Description": "ssh",
        "IpPermissions.1.IpRanges.2.CidrIp": "10.0.0.0/8", "IpPermissions.2.IpProtocol": "-1",
        "IpPermissions.2.Groups.1.GroupId": "sg-0fedcba9876543210", "X-Amz-Signature": "abc",
    ]

    @Test func requestParametersFollowCloudTrailsShape() throws {
        let json = RequestParameters.json(Self.authorize)
        let expected = try JSONParser.parse("""
            {"groupId":"sg-0123456789abcdef0","ipPermissions":{"items":[
              {"fromPort":22,"ipProtocol":"tcp","ipRanges":{"items":[{"cidrIp":"0.0.0.0/0","description":"ssh"},{"cidrIp":"10.0.0.0/8"}]},"toPort":22},
              {"groups":{"items":[{"groupId":"sg-0fedcba9876543210"}]},"ipProtocol":"-1"}]}}
            """)
        #expect(json == expected)
    }

    @Test func indexesSortNumericallyNotAsText() {
        var parameters: [String: String] = [:]
        for index in 1...11 { parameters["GroupId.\(index)"] = "sg-\(String(index, radix: 16))" }
        let items = RequestParameters.json(parameters)["groupId"]?["items"]?.array?.compactMap(\.string)
        #expect(items == (1...11).map { "sg-\(String($0, radix: 16))" })
    }

    @Test func responseElementsFollowCloudTrailsShape() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <AuthorizeSecurityGroupIngressResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId>\
            <return>true</return><securityGroupRuleSet><item><securityGroupRuleId>sgr-0abc</securityGroupRuleId>\
            <groupId>sg-0123</groupId><isEgress>false</isEgress><fromPort>22</fromPort><description>a &amp; b &lt;c&gt;</description>\
            </item></securityGroupRuleSet><tagSet/></AuthorizeSecurityGroupIngressResponse>
            """
        let json = ResponseElements.json(xml: Array(xml.utf8))
        let expected = try JSONParser.parse("""
            {"requestId":"r-1","_return":true,"securityGroupRuleSet":{"items":[{"securityGroupRuleId":"sgr-0abc",
             "groupId":"sg-0123","isEgress":false,"fromPort":22,"description":"a & b <c>"}]},"tagSet":{}}
            """)
        #expect(json == expected)
        #expect(ResponseElements.json(xml: Array("not xml".utf8)) == .null)
        #expect(ResponseElements.json(xml: Array("<a><b>unterminated".utf8)) == .null)
    }

    static func event(errorCode: String? = nil, tags: [String: [PalisadeCore.Tag]] = [:]) -> AuditEvent {
        AuditEvent(
            eventId: "e-1", eventTime: Timestamp(millisecondsSince1970: 1_795_000_000_123), eventName: "AuthorizeSecurityGroupIngress",
            awsRegion: "eu-west-1", accountId: "402938475610", accessKeyId: "AKIAEXAMPLE", sourceIPAddress: "10.1.2.3",
            userAgent: "aws-cli/2", requestParameters: RequestParameters.json(Self.authorize),
            responseElements: errorCode == nil ? .object([("_return", .bool(true))]) : .null, errorCode: errorCode,
            errorMessage: errorCode.map { "failed: \($0)" }, requestId: "req-1", readOnly: false, resourceTags: tags)
    }

    @Test func recordHasCloudTrailsFields() throws {
        let record = Self.event(errorCode: "Client.InvalidGroup.NotFound").record
        #expect(record["eventVersion"]?.string == "1.08")
        #expect(record["eventTime"]?.string == "2026-11-18T11:06:40Z")
        #expect(record["eventSource"]?.string == "ec2.amazonaws.com")
        #expect(record["awsRegion"]?.string == "eu-west-1")
        #expect(record["userIdentity"]?["accountId"]?.string == "402938475610")
        #expect(record["userIdentity"]?["accessKeyId"]?.string == "AKIAEXAMPLE")
        #expect(record["userIdentity"]?["arn"]?.string == "arn:aws:iam::402938475610:user/palisade")
        #expect(record["sourceIPAddress"]?.string == "10.1.2.3")
        #expect(record["userAgent"]?.string == "aws-cli/2")
        #expect(record["errorCode"]?.string == "Client.InvalidGroup.NotFound")
        #expect(record["responseElements"] == .null)
        #expect(record["requestID"]?.string == "req-1")
        #expect(record["eventID"]?.string == "e-1")
        #expect(record["requestParameters"]?["groupId"]?.string == "sg-0123456789abcdef0")
        #expect(record["requestParameters"]?["x-Amz-Signature"] == nil)
    }

    @Test func resourcesAreTheIDsTheCallNames() {
        let resources = Self.event().resources
        #expect(resources == [
            AuditResource(resourceType: "AWS::EC2::SecurityGroup", resourceName: "sg-0123456789abcdef0"),
            AuditResource(resourceType: "AWS::EC2::SecurityGroup", resourceName: "sg-0fedcba9876543210"),
        ])
        #expect(AuditEvent.resourceType(of: "sg-xyz") == nil)
        #expect(AuditEvent.resourceType(of: "sgr-0a") == "AWS::EC2::SecurityGroupRule")
    }

    static let rulesFile = """
        {"rules": [
          {"name": "security-group-modifications",
           "eventPattern": "{\\"source\\":[\\"aws.ec2\\"],\\"detail-type\\":[\\"AWS API Call via CloudTrail\\"],\\"detail\\":{\\"eventSource\\":[\\"ec2.amazonaws.com\\"],\\"eventName\\":[\\"AuthorizeSecurityGroupIngress\\",\\"RevokeSecurityGroupIngress\\"]}}",
           "targets": [{"webhook": "http://127.0.0.1:9/hook"}, {"log": true}]},
          {"name": "world-open",
           "eventPattern": {"detail": {"requestParameters": {"ipPermissions": {"items": {"ipRanges": {"items": {"cidrIp": ["0.0.0.0/0"]}}}}}}},
           "targets": [{"webhook": "http://127.0.0.1:9/open"}]},
          {"name": "production",
           "eventPattern": {"detail": {"palisade": {"resources": {"tags": {"Environment": ["Production"]}}}}},
           "targets": [{"log": true}]},
          {"name": "off", "state": "DISABLED", "eventPattern": {"source": ["aws.ec2"]}, "targets": [{"log": true}]}
        ]}
        """

    @Test func alertRulesMatchAndBecomeDeliveries() throws {
        let rules = try AlertRules(json: Self.rulesFile, file: "alerts.json")
        #expect(rules.rules.map(\.name) == ["security-group-modifications", "world-open", "production"])
        let entry = Self.event().entry(alerts: rules).entry
        #expect(entry.deliveries.map(\.ruleName) == ["security-group-modifications", "world-open"])
        #expect(entry.deliveries.map(\.target) == ["http://127.0.0.1:9/hook", "http://127.0.0.1:9/open"])
        let body = try JSONParser.parse(entry.deliveries[0].body)
        #expect(body["detail-type"]?.string == "AWS API Call via CloudTrail")
        #expect(body["source"]?.string == "aws.ec2")
        #expect(body["detail"]?["eventName"]?.string == "AuthorizeSecurityGroupIngress")
        let production = Self.event(tags: ["sg-0123456789abcdef0": [PalisadeCore.Tag(key: "Environment", value: "Production")]])
        #expect(rules.matching(production).map(\.name) == ["security-group-modifications", "world-open", "production"])
        #expect(entry.record == Self.event().record.serialized(pretty: false))
        #expect(entry.userName == "palisade")
    }

    @Test func badRuleFilesNameTheProblem() {
        func message(_ text: String) -> String? {
            do {
                _ = try AlertRules(json: text, file: "a.json")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(message("{") != nil)
        #expect(message(#"{"rules": [{"eventPattern": {}, "targets": []}]}"#) == "a.json: rules[0]: a rule needs a \"name\"")
        #expect(message(#"{"rules": [{"name": "x", "eventPattern": {"a": []}, "targets": [{"log": true}]}]}"#)
            == "a.json: rules[0] (x): eventPattern: a: Empty arrays are not allowed")
        #expect(message(#"{"rules": [{"name": "x", "eventPattern": {"a": ["b"]}, "targets": [{"webhook": "ftp://h"}]}]}"#)
            == "a.json: rules[0].targets[0]: webhook must be an http:// or https:// URL, got \"ftp://h\"")
        #expect(message(#"{"rules": [{"name": "x", "eventPattern": {"a": ["b"]}}]}"#)
            == "a.json: rules[0] (x): a rule needs at least one target")
        #expect(message(#"{"rules": [{"name": "x", "eventPattern": {"a": ["b"]}, "targets": [{"log": true}]}, {"name": "x", "eventPattern": {"a": ["b"]}, "targets": [{"log": true}]}]}"#)
            == "a.json: rules[1]: duplicate rule name \"x\"")
    }
}

@Suite struct ExampleAlertRulesTests {
    /// examples/alerts/security-group-alerts.json, as the README tells users to load it.
    static func rules() throws -> AlertRules {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../examples/alerts/security-group-alerts.json")
        return try AlertRules(json: String(contentsOf: path, encoding: .utf8), file: path.path)
    }

    static func event(_ parameters: [String: String], errorCode: String? = nil, tags: [PalisadeCore.Tag] = []) -> AuditEvent {
        AuditEvent(
            eventId: "e", eventTime: Timestamp(millisecondsSince1970: 0), eventName: parameters["Action"]!, awsRegion: "us-east-1",
            accountId: "123456789012", accessKeyId: "AKIAEXAMPLE", sourceIPAddress: "127.0.0.1", userAgent: "t",
            requestParameters: RequestParameters.json(parameters), errorCode: errorCode, requestId: "r", readOnly: false,
            resourceTags: ["sg-0123": tags])
    }

    @Test func exampleRulesFireOnWhatTheySay() throws {
        let rules = try Self.rules()
        func fired(_ event: AuditEvent) -> [String] { rules.matching(event).map(\.name) }
        let openV4 = Self.event([
            "Action": "AuthorizeSecurityGroupIngress", "GroupId": "sg-0123", "IpPermissions.1.IpProtocol": "tcp",
            "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0",
        ])
        #expect(fired(openV4) == ["security-group-modifications", "opened-to-the-internet"])
        let openV6 = Self.event([
            "Action": "AuthorizeSecurityGroupEgress", "GroupId": "sg-0123", "IpPermissions.1.IpProtocol": "-1",
            "IpPermissions.1.Ipv6Ranges.1.CidrIpv6": "::/0",
        ])
        #expect(fired(openV6) == ["security-group-modifications", "opened-to-the-internet"])
        let modified = Self.event([
            "Action": "ModifySecurityGroupRules", "GroupId": "sg-0123", "SecurityGroupRule.1.SecurityGroupRuleId": "sgr-0a",
            "SecurityGroupRule.1.SecurityGroupRule.IpProtocol": "tcp", "SecurityGroupRule.1.SecurityGroupRule.CidrIpv4": "0.0.0.0/0",
        ])
        #expect(fired(modified) == ["opened-to-the-internet"])
        let refused = Self.event(Self.openV4Parameters, errorCode: "Client.InvalidPermission.Duplicate")
        #expect(fired(refused) == ["security-group-modifications"])
        let privateRange = Self.event([
            "Action": "AuthorizeSecurityGroupIngress", "GroupId": "sg-0123", "IpPermissions.1.IpRanges.1.CidrIp": "10.0.0.0/8",
        ])
        #expect(fired(privateRange) == ["security-group-modifications"])
        let tagged = Self.event(["Action": "CreateTags", "ResourceId.1": "sg-0123"], tags: [.init(key: "Environment", value: "Production")])
        #expect(fired(tagged) == ["production-group-changed"])
        #expect(fired(Self.event(["Action": "CreateTags", "ResourceId.1": "sg-0123"])) == [])
    }

    static let openV4Parameters = [
        "Action": "AuthorizeSecurityGroupIngress", "GroupId": "sg-0123", "IpPermissions.1.IpProtocol": "tcp",
        "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0",
    ]
}

@Suite struct RequestParametersLimitsTests {
    /// Found by RequestFuzzTests: a 4,000-level name overflowed the stack when it was nested level by level.
    @Test func absurdlyDeepNamesAreRecordedFlat() {
        let name = "Ver" + String(repeating: "IpPermissions.1.", count: 2000) + "sion"
        let json = RequestParameters.json(["Action": "DescribeVpcs", name: "x", "GroupId.1": "sg-1"])
        #expect(json[name]?.string == "x")
        #expect(json["groupId"]?["items"]?.array == [.string("sg-1")])
        #expect(RequestParameters.json(["a..b": "1", ".c": "2"]).members?.map(\.0) == [".c", "a..b"])
    }
}
