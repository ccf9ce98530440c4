"""Authorize / Revoke / DescribeSecurityGroupRules / ModifySecurityGroupRules / UpdateSecurityGroupRuleDescriptions*."""

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT, default_vpc, error_code, error_message, group, http_status, new_sg, new_vpc, rules_of, tcp


@pytest.fixture
def vpc(ec2):
    return new_vpc(ec2)["VpcId"]


@pytest.fixture
def sg(ec2, vpc):
    return new_sg(ec2, "rules", vpc)


def ingress(ec2, gid):
    return [r for r in rules_of(ec2, gid) if not r["IsEgress"]]


def egress(ec2, gid):
    return [r for r in rules_of(ec2, gid) if r["IsEgress"]]


def auth_in(ec2, gid, *perms, **kw):
    return ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=list(perms), **kw)


# ---------------------------------------------------------------- authorize basics

def test_authorize_returns_rules(ec2, sg):
    r = auth_in(ec2, sg, tcp(22, "10.0.0.0/8", desc="ssh"))
    assert r["Return"] is True
    rules = r["SecurityGroupRules"]
    assert len(rules) == 1
    rule = rules[0]
    assert rule["SecurityGroupRuleId"].startswith("sgr-") and len(rule["SecurityGroupRuleId"]) == 21
    assert rule["GroupId"] == sg
    assert rule["GroupOwnerId"] == ACCOUNT
    assert rule["IsEgress"] is False
    assert rule["IpProtocol"] == "tcp"
    assert (rule["FromPort"], rule["ToPort"]) == (22, 22)
    assert rule["CidrIpv4"] == "10.0.0.0/8"
    assert rule["Description"] == "ssh"
    assert rule["SecurityGroupRuleArn"] == f"arn:aws:ec2:us-east-1:{ACCOUNT}:security-group-rule/{rule['SecurityGroupRuleId']}"
    assert "CidrIpv6" not in rule and "PrefixListId" not in rule and "ReferencedGroupInfo" not in rule
    described = ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule["SecurityGroupRuleId"]])["SecurityGroupRules"]
    assert described == [rule] or {k: v for k, v in described[0].items() if k != "Tags"} == {k: v for k, v in rule.items() if k != "Tags"}


def test_multi_peer_permissions_split_and_regroup(ec2, sg):
    other = new_sg(ec2, "peer", group(ec2, sg)["VpcId"])
    r = auth_in(ec2, sg,
                {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
                 "IpRanges": [{"CidrIp": "10.1.0.0/16", "Description": "a"}, {"CidrIp": "10.2.0.0/16"}]},
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                 "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32", "Description": "v6"}],
                 "UserIdGroupPairs": [{"GroupId": other, "Description": "peer"}]})
    rules = r["SecurityGroupRules"]
    assert len(rules) == 4
    assert len({x["SecurityGroupRuleId"] for x in rules}) == 4
    # rules on the same port, added in a second call, regroup in DescribeSecurityGroups
    auth_in(ec2, sg, tcp(80, "10.3.0.0/16"))
    perms = {(p["IpProtocol"], p.get("FromPort"), p.get("ToPort")): p for p in group(ec2, sg)["IpPermissions"]}
    assert set(perms) == {("tcp", 80, 80), ("tcp", 443, 443)}
    p80 = perms[("tcp", 80, 80)]
    assert sorted((x["CidrIp"], x.get("Description")) for x in p80["IpRanges"]) == [
        ("10.1.0.0/16", "a"), ("10.2.0.0/16", None), ("10.3.0.0/16", None)]
    p443 = perms[("tcp", 443, 443)]
    assert p443["Ipv6Ranges"] == [{"CidrIpv6": "2001:db8::/32", "Description": "v6"}]
    assert [(x["GroupId"], x["UserId"], x.get("Description")) for x in p443["UserIdGroupPairs"]] == [(other, ACCOUNT, "peer")]
    assert len(ingress(ec2, sg)) == 5


def test_six_rules_three_ports_show_as_three_permissions(ec2, sg):
    for port in (22, 80, 443):
        auth_in(ec2, sg, tcp(port, "10.0.0.0/8", "192.168.0.0/16"))
    g = group(ec2, sg)
    assert len(g["IpPermissions"]) == 3
    assert all(len(p["IpRanges"]) == 2 for p in g["IpPermissions"])


def test_authorize_by_group_name_default_vpc(ec2):
    new_sg(ec2, "named")
    r = ec2.authorize_security_group_ingress(GroupName="named", IpProtocol="tcp", FromPort=8080, ToPort=8080,
                                             CidrIp="10.0.0.0/8")
    assert len(r["SecurityGroupRules"]) == 1
    g = ec2.describe_security_groups(GroupNames=["named"])["SecurityGroups"][0]
    assert g["IpPermissions"][0]["IpRanges"] == [{"CidrIp": "10.0.0.0/8"}]


def test_authorize_unknown_group(ec2, vpc):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, "sg-0123456789abcdef0", tcp(22, "10.0.0.0/8"))
    assert error_code(e) == "InvalidGroup.NotFound"
    with pytest.raises(ClientError) as e:
        auth_in(ec2, "not-a-group", tcp(22, "10.0.0.0/8"))
    assert error_code(e) == "InvalidGroupId.Malformed"
    with pytest.raises(ClientError) as e:
        ec2.authorize_security_group_ingress(GroupName="nonexistent", IpPermissions=[tcp(22, "10.0.0.0/8")])
    assert error_code(e) == "InvalidGroup.NotFound"
    assert error_message(e) == f"The security group 'nonexistent' does not exist in default VPC '{default_vpc(ec2)['VpcId']}'"


