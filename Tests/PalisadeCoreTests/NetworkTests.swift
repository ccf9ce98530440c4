import PalisadeCore
import Testing

struct NetworkTests {
    @Test(arguments: [
        ("10.0.0.1/24", "10.0.0.0/24"), ("100.68.0.18/18", "100.68.0.0/18"), ("0.0.0.0/0", "0.0.0.0/0"),
        ("255.255.255.255/32", "255.255.255.255/32"), ("192.168.1.130/25", "192.168.1.128/25"),
    ])
    func ipv4CidrsAreCanonicalised(input: String, expected: String) {
        #expect(IPv4CIDR(input)?.description == expected)
    }

    @Test(arguments: ["10.0.0.0", "10.0.0.256/24", "10.0.0/24", "10.0.0.0/33", "010.0.0.0/8", "10.0.0.0/", "a.b.c.d/8",
                      "10.0.0.0/+8", " 10.0.0.0/8", "::/0"])
    func malformedIPv4CidrsAreRejected(input: String) {
        #expect(IPv4CIDR(input) == nil)
    }

    @Test(arguments: [
        ("2001:DB8::1/32", "2001:db8::/32"), ("::/0", "::/0"), ("2001:db8:0:0:1:0:0:1/128", "2001:db8::1:0:0:1/128"),
        ("fe80::1:2:3:4/64", "fe80::/64"), ("2001:db8::ffff:10.0.0.1/128", "2001:db8::ffff:a00:1/128"),
        ("1:0:0:1:0:0:0:1/128", "1:0:0:1::1/128"),
    ])
    func ipv6CidrsAreCanonicalisedPerRFC5952(input: String, expected: String) {
        #expect(IPv6CIDR(input)?.description == expected)
    }

    @Test(arguments: ["2001:db8::/129", "2001:db8:::/64", "1:2:3:4:5:6:7:8:9/128", "2001:db8::g/64", "10.0.0.0/8", "::1"])
    func malformedIPv6CidrsAreRejected(input: String) {
        #expect(IPv6CIDR(input) == nil)
    }

    @Test func containmentAndOverlap() throws {
        let block = try #require(IPv4CIDR("10.0.0.0/16"))
        #expect(block.contains(try #require(IPv4Address("10.0.255.255"))))
        #expect(!block.contains(try #require(IPv4Address("10.1.0.0"))))
        #expect(block.contains(try #require(IPv4CIDR("10.0.4.0/24"))))
        #expect(!block.contains(try #require(IPv4CIDR("10.0.0.0/8"))))
        #expect(block.overlaps(try #require(IPv4CIDR("10.0.0.0/8"))))
        let v6 = try #require(IPv6CIDR("2001:db8::/32"))
        #expect(v6.contains(try #require(IPv6Address("2001:db8:ffff::1"))))
        #expect(!v6.contains(try #require(IPv6Address("2001:db9::1"))))
    }

    @Test(arguments: [
        ("tcp", IPProtocol.tcp), ("6", .tcp), ("TCP", .tcp), ("17", .udp), ("icmp", .icmp), ("1", .icmp),
        ("58", .icmpv6), ("-1", .all), ("50", .number(50)),
    ])
    func protocolsAreNormalised(input: String, expected: IPProtocol) {
        #expect(IPProtocol(wireValue: input) == expected)
    }

    @Test(arguments: ["all", "bogus", "256", "-2", "+6", ""])
    func unknownProtocolsAreRejected(input: String) {
        #expect(IPProtocol(wireValue: input) == nil)
    }

    @Test func timestampsAreISO8601() {
        #expect(Timestamp(millisecondsSince1970: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(millisecondsSince1970: 1_714_564_800_123).iso8601 == "2024-05-01T12:00:00.123Z")
        #expect(Timestamp(millisecondsSince1970: 951_782_400_000).iso8601 == "2000-02-29T00:00:00.000Z")
    }

    @Test(arguments: [
        ("web-*", "web-servers", true), ("web-*", "db", false), ("w?b", "web", true), ("w?b", "weeb", false),
        ("*", "", true), ("a\\*", "a*", true), ("a\\*", "ab", false), ("*-prod-*", "app-prod-sg", true),
    ])
    func filterWildcards(pattern: String, text: String, matches: Bool) {
        #expect(DescribeFilter.wildcard(pattern, matches: text) == matches)
    }

    /// Across several reseeds of the generator (every 4,096 draws, two draws per ID), no ID repeats.
    @Test func randomIdsDoNotRepeat() {
        let ids = IDGenerator.random
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let id = ids.make(.securityGroupRule)
            #expect(seen.insert(id).inserted, "\(id) twice")
        }
        #expect(seen.allSatisfy(ResourceKind.securityGroupRule.isWellFormed))
    }

    @Test func resourceIdsHaveAWSShape() {
        let ids = IDGenerator.random
        for kind in [ResourceKind.securityGroup, .securityGroupRule, .vpc, .subnet, .networkInterface, .prefixList] {
            let id = ids.make(kind)
            #expect(kind.isWellFormed(id), "\(id)")
            #expect(ResourceKind.of(id: id) == kind)
        }
        #expect(ResourceKind.securityGroup.isWellFormed("sg-12345678"))
        #expect(!ResourceKind.securityGroup.isWellFormed("sg-1234567"))
        #expect(!ResourceKind.securityGroup.isWellFormed("sg-ABCDEF12"))
        #expect(!ResourceKind.securityGroup.isWellFormed("tcp_elb_security_group"))
    }
}
