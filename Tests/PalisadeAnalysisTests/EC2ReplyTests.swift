import PalisadeJSON
import PalisadeAnalysis
import PalisadeCore
import Testing

/// EC2 Query API replies (`palisade lint --endpoint`) read as the AWS CLI prints them.
struct EC2ReplyTests {
    static let groups = """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
          <requestId>5b9a1f3e-0000-4000-8000-000000000000</requestId>
          <securityGroupInfo>
            <item>
              <ownerId>111122223333</ownerId>
              <groupId>sg-0a1</groupId>
              <groupName>web</groupName>
              <groupDescription>web &amp; api &lt;prod&gt; &#233;</groupDescription>
              <vpcId>vpc-1</vpcId>
              <ipPermissions>
                <item>
                  <ipProtocol>tcp</ipProtocol>
                  <fromPort>22</fromPort>
                  <toPort>22</toPort>
                  <groups/>
                  <ipRanges>
                    <item><cidrIp>10.0.0.0/8</cidrIp><description>vpn</description></item>
                    <item><cidrIp>0.0.0.0/0</cidrIp></item>
                  </ipRanges>
                  <ipv6Ranges/>
                  <prefixListIds/>
                </item>
                <item>
                  <ipProtocol>tcp</ipProtocol>
                  <fromPort>3306</fromPort>
                  <toPort>3306</toPort>
                  <groups>
                    <item><userId>111122223333</userId><groupId>sg-0b2</groupId></item>
                  </groups>
                  <ipRanges/>
                </item>
              </ipPermissions>
              <ipPermissionsEgress/>
              <tagSet><item><key>Tier</key><value>app</value></item></tagSet>
            </item>
          </securityGroupInfo>
          <nextToken/>
        </DescribeSecurityGroupsResponse>
        """

    @Test func describeSecurityGroupsReadsAsTheCLIPrintsIt() throws {
        let json = try EC2XMLElement.parse(Self.groups).awsCLIJSON
        #expect(json["RequestId"] == nil)
        let group = try #require(json["SecurityGroups"]?.array?.first)
        #expect(group["Description"]?.string == "web & api <prod> é")
        #expect(group["Tags"]?.array?.first?["Key"]?.string == "Tier")
        let permission = try #require(group["IpPermissions"]?.array?.first)
        #expect(permission["FromPort"] == .number(22))
        #expect(permission["IpRanges"]?.array?.count == 2)
        #expect(group["IpPermissions"]?.array?[1]["UserIdGroupPairs"]?.array?.first?["GroupId"]?.string == "sg-0b2")

        var reader = AWSExportReader()
        reader.read(json, file: "http://127.0.0.1:4566/?Action=DescribeSecurityGroups")
        #expect(reader.snapshot.securityGroups.map(\.scope.accountId) == ["111122223333"])
        #expect(reader.snapshot.securityGroupRules.count == 3)
        let ssh = Linter().lint(reader.context()).findings("PAL-SSH-WORLD")
        #expect(ssh.map { $0.location?.description } == [
            "http://127.0.0.1:4566/?Action=DescribeSecurityGroups:$.SecurityGroups[0].IpPermissions[0].IpRanges[1]"
        ])
    }

    @Test func rulesVpcsAndTypedValues() throws {
        let rules = try EC2XMLElement.parse(
            """
            <DescribeSecurityGroupRulesResponse><securityGroupRuleSet><item>
              <securityGroupRuleId>sgr-1</securityGroupRuleId><groupId>sg-0a1</groupId><isEgress>true</isEgress>
              <ipProtocol>-1</ipProtocol><fromPort>-1</fromPort><toPort>-1</toPort><cidrIpv4>0.0.0.0/0</cidrIpv4>
            </item></securityGroupRuleSet></DescribeSecurityGroupRulesResponse>
            """
        ).awsCLIJSON
        let vpcs = try EC2XMLElement.parse(
            """
            <DescribeVpcsResponse><vpcSet><item><vpcId>vpc-1</vpcId><cidrBlock>10.1.0.0/16</cidrBlock>
              <cidrBlockAssociationSet><item><associationId>a-1</associationId><cidrBlock>10.1.0.0/16</cidrBlock></item>
              </cidrBlockAssociationSet><isDefault>false</isDefault></item></vpcSet></DescribeVpcsResponse>
            """
        ).awsCLIJSON
        #expect(rules["SecurityGroupRules"]?.array?.first?["IsEgress"] == .bool(true))
        var reader = AWSExportReader()
        reader.read(vpcs, file: "vpcs")
        reader.read(rules, file: "rules")
        let snapshot = reader.snapshot
        #expect(snapshot.vpcs.map(\.vpcId) == ["vpc-1"] && snapshot.vpcs.first?.isDefault == false)
        #expect(snapshot.securityGroupRules.map(\.ruleId) == ["sgr-1"])
        #expect(snapshot.securityGroupRules.first?.isEgress == true)
    }

    @Test(arguments: ["<a>", "<a></b>", "<a>&bogus;</a>", "<a/>trailing", "", "<a><b></a>"])
    func malformedRepliesAreErrors(_ text: String) {
        #expect(throws: EC2XMLElement.ParseError.self) { try EC2XMLElement.parse(text) }
    }
}