def test_authorize_missing_group(ec2, raw):
    r = raw("AuthorizeSecurityGroupIngress", {"IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "1",
                                              "IpPermissions.1.ToPort": "1", "IpPermissions.1.IpRanges.1.CidrIp": "1.2.3.4/32"})
    assert r.status_code == 400
    assert "<Code>MissingParameter</Code>" in r.text
    r = raw("AuthorizeSecurityGroupEgress", {"IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "1",
                                             "IpPermissions.1.ToPort": "1", "IpPermissions.1.IpRanges.1.CidrIp": "1.2.3.4/32"})
    assert r.status_code == 400
    assert "<Code>MissingParameter</Code>" in r.text


# ---------------------------------------------------------------- atomicity and duplicates

def test_atomic_one_bad_permission_adds_nothing(ec2, sg):
    before = rules_of(ec2, sg)
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(22, "10.0.0.0/8"), tcp(80, "10.0.0.0/8"), {"IpProtocol": "all", "IpRanges": [{"CidrIp": "1.2.3.4/32"}]})
    assert error_code(e) == "InvalidParameterValue"
    assert rules_of(ec2, sg) == before
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(22, "10.0.0.0/8"), tcp(80, "10.0.0.0/33"))
    assert error_code(e) == "InvalidParameterValue"
    assert rules_of(ec2, sg) == before
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(22, "10.0.0.0/8"), {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1,
                                                   "UserIdGroupPairs": [{"GroupId": "sg-0123456789abcdef0"}]})
    assert error_code(e) == "InvalidGroup.NotFound"
    assert rules_of(ec2, sg) == before


def test_atomic_duplicate_in_batch_adds_nothing(ec2, sg):
    auth_in(ec2, sg, tcp(22, "10.0.0.0/8"))
    before = rules_of(ec2, sg)
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(80, "10.0.0.0/8"), tcp(22, "10.0.0.0/8"))
    assert error_code(e) == "InvalidPermission.Duplicate"
    assert rules_of(ec2, sg) == before


def test_duplicate_message_and_description_ignored(ec2, sg):
    auth_in(ec2, sg, tcp(22, "0.0.0.0/0", desc="first"))
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(22, "0.0.0.0/0", desc="second"))
    assert error_code(e) == "InvalidPermission.Duplicate"
    assert error_message(e) == 'the specified rule "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW" already exists'
    assert http_status(e) == 400


def test_duplicate_within_one_request(ec2, sg):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                          "IpRanges": [{"CidrIp": "10.0.0.0/24"}, {"CidrIp": "10.0.0.5/24"}]})
    assert error_code(e) == "InvalidPermission.Duplicate"
    assert ingress(ec2, sg) == []


def test_duplicate_non_canonical_cidr(ec2, sg):
    r = auth_in(ec2, sg, tcp(443, "10.0.0.1/24"))
    assert r["SecurityGroupRules"][0]["CidrIpv4"] == "10.0.0.0/24"
    assert group(ec2, sg)["IpPermissions"][0]["IpRanges"] == [{"CidrIp": "10.0.0.0/24"}]
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(443, "10.0.0.0/24"))
    assert error_code(e) == "InvalidPermission.Duplicate"
    assert len(ingress(ec2, sg)) == 1


def test_ipv6_canonicalised(ec2, sg):
    r = auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "Ipv6Ranges": [{"CidrIpv6": "2001:DB8:0:0::1/64"}]})
    assert r["SecurityGroupRules"][0]["CidrIpv6"] == "2001:db8::/64"
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/64"}]})
    assert error_code(e) == "InvalidPermission.Duplicate"


def test_all_protocol_with_ports_is_duplicate(ec2, sg):
    auth_in(ec2, sg, {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.9.0.0/16"}]})
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "-1", "FromPort": 1, "ToPort": 5, "IpRanges": [{"CidrIp": "10.9.0.0/16"}]})
    assert error_code(e) == "InvalidPermission.Duplicate"
    assert error_message(e) == 'the specified rule "peer: 10.9.0.0/16, ALL, ALLOW" already exists'


def test_default_egress_duplicate(ec2, sg):
    with pytest.raises(ClientError) as e:
        ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    assert error_code(e) == "InvalidPermission.Duplicate"
    assert error_message(e) == 'the specified rule "peer: 0.0.0.0/0, ALL, ALLOW" already exists'


def test_group_reference_duplicate_message(ec2, sg, vpc):
    other = new_sg(ec2, "other", vpc)
    perm = {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "UserIdGroupPairs": [{"GroupId": other}]}
    auth_in(ec2, sg, perm)
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, perm)
    assert error_code(e) == "InvalidPermission.Duplicate"
    assert error_message(e) == f'the specified rule "peer: {other}, TCP, from port: 0, to port: 65535, ALLOW" already exists'


def test_ports_part_of_identity(ec2, sg):
    auth_in(ec2, sg, tcp(22, "10.0.0.0/8"))
    auth_in(ec2, sg, tcp(20, "10.0.0.0/8", to=25))
    auth_in(ec2, sg, {"IpProtocol": "udp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]})
    assert len(ingress(ec2, sg)) == 3


# ---------------------------------------------------------------- protocol / port validation

def test_protocol_all_rejected(ec2, sg):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "all", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]})
    assert error_code(e) == "InvalidParameterValue"
    assert error_message(e) == "Invalid value 'all' for IP protocol. Unknown protocol."


def test_protocol_unknown_name(ec2, sg):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "bogus", "FromPort": 1, "ToPort": 2, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]})
    assert error_code(e) == "InvalidParameterValue"
    assert error_message(e) == "Invalid value 'bogus' for IP protocol. Unknown protocol."


@pytest.mark.parametrize("number", ["256", "-2", "999"])
def test_protocol_number_out_of_range(ec2, sg, number):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": number, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]})
    assert error_code(e) == "InvalidParameterValue"


