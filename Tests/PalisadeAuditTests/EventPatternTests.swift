import PalisadeAudit
import PalisadeJSON
import Testing

@Suite struct EventPatternTests {
    static func pattern(_ text: String) throws -> EventPattern {
        try EventPattern(json: JSONParser.parse(text))
    }

    static func event(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    /// The rule of the seed's best_practices.tf, `jsonencode`d exactly as written there.
    static let seedPattern = """
        {"source":["aws.ec2"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventSource":["ec2.amazonaws.com"],
         "eventName":["AuthorizeSecurityGroupIngress","AuthorizeSecurityGroupEgress","RevokeSecurityGroupIngress","RevokeSecurityGroupEgress"]}}
        """

    static func apiCall(_ eventName: String, source: String = "aws.ec2", eventSource: String = "ec2.amazonaws.com") throws
        -> JSONValue
    {
        try event(
            #"{"source":"\#(source)","detail-type":"AWS API Call via CloudTrail","detail":{"eventSource":"\#(eventSource)","eventName":"\#(eventName)"}}"#)
    }

    @Test func seedPatternSelectsRuleChangesOnly() throws {
        let pattern = try Self.pattern(Self.seedPattern)
        for name in ["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress"] {
            #expect(pattern.matches(try Self.apiCall(name)), "\(name)")
        }
        for name in ["CreateSecurityGroup", "DescribeSecurityGroups", "authorizeSecurityGroupIngress"] {
            #expect(!pattern.matches(try Self.apiCall(name)), "\(name)")
        }
        #expect(!pattern.matches(try Self.apiCall("AuthorizeSecurityGroupIngress", source: "aws.s3")))
        #expect(!pattern.matches(try Self.apiCall("AuthorizeSecurityGroupIngress", eventSource: "s3.amazonaws.com")))
    }

    @Test func arraysInTheEventMatchWhenAnyElementMatches() throws {
        let pattern = try Self.pattern(#"{"detail":{"requestParameters":{"ipPermissions":{"items":{"ipRanges":{"items":{"cidrIp":["0.0.0.0/0"]}}}}}}}"#)
        let open = try Self.event(
            #"{"detail":{"requestParameters":{"ipPermissions":{"items":[{"ipRanges":{"items":[{"cidrIp":"10.0.0.0/8"}]}},{"ipRanges":{"items":[{"cidrIp":"10.1.0.0/16"},{"cidrIp":"0.0.0.0/0"}]}}]}}}}"#)
        let closed = try Self.event(
            #"{"detail":{"requestParameters":{"ipPermissions":{"items":[{"ipRanges":{"items":[{"cidrIp":"10.0.0.0/8"}]}}]}}}}"#)
        #expect(pattern.matches(open))
        #expect(!pattern.matches(closed))
        let tags = try Self.pattern(#"{"tags":["prod"]}"#)
        #expect(tags.matches(try Self.event(#"{"tags":["dev","prod"]}"#)))
        #expect(!tags.matches(try Self.event(#"{"tags":["dev"]}"#)))
    }

    @Test func literalsCompareByTypeAndNumbersByValue() throws {
        let pattern = try Self.pattern(#"{"a":[300],"b":[true],"c":[null],"d":[""]}"#)
        #expect(pattern.matches(try Self.event(#"{"a":3.0e2,"b":true,"c":null,"d":""}"#)))
        #expect(!pattern.matches(try Self.event(#"{"a":"300","b":true,"c":null,"d":""}"#)))
        #expect(!pattern.matches(try Self.event(#"{"a":300,"b":"true","c":null,"d":""}"#)))
        // A missing field is not null.
        #expect(!pattern.matches(try Self.event(#"{"a":300,"b":true,"d":""}"#)))
    }

    @Test func prefixSuffixIgnoreCaseAndWildcard() throws {
        let prefix = try Self.pattern(#"{"n":[{"prefix":"Authorize"}]}"#)
        #expect(prefix.matches(try Self.event(#"{"n":"AuthorizeSecurityGroupEgress"}"#)))
        #expect(!prefix.matches(try Self.event(#"{"n":"RevokeSecurityGroupEgress"}"#)))
        let prefixIgnoringCase = try Self.pattern(#"{"n":[{"prefix":{"equals-ignore-case":"authorize"}}]}"#)
        #expect(prefixIgnoringCase.matches(try Self.event(#"{"n":"AuthorizeSecurityGroupEgress"}"#)))
        let suffix = try Self.pattern(#"{"n":[{"suffix":"Egress"}]}"#)
        #expect(suffix.matches(try Self.event(#"{"n":"RevokeSecurityGroupEgress"}"#)))
        #expect(!suffix.matches(try Self.event(#"{"n":"RevokeSecurityGroupIngress"}"#)))
        let ignoreCase = try Self.pattern(#"{"env":[{"equals-ignore-case":"production"}]}"#)
        #expect(ignoreCase.matches(try Self.event(#"{"env":"PRODUCTION"}"#)))
        let wildcard = try Self.pattern(#"{"n":[{"wildcard":"*SecurityGroup*gress"}]}"#)
        #expect(wildcard.matches(try Self.event(#"{"n":"AuthorizeSecurityGroupIngress"}"#)))
        #expect(wildcard.matches(try Self.event(#"{"n":"RevokeSecurityGroupEgress"}"#)))
        #expect(!wildcard.matches(try Self.event(#"{"n":"CreateSecurityGroup"}"#)))
        #expect(throws: EventPatternError.self) { try Self.pattern(#"{"n":[{"wildcard":"a**b"}]}"#) }
    }

    @Test func anythingBut() throws {
        let values = try Self.pattern(#"{"state":[{"anything-but":["stopped","terminated"]}]}"#)
        #expect(values.matches(try Self.event(#"{"state":"running"}"#)))
        #expect(!values.matches(try Self.event(#"{"state":"stopped"}"#)))
        #expect(!values.matches(try Self.event(#"{"other":"x"}"#)))
        let single = try Self.pattern(#"{"code":[{"anything-but":"Client.DryRunOperation"}]}"#)
        #expect(single.matches(try Self.event(#"{"code":"Client.InvalidGroup.NotFound"}"#)))
        #expect(!single.matches(try Self.event(#"{"code":"Client.DryRunOperation"}"#)))
        let prefix = try Self.pattern(#"{"cidr":[{"anything-but":{"prefix":"10."}}]}"#)
        #expect(prefix.matches(try Self.event(#"{"cidr":"0.0.0.0/0"}"#)))
        #expect(!prefix.matches(try Self.event(#"{"cidr":"10.1.0.0/16"}"#)))
    }

    @Test func numericRanges() throws {
        let pattern = try Self.pattern(#"{"port":[{"numeric":[">=",0,"<",1024]}]}"#)
        #expect(pattern.matches(try Self.event(#"{"port":22}"#)))
        #expect(!pattern.matches(try Self.event(#"{"port":8080}"#)))
        #expect(!pattern.matches(try Self.event(#"{"port":"22"}"#)))
        let exact = try Self.pattern(#"{"port":[{"numeric":["=",3306]}]}"#)
        #expect(exact.matches(try Self.event(#"{"port":3306}"#)))
        #expect(throws: EventPatternError.self) { try Self.pattern(#"{"port":[{"numeric":["~",1]}]}"#) }
        #expect(throws: EventPatternError.self) { try Self.pattern(#"{"port":[{"numeric":[">","1"]}]}"#) }
    }

    @Test func existsAndOr() throws {
        let exists = try Self.pattern(#"{"detail":{"errorCode":[{"exists":true}]}}"#)
        #expect(exists.matches(try Self.event(#"{"detail":{"errorCode":"Client.AuthFailure"}}"#)))
        #expect(!exists.matches(try Self.event(#"{"detail":{"eventName":"x"}}"#)))
        let absent = try Self.pattern(#"{"detail":{"errorCode":[{"exists":false}]}}"#)
        #expect(absent.matches(try Self.event(#"{"detail":{"eventName":"x"}}"#)))
        #expect(!absent.matches(try Self.event(#"{"detail":{"errorCode":"Client.AuthFailure"}}"#)))
        let either = try Self.pattern(#"{"$or":[{"v4":["0.0.0.0/0"]},{"v6":["::/0"]}]}"#)
        #expect(either.matches(try Self.event(#"{"v6":"::/0"}"#)))
        #expect(either.matches(try Self.event(#"{"v4":"0.0.0.0/0"}"#)))
        #expect(!either.matches(try Self.event(#"{"v4":"10.0.0.0/8"}"#)))
    }

    @Test func cidrMatchesAddresses() throws {
        let pattern = try Self.pattern(#"{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}"#)
        #expect(pattern.matches(try Self.event(#"{"sourceIPAddress":"10.0.0.7"}"#)))
        #expect(!pattern.matches(try Self.event(#"{"sourceIPAddress":"10.0.1.7"}"#)))
        let v6 = try Self.pattern(#"{"sourceIPAddress":[{"cidr":"2001:db8::/32"}]}"#)
        #expect(v6.matches(try Self.event(#"{"sourceIPAddress":"2001:db8::1"}"#)))
    }

    @Test func invalidPatternsAreRefusedWithThePath() throws {
        #expect(throws: EventPatternError(path: "detail.eventName", message: "Empty arrays are not allowed")) {
            try Self.pattern(#"{"detail":{"eventName":[]}}"#)
        }
        #expect(throws: EventPatternError(path: "detail.eventName", message: "Unrecognized match type startsWith")) {
            try Self.pattern(#"{"detail":{"eventName":[{"startsWith":"A"}]}}"#)
        }
        #expect(throws: EventPatternError.self) { try Self.pattern(#"{"source":"aws.ec2"}"#) }
        #expect(throws: EventPatternError.self) { try Self.pattern(#"["aws.ec2"]"#) }
        #expect(throws: EventPatternError.self) { try Self.pattern(#"{"$or":[{"a":["b"]}]}"#) }
    }
}