def test_tcp_without_ports(ec2, sg):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "tcp", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]})
    assert error_code(e) == "InvalidParameterValue"
    assert error_message(e) == "Invalid value for portRange. Must specify both from and to ports with TCP/UDP."


def test_udp_only_to_port(ec2, sg):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "udp", "ToPort": 53, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]})
    assert error_code(e) == "InvalidPermission.Malformed"
    assert error_message(e) == "TCP/UDP port (-1) out of range"


@pytest.mark.parametrize("from_port,to_port", [(70000, 70000), (-5, 10), (0, 65536)])
def test_tcp_port_out_of_range(ec2, sg, from_port, to_port):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(from_port, "10.0.0.0/8", to=to_port))
    assert error_code(e) in ("InvalidPermission.Malformed", "InvalidParameterValue")
    assert ingress(ec2, sg) == []


def test_tcp_from_greater_than_to(ec2, sg):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(100, "10.0.0.0/8", to=10))
    assert error_code(e) in ("InvalidParameterValue", "InvalidPermission.Malformed")
    assert ingress(ec2, sg) == []


def test_icmp_without_ports(ec2, sg):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "icmp", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]})
    assert error_code(e) == "InvalidParameterValue"
    assert error_message(e).endswith("Must specify both from and to ports with ICMP.")


def test_icmp_type_and_code(ec2, sg):
    r = auth_in(ec2, sg, {"IpProtocol": "icmp", "FromPort": 8, "ToPort": 0, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
                {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "192.168.0.0/16"}]},
                {"IpProtocol": "1", "FromPort": 3, "ToPort": 4, "IpRanges": [{"CidrIp": "172.16.0.0/12"}]})
    got = sorted((x["IpProtocol"], x["FromPort"], x["ToPort"]) for x in r["SecurityGroupRules"])
    assert got == [("icmp", -1, -1), ("icmp", 3, 4), ("icmp", 8, 0)]
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "icmp", "FromPort": -1, "ToPort": 4, "IpRanges": [{"CidrIp": "10.9.0.0/16"}]})
    assert error_code(e) == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "icmp", "FromPort": 300, "ToPort": 0, "IpRanges": [{"CidrIp": "10.9.0.0/16"}]})
    assert error_code(e) == "InvalidParameterValue"


def test_icmpv6_optional_ports(ec2, sg):
    r = auth_in(ec2, sg, {"IpProtocol": "icmpv6", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]})
    rule = r["SecurityGroupRules"][0]
    assert rule["IpProtocol"] == "icmpv6"
    assert (rule["FromPort"], rule["ToPort"]) == (-1, -1)


@pytest.mark.parametrize("given,stored", [("17", "udp"), ("6", "tcp"), ("1", "icmp"), ("58", "icmpv6"), ("TCP", "tcp"), ("UDP", "udp")])
def test_protocol_numbers_and_case_normalised(ec2, sg, given, stored):
    ports = {"FromPort": 53, "ToPort": 53} if stored in ("tcp", "udp") else {"FromPort": -1, "ToPort": -1}
    peer = {"Ipv6Ranges": [{"CidrIpv6": "::/0"}]} if stored == "icmpv6" else {"IpRanges": [{"CidrIp": "10.0.0.0/8"}]}
    r = auth_in(ec2, sg, {"IpProtocol": given, **ports, **peer})
    assert r["SecurityGroupRules"][0]["IpProtocol"] == stored
    assert group(ec2, sg)["IpPermissions"][0]["IpProtocol"] == stored


def test_17_duplicates_udp(ec2, sg):
    auth_in(ec2, sg, {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]})
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "17", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]})
    assert error_code(e) == "InvalidPermission.Duplicate"


def test_other_protocol_number_ignores_ports(ec2, sg):
    r = auth_in(ec2, sg, {"IpProtocol": "50", "FromPort": 10, "ToPort": 20, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]})
    assert r["SecurityGroupRules"][0]["IpProtocol"] == "50"
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "50", "FromPort": 1, "ToPort": 2, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]})
    assert error_code(e) == "InvalidPermission.Duplicate"


def test_all_traffic_rule_describe_omits_ports(ec2, sg):
    r = auth_in(ec2, sg, {"IpProtocol": "-1", "FromPort": 0, "ToPort": 0, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]})
    rule = r["SecurityGroupRules"][0]
    assert (rule["IpProtocol"], rule["FromPort"], rule["ToPort"]) == ("-1", -1, -1)
    perm = group(ec2, sg)["IpPermissions"][0]
    assert perm["IpProtocol"] == "-1" and "FromPort" not in perm and "ToPort" not in perm


# ---------------------------------------------------------------- peers validation

@pytest.mark.parametrize("cidr", ["10.0.0.0", "10.0.0.256/24", "10.0.0.0/33", "::/0", "garbage", ""])
def test_bad_ipv4_cidr(ec2, sg, cidr):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(22, cidr))
    assert error_code(e) in ("InvalidParameterValue", "MissingParameter") if cidr == "" else error_code(e) == "InvalidParameterValue"
    if cidr == "10.0.0.0":
        assert error_message(e) == "CIDR block 10.0.0.0 is malformed"


@pytest.mark.parametrize("cidr", ["10.0.0.0/8", "2001:db8::/129", "zz::/64"])
def test_bad_ipv6_cidr(ec2, sg, cidr):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "Ipv6Ranges": [{"CidrIpv6": cidr}]})
    assert error_code(e) == "InvalidParameterValue"


def test_permission_without_peers(ec2, sg):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1})
    assert error_code(e) == "MissingParameter"


def test_reference_group_in_other_vpc_refused(ec2, sg):
    other_vpc = new_vpc(ec2, "10.1.0.0/16")["VpcId"]
    foreign = new_sg(ec2, "foreign", other_vpc)
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "UserIdGroupPairs": [{"GroupId": foreign}]})
    assert error_code(e) == "InvalidGroup.NotFound"
    assert ingress(ec2, sg) == []


def test_reference_by_group_name_default_vpc(ec2):
    a = new_sg(ec2, "a")
    b = new_sg(ec2, "b")
    r = ec2.authorize_security_group_ingress(GroupId=a, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "UserIdGroupPairs": [{"GroupName": "b"}]}])
    assert r["SecurityGroupRules"][0]["ReferencedGroupInfo"]["GroupId"] == b


def test_legacy_source_security_group_name(ec2):
    a = new_sg(ec2, "a")
    b = new_sg(ec2, "b")
    r = ec2.authorize_security_group_ingress(GroupName="a", SourceSecurityGroupName="b")
    # "grants full ICMP, UDP, and TCP access"
    protos = sorted(x["IpProtocol"] for x in r["SecurityGroupRules"])
    assert protos == ["icmp", "tcp", "udp"]
    assert all(x["ReferencedGroupInfo"]["GroupId"] == b for x in r["SecurityGroupRules"])


def test_unknown_prefix_list(ec2, sg):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "PrefixListIds": [{"PrefixListId": "pl-0123456789abcdef0"}]})
    assert error_code(e) == "InvalidPrefixListID.NotFound"
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "PrefixListIds": [{"PrefixListId": "bogus"}]})
    assert error_code(e) == "InvalidPrefixListId.Malformed"


def test_rule_description_charset(ec2, sg):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(22, "10.0.0.0/8", desc="naïve"))
    assert error_code(e) == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(22, "10.0.0.0/8", desc="x" * 256))
    assert error_code(e) == "InvalidParameterValue"
    auth_in(ec2, sg, tcp(22, "10.0.0.0/8", desc="ok ._-:/()#,@[]+=&;{}!$*"))


def test_rule_tags_via_tag_specification(ec2, sg):
    r = auth_in(ec2, sg, tcp(22, "10.0.0.0/8", "10.1.0.0/16"),
                TagSpecifications=[{"ResourceType": "security-group-rule", "Tags": [{"Key": "Purpose", "Value": "ssh"}]}])
    ids = [x["SecurityGroupRuleId"] for x in r["SecurityGroupRules"]]
    for x in r["SecurityGroupRules"]:
        assert x["Tags"] == [{"Key": "Purpose", "Value": "ssh"}]
    described = ec2.describe_security_group_rules(SecurityGroupRuleIds=ids)["SecurityGroupRules"]
    assert all(x["Tags"] == [{"Key": "Purpose", "Value": "ssh"}] for x in described)
    tags = ec2.describe_tags(Filters=[{"Name": "resource-type", "Values": ["security-group-rule"]}])["Tags"]
    assert sorted(t["ResourceId"] for t in tags) == sorted(ids)
    by_tag = ec2.describe_security_group_rules(Filters=[{"Name": "tag:Purpose", "Values": ["ssh"]}])["SecurityGroupRules"]
    assert sorted(x["SecurityGroupRuleId"] for x in by_tag) == sorted(ids)


def test_rule_tags_wrong_resource_type(ec2, sg):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(22, "10.0.0.0/8"),
                TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "a", "Value": "b"}]}])
    assert error_code(e) == "InvalidParameterValue"
    assert ingress(ec2, sg) == []


def test_egress_legacy_fields_refused(ec2, sg, raw):
    r = raw("AuthorizeSecurityGroupEgress", {"GroupId": sg, "IpProtocol": "tcp", "FromPort": "1", "ToPort": "1", "CidrIp": "10.0.0.0/8"})
    assert r.status_code == 400
    assert len(egress(ec2, sg)) == 1


def test_legacy_mixed_with_ip_permissions(ec2, sg, raw):
    r = raw("AuthorizeSecurityGroupIngress", {"GroupId": sg, "IpProtocol": "tcp", "FromPort": "1", "ToPort": "1", "CidrIp": "10.0.0.0/8",
                                              "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "2",
                                              "IpPermissions.1.ToPort": "2", "IpPermissions.1.IpRanges.1.CidrIp": "10.0.0.0/8"})
    assert r.status_code == 400
    assert "<Code>InvalidParameterCombination</Code>" in r.text
    assert ingress(ec2, sg) == []


# ---------------------------------------------------------------- quotas

def _cidrs(n, base=10):
    return [f"{base}.{i // 256}.{i % 256}.0/24" for i in range(n)]


def test_rules_per_group_limit_ipv4(ec2, sg):
    auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1,
                      "IpRanges": [{"CidrIp": c} for c in _cidrs(60)]})
    assert len(ingress(ec2, sg)) == 60
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(2, "192.168.0.0/16"))
    assert error_code(e) == "RulesPerSecurityGroupLimitExceeded"
    assert error_message(e) == "The maximum number of rules per security group has been reached."
    assert len(ingress(ec2, sg)) == 60
    # egress is counted separately (1 default + 59 more fits)
    ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "IpRanges": [{"CidrIp": c} for c in _cidrs(59)]}])
    with pytest.raises(ClientError) as e:
        ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[tcp(3, "192.168.0.0/16")])
    assert error_code(e) == "RulesPerSecurityGroupLimitExceeded"
    # IPv6 is counted separately from IPv4
    auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32"}]})


def test_rules_limit_one_request_over_adds_nothing(ec2, sg):
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "IpRanges": [{"CidrIp": c} for c in _cidrs(61)]})
    assert error_code(e) == "RulesPerSecurityGroupLimitExceeded"
    assert ingress(ec2, sg) == []


def test_rules_limit_ipv6_separate(ec2, sg):
    v6 = [f"2001:db8:{i:x}::/48" for i in range(60)]
    auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "Ipv6Ranges": [{"CidrIpv6": c} for c in v6]})
    auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "IpRanges": [{"CidrIp": c} for c in _cidrs(60)]})
    assert len(ingress(ec2, sg)) == 120
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 2, "ToPort": 2, "Ipv6Ranges": [{"CidrIpv6": "2001:db9::/32"}]})
    assert error_code(e) == "RulesPerSecurityGroupLimitExceeded"


def test_rules_limit_references_count_in_both(ec2, sg, vpc):
    v6 = [f"2001:db8:{i:x}::/48" for i in range(59)]
    auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "Ipv6Ranges": [{"CidrIpv6": c} for c in v6]})
    auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "IpRanges": [{"CidrIp": c} for c in _cidrs(30)]})
    peer = new_sg(ec2, "peer", vpc)
    # one reference: v4 = 31, v6 = 60 -> ok
    auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 9, "ToPort": 9, "UserIdGroupPairs": [{"GroupId": peer}]})
    # a second reference would make v6 = 61
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 10, "ToPort": 10, "UserIdGroupPairs": [{"GroupId": peer}]})
    assert error_code(e) == "RulesPerSecurityGroupLimitExceeded"
    # but an IPv4 CIDR is still fine (v4 = 32)
    auth_in(ec2, sg, tcp(10, "172.16.0.0/12"))


def test_rules_limit_prefix_list_weighs_max_entries(ec2, sg):
    pl = ec2.create_managed_prefix_list(PrefixListName="big", MaxEntries=50, AddressFamily="IPv4",
                                        Entries=[{"Cidr": "192.0.2.0/24"}])["PrefixList"]["PrefixListId"]
    auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "PrefixListIds": [{"PrefixListId": pl}]})
    auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "IpRanges": [{"CidrIp": c} for c in _cidrs(10)]})
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, tcp(2, "192.168.0.0/16"))
    assert error_code(e) == "RulesPerSecurityGroupLimitExceeded"
    # weight counts for IPv6 too: 50 + 10 v6 is full, 11th refused
    v6 = [f"2001:db8:{i:x}::/48" for i in range(10)]
    auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "Ipv6Ranges": [{"CidrIpv6": c} for c in v6]})
    with pytest.raises(ClientError) as e:
        auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 3, "ToPort": 3, "Ipv6Ranges": [{"CidrIpv6": "2001:db9::/32"}]})
    assert error_code(e) == "RulesPerSecurityGroupLimitExceeded"


# ---------------------------------------------------------------- revoke by permission

def test_revoke_exact_match(ec2, sg):
    auth_in(ec2, sg, tcp(22, "10.0.0.0/8", desc="d"), tcp(20, "10.0.0.0/8", to=25))
    r = ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22, "10.0.0.0/8")])
    assert r["Return"] is True
    assert len(r["RevokedSecurityGroupRules"]) == 1
    rv = r["RevokedSecurityGroupRules"][0]
    assert rv["CidrIpv4"] == "10.0.0.0/8" and rv["FromPort"] == 22 and rv["IsEgress"] is False and rv["GroupId"] == sg
    assert rv["Description"] == "d"
    assert r.get("UnknownIpPermissions", []) == []
    remaining = ingress(ec2, sg)
    assert [(x["FromPort"], x["ToPort"]) for x in remaining] == [(20, 25)]


def test_revoke_non_canonical_matches(ec2, sg):
    auth_in(ec2, sg, tcp(22, "10.0.0.0/24"))
    ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22, "10.0.0.77/24")])
    assert ingress(ec2, sg) == []


def test_revoke_wider_range_does_not_match(ec2, sg):
    auth_in(ec2, sg, tcp(22, "10.0.0.0/8"))
    with pytest.raises(ClientError) as e:
        ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=[tcp(0, "10.0.0.0/8", to=65535)])
    assert error_code(e) == "InvalidPermission.NotFound"
    assert error_message(e) == "The specified rule does not exist in this security group."
    assert len(ingress(ec2, sg)) == 1


def test_revoke_non_default_vpc_all_or_nothing(ec2, sg):
    auth_in(ec2, sg, tcp(22, "10.0.0.0/8"), tcp(80, "10.0.0.0/8"))
    with pytest.raises(ClientError) as e:
        ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22, "10.0.0.0/8"), tcp(443, "10.0.0.0/8")])
    assert error_code(e) == "InvalidPermission.NotFound"
    assert len(ingress(ec2, sg)) == 2


def test_revoke_default_vpc_partial_reports_unknown(ec2):
    sg = new_sg(ec2, "dflt")
    auth_in(ec2, sg, tcp(22, "10.0.0.0/8"), tcp(80, "10.0.0.0/8"))
    r = ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22, "10.0.0.0/8"), tcp(443, "10.0.0.0/8")])
    assert [x["FromPort"] for x in r["RevokedSecurityGroupRules"]] == [22]
    unknown = r["UnknownIpPermissions"]
    assert len(unknown) == 1
    assert unknown[0]["IpProtocol"] == "tcp" and unknown[0]["FromPort"] == 443 and unknown[0]["ToPort"] == 443
    assert [x["CidrIp"] for x in unknown[0]["IpRanges"]] == ["10.0.0.0/8"]
    assert [x["FromPort"] for x in ingress(ec2, sg)] == [80]


def test_revoke_egress_default_rule(ec2, sg):
    r = ec2.revoke_security_group_egress(GroupId=sg, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    assert len(r["RevokedSecurityGroupRules"]) == 1
    assert r["RevokedSecurityGroupRules"][0]["IsEgress"] is True
    assert group(ec2, sg)["IpPermissionsEgress"] == []


def test_revoke_group_reference_and_prefix_list(ec2, sg, vpc):
    other = new_sg(ec2, "other", vpc)
    pl = ec2.create_managed_prefix_list(PrefixListName="p", MaxEntries=1, AddressFamily="IPv4")["PrefixList"]["PrefixListId"]
    auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 5, "ToPort": 5, "UserIdGroupPairs": [{"GroupId": other}],
                      "PrefixListIds": [{"PrefixListId": pl}]})
    r = ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5, "ToPort": 5, "UserIdGroupPairs": [{"GroupId": other}],
         "PrefixListIds": [{"PrefixListId": pl}]}])
    revoked = r["RevokedSecurityGroupRules"]
    assert sorted(x.get("ReferencedGroupId", "") + x.get("PrefixListId", "") for x in revoked) == sorted([other, pl])
    assert ingress(ec2, sg) == []


def test_revoke_unknown_group(ec2):
    with pytest.raises(ClientError) as e:
        ec2.revoke_security_group_ingress(GroupId="sg-0123456789abcdef0", IpPermissions=[tcp(22, "10.0.0.0/8")])
    assert error_code(e) == "InvalidGroup.NotFound"


# ---------------------------------------------------------------- revoke by rule id

def test_revoke_by_rule_ids(ec2, sg):
    r = auth_in(ec2, sg, tcp(22, "10.0.0.0/8"), tcp(80, "10.0.0.0/8"), tcp(443, "10.0.0.0/8"))
    ids = [x["SecurityGroupRuleId"] for x in r["SecurityGroupRules"]]
    out = ec2.revoke_security_group_ingress(GroupId=sg, SecurityGroupRuleIds=ids[:2])
    assert out["Return"] is True
    assert sorted(x["SecurityGroupRuleId"] for x in out["RevokedSecurityGroupRules"]) == sorted(ids[:2])
    assert [x["SecurityGroupRuleId"] for x in ingress(ec2, sg)] == [ids[2]]


def test_revoke_by_rule_id_unknown_or_wrong_direction(ec2, sg):
    r = auth_in(ec2, sg, tcp(22, "10.0.0.0/8"))
    rid = r["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    eg = egress(ec2, sg)[0]["SecurityGroupRuleId"]
    with pytest.raises(ClientError) as e:
        ec2.revoke_security_group_ingress(GroupId=sg, SecurityGroupRuleIds=[rid, "sgr-0123456789abcdef0"])
    assert error_code(e) == "InvalidSecurityGroupRuleId.NotFound"
    assert len(ingress(ec2, sg)) == 1
    with pytest.raises(ClientError) as e:
        ec2.revoke_security_group_ingress(GroupId=sg, SecurityGroupRuleIds=[eg])
    assert error_code(e) == "InvalidSecurityGroupRuleId.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.revoke_security_group_egress(GroupId=sg, SecurityGroupRuleIds=["bogus"])
    assert error_code(e) == "InvalidSecurityGroupRuleId.Malformed"
    assert len(egress(ec2, sg)) == 1
    out = ec2.revoke_security_group_egress(GroupId=sg, SecurityGroupRuleIds=[eg])
    assert [x["SecurityGroupRuleId"] for x in out["RevokedSecurityGroupRules"]] == [eg]


def test_revoke_rule_of_other_group(ec2, sg, vpc):
    other = new_sg(ec2, "other", vpc)
    rid = auth_in(ec2, other, tcp(22, "10.0.0.0/8"))["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    with pytest.raises(ClientError) as e:
        ec2.revoke_security_group_ingress(GroupId=sg, SecurityGroupRuleIds=[rid])
    assert error_code(e) == "InvalidSecurityGroupRuleId.NotFound"
    assert len(ingress(ec2, other)) == 1


# ---------------------------------------------------------------- DescribeSecurityGroupRules

def test_describe_rules_filters_and_errors(ec2, sg, vpc):
    other = new_sg(ec2, "other", vpc)
    r1 = auth_in(ec2, sg, tcp(22, "10.0.0.0/8"))["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    auth_in(ec2, other, tcp(22, "10.0.0.0/8"))
    got = ec2.describe_security_group_rules(Filters=[{"Name": "security-group-rule-id", "Values": [r1]}])["SecurityGroupRules"]
    assert [x["SecurityGroupRuleId"] for x in got] == [r1]
    both = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [sg, other]}])["SecurityGroupRules"]
    assert len(both) == 4  # 2 ingress + 2 default egress
    with pytest.raises(ClientError) as e:
        ec2.describe_security_group_rules(SecurityGroupRuleIds=["sgr-0123456789abcdef0"])
    assert error_code(e) == "InvalidSecurityGroupRuleId.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.describe_security_group_rules(SecurityGroupRuleIds=["sg-0123456789abcdef0"])
    assert error_code(e) == "InvalidSecurityGroupRuleId.Malformed"
    with pytest.raises(ClientError) as e:
        ec2.describe_security_group_rules(Filters=[{"Name": "ip-protocol", "Values": ["tcp"]}])
    assert error_code(e) == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": ["garbage"]}])
    assert error_code(e) == "InvalidGroupId.Malformed"


def test_describe_rules_reference_info(ec2, sg, vpc):
    other = new_sg(ec2, "other", vpc)
    rule = auth_in(ec2, sg, {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1,
                             "UserIdGroupPairs": [{"GroupId": other}]})["SecurityGroupRules"][0]
    info = rule["ReferencedGroupInfo"]
    assert info["GroupId"] == other and info["UserId"] == ACCOUNT
    assert "CidrIpv4" not in rule


# ---------------------------------------------------------------- ModifySecurityGroupRules

def test_modify_rule_keeps_id(ec2, sg):
    rid = auth_in(ec2, sg, tcp(22, "10.0.0.0/8", desc="old"))["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    r = ec2.modify_security_group_rules(GroupId=sg, SecurityGroupRules=[{
        "SecurityGroupRuleId": rid,
        "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 2222, "ToPort": 2223, "CidrIpv4": "192.168.1.9/24", "Description": "new"}}])
    assert r["Return"] is True
    rules = ingress(ec2, sg)
    assert len(rules) == 1
    x = rules[0]
    assert x["SecurityGroupRuleId"] == rid
    assert (x["IpProtocol"], x["FromPort"], x["ToPort"], x["CidrIpv4"], x.get("Description")) == \
        ("tcp", 2222, 2223, "192.168.1.0/24", "new")


def test_modify_rule_type_change_refused(ec2, sg, vpc):
    other = new_sg(ec2, "other", vpc)
    rid = auth_in(ec2, sg, tcp(22, "10.0.0.0/8"))["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    with pytest.raises(ClientError) as e:
        ec2.modify_security_group_rules(GroupId=sg, SecurityGroupRules=[{
            "SecurityGroupRuleId": rid,
            "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "ReferencedGroupId": other}}])
    assert error_code(e) == "InvalidParameterValue"
    assert error_message(e) == "You may not specify a referenced group id for an existing IPv4 CIDR rule."
    with pytest.raises(ClientError) as e:
        ec2.modify_security_group_rules(GroupId=sg, SecurityGroupRules=[{
            "SecurityGroupRuleId": rid,
            "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv6": "::/0"}}])
    assert error_code(e) == "InvalidParameterValue"
    assert ingress(ec2, sg)[0]["CidrIpv4"] == "10.0.0.0/8"


def test_modify_rule_errors(ec2, sg, vpc):
    rid = auth_in(ec2, sg, tcp(22, "10.0.0.0/8"))["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    rid2 = auth_in(ec2, sg, tcp(23, "10.0.0.0/8"))["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    with pytest.raises(ClientError) as e:
        ec2.modify_security_group_rules(GroupId=sg, SecurityGroupRules=[{
            "SecurityGroupRuleId": "sgr-0123456789abcdef0",
            "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv4": "10.0.0.0/8"}}])
    assert error_code(e) == "InvalidSecurityGroupRuleId.NotFound"
    # would duplicate rid2
    with pytest.raises(ClientError) as e:
        ec2.modify_security_group_rules(GroupId=sg, SecurityGroupRules=[{
            "SecurityGroupRuleId": rid,
            "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 23, "ToPort": 23, "CidrIpv4": "10.0.0.0/8"}}])
    assert error_code(e) == "InvalidPermission.Duplicate"
    # rule of another group
    other = new_sg(ec2, "other", vpc)
    with pytest.raises(ClientError) as e:
        ec2.modify_security_group_rules(GroupId=other, SecurityGroupRules=[{
            "SecurityGroupRuleId": rid,
            "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 24, "ToPort": 24, "CidrIpv4": "10.0.0.0/8"}}])
    assert error_code(e) == "InvalidSecurityGroupRuleId.NotFound"
    # bad protocol
    with pytest.raises(ClientError) as e:
        ec2.modify_security_group_rules(GroupId=sg, SecurityGroupRules=[{
            "SecurityGroupRuleId": rid,
            "SecurityGroupRule": {"IpProtocol": "all", "CidrIpv4": "10.0.0.0/8"}}])
    assert error_code(e) == "InvalidParameterValue"
    assert sorted(x["FromPort"] for x in ingress(ec2, sg)) == [22, 23]


def test_modify_egress_rule(ec2, sg):
    eg = egress(ec2, sg)[0]["SecurityGroupRuleId"]
    ec2.modify_security_group_rules(GroupId=sg, SecurityGroupRules=[{
        "SecurityGroupRuleId": eg, "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIpv4": "0.0.0.0/0"}}])
    x = egress(ec2, sg)[0]
    assert x["SecurityGroupRuleId"] == eg and x["IsEgress"] is True and x["IpProtocol"] == "tcp"


# ---------------------------------------------------------------- UpdateSecurityGroupRuleDescriptions*

def test_update_descriptions_by_permission(ec2, sg):
    auth_in(ec2, sg, tcp(22, "10.0.0.0/8", desc="old"), tcp(80, "10.0.0.0/8"))
    r = ec2.update_security_group_rule_descriptions_ingress(GroupId=sg, IpPermissions=[tcp(22, "10.0.0.0/8", desc="new")])
    assert r["Return"] is True
    by_port = {x["FromPort"]: x for x in ingress(ec2, sg)}
    assert by_port[22]["Description"] == "new"
    assert "Description" not in by_port[80] or by_port[80]["Description"] in ("", None)
    # omitting removes
    ec2.update_security_group_rule_descriptions_ingress(GroupId=sg, IpPermissions=[tcp(22, "10.0.0.0/8")])
    by_port = {x["FromPort"]: x for x in ingress(ec2, sg)}
    assert by_port[22].get("Description", "") == ""


def test_update_descriptions_unmatched(ec2, sg):
    auth_in(ec2, sg, tcp(22, "10.0.0.0/8", desc="old"))
    with pytest.raises(ClientError) as e:
        ec2.update_security_group_rule_descriptions_ingress(GroupId=sg, IpPermissions=[
            tcp(22, "10.0.0.0/8", desc="new"), tcp(23, "10.0.0.0/8", desc="x")])
    assert error_code(e) == "InvalidPermission.NotFound"
    assert error_message(e) == "The specified rule does not exist in this security group."
    assert ingress(ec2, sg)[0]["Description"] == "old"


def test_update_descriptions_by_rule_id_egress(ec2, sg):
    eg = egress(ec2, sg)[0]["SecurityGroupRuleId"]
    r = ec2.update_security_group_rule_descriptions_egress(GroupId=sg, SecurityGroupRuleDescriptions=[
        {"SecurityGroupRuleId": eg, "Description": "all out"}])
    assert r["Return"] is True
    assert egress(ec2, sg)[0]["Description"] == "all out"
    assert group(ec2, sg)["IpPermissionsEgress"][0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0", "Description": "all out"}]
    with pytest.raises(ClientError) as e:
        ec2.update_security_group_rule_descriptions_ingress(GroupId=sg, SecurityGroupRuleDescriptions=[
            {"SecurityGroupRuleId": eg, "Description": "x"}])
    assert error_code(e) == "InvalidSecurityGroupRuleId.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.update_security_group_rule_descriptions_egress(GroupId=sg, SecurityGroupRuleDescriptions=[
            {"SecurityGroupRuleId": eg, "Description": "naïve"}])
    assert error_code(e) == "InvalidParameterValue"


def test_update_descriptions_egress_by_permission(ec2, sg):
    ec2.update_security_group_rule_descriptions_egress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "everything"}]}])
    assert egress(ec2, sg)[0]["Description"] == "everything"


def test_update_descriptions_by_group_name(ec2):
    sg = new_sg(ec2, "named")
    auth_in(ec2, sg, tcp(22, "10.0.0.0/8"))
    ec2.update_security_group_rule_descriptions_ingress(GroupName="named", IpPermissions=[tcp(22, "10.0.0.0/8", desc="by name")])
    assert ingress(ec2, sg)[0]["Description"] == "by name"


def test_modify_other_rule_kinds(ec2, sg, vpc):
    b = new_sg(ec2, "b", vpc)
    c = new_sg(ec2, "c", vpc)
    foreign = new_sg(ec2, "foreign")  # default VPC
    small = ec2.create_managed_prefix_list(PrefixListName="s", MaxEntries=1, AddressFamily="IPv4")["PrefixList"]["PrefixListId"]
    big = ec2.create_managed_prefix_list(PrefixListName="b", MaxEntries=60, AddressFamily="IPv4")["PrefixList"]["PrefixListId"]
    ref, plr, v6r = [x["SecurityGroupRuleId"] for x in auth_in(
        ec2, sg,
        {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "UserIdGroupPairs": [{"GroupId": b}]},
        {"IpProtocol": "tcp", "FromPort": 2, "ToPort": 2, "PrefixListIds": [{"PrefixListId": small}]},
        {"IpProtocol": "tcp", "FromPort": 3, "ToPort": 3, "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32"}]},
        tcp(4, "10.0.0.0/8"))["SecurityGroupRules"][:3]]

    def modify(rid, **rule):
        return ec2.modify_security_group_rules(GroupId=sg, SecurityGroupRules=[{"SecurityGroupRuleId": rid, "SecurityGroupRule": rule}])

    modify(ref, IpProtocol="tcp", FromPort=1, ToPort=1, ReferencedGroupId=c)
    with pytest.raises(ClientError) as e:
        modify(ref, IpProtocol="tcp", FromPort=1, ToPort=1, ReferencedGroupId=foreign)
    assert error_code(e) == "InvalidGroup.NotFound"
    # growing the prefix-list weight past the quota is refused (v4: 1 ref + 1 v4 cidr + 60 > 60)
    with pytest.raises(ClientError) as e:
        modify(plr, IpProtocol="tcp", FromPort=2, ToPort=2, PrefixListId=big)
    assert error_code(e) == "RulesPerSecurityGroupLimitExceeded"
    modify(v6r, IpProtocol="-1", CidrIpv6="2001:DB8:1::5/48")
    by_id = {x["SecurityGroupRuleId"]: x for x in ingress(ec2, sg)}
    assert by_id[ref]["ReferencedGroupInfo"]["GroupId"] == c
    assert by_id[plr]["PrefixListId"] == small
    assert (by_id[v6r]["IpProtocol"], by_id[v6r]["CidrIpv6"], by_id[v6r]["FromPort"]) == ("-1", "2001:db8:1::/48", -1)
    # b is no longer referenced, c is
    ec2.delete_security_group(GroupId=b)
    with pytest.raises(ClientError) as e:
        ec2.delete_security_group(GroupId=c)
    assert error_code(e) == "DependencyViolation"


def test_revoke_legacy_form_by_group_name(ec2):
    sg = new_sg(ec2, "legacy")
    ec2.authorize_security_group_ingress(GroupName="legacy", IpProtocol="tcp", FromPort=1, ToPort=1, CidrIp="1.2.3.4/32")
    r = ec2.revoke_security_group_ingress(GroupName="legacy", IpProtocol="tcp", FromPort=1, ToPort=1, CidrIp="1.2.3.4/32")
    assert [x["CidrIpv4"] for x in r["RevokedSecurityGroupRules"]] == ["1.2.3.4/32"]
    assert ingress(ec2, sg) == []


def test_revoke_ids_and_permissions_together_refused(ec2, sg, raw):
    rid = auth_in(ec2, sg, tcp(22, "10.0.0.0/8"))["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    r = raw("RevokeSecurityGroupIngress", {"GroupId": sg, "SecurityGroupRuleId.1": rid, "IpPermissions.1.IpProtocol": "tcp",
                                           "IpPermissions.1.FromPort": "22", "IpPermissions.1.ToPort": "22",
                                           "IpPermissions.1.IpRanges.1.CidrIp": "10.0.0.0/8"})
    assert r.status_code == 400 and "<Code>InvalidParameterCombination</Code>" in r.text
    r = raw("RevokeSecurityGroupIngress", {"GroupId": sg})
    assert r.status_code == 400 and "<Code>MissingParameter</Code>" in r.text
    assert len(ingress(ec2, sg)) == 1


def test_description_xml_escaping_round_trip(ec2, sg):
    desc = "R&D {ops} [a]=b; $x! #1 @home"
    auth_in(ec2, sg, tcp(22, "10.0.0.0/8", desc=desc))
    assert group(ec2, sg)["IpPermissions"][0]["IpRanges"][0]["Description"] == desc
    assert ingress(ec2, sg)[0]["Description"] == desc
