"""CreateSecurityGroup / DeleteSecurityGroup / DescribeSecurityGroups (incl. filters), references, stale groups."""

import pytest
from botocore.exceptions import ClientError

from conftest import (ACCOUNT, default_vpc, error_code, error_message, group, http_status, new_sg, new_vpc,
                      rules_of, tcp)


# ---------------------------------------------------------------- create

def test_create_group_in_default_vpc(ec2):
    r = ec2.create_security_group(GroupName="web", Description="web tier")
    gid = r["GroupId"]
    assert gid.startswith("sg-") and len(gid) == 20
    assert all(c in "0123456789abcdef" for c in gid[3:])
    assert r["SecurityGroupArn"] == f"arn:aws:ec2:us-east-1:{ACCOUNT}:security-group/{gid}"
    g = group(ec2, gid)
    assert g["GroupName"] == "web"
    assert g["Description"] == "web tier"
    assert g["VpcId"] == default_vpc(ec2)["VpcId"]
    assert g["OwnerId"] == ACCOUNT
    assert g["IpPermissions"] == []
    assert len(g["IpPermissionsEgress"]) == 1
    eg = g["IpPermissionsEgress"][0]
    assert eg["IpProtocol"] == "-1"
    assert eg["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}]
    assert eg["Ipv6Ranges"] == [] and eg["UserIdGroupPairs"] == [] and eg["PrefixListIds"] == []
    rules = rules_of(ec2, gid)
    assert len(rules) == 1
    assert rules[0]["IsEgress"] is True and rules[0]["CidrIpv4"] == "0.0.0.0/0"
    assert rules[0]["FromPort"] == -1 and rules[0]["ToPort"] == -1


def test_create_group_in_ipv6_vpc_gets_ipv4_egress_only(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
    gid = new_sg(ec2, "v6", vpc)
    eg = group(ec2, gid)["IpPermissionsEgress"]
    assert len(eg) == 1 and eg[0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}] and eg[0]["Ipv6Ranges"] == []


def test_create_group_with_tags(ec2):
    r = ec2.create_security_group(
        GroupName="tagged", Description="d",
        TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "Env", "Value": "prod"}, {"Key": "Team", "Value": ""}]}],
    )
    assert sorted((t["Key"], t["Value"]) for t in r["Tags"]) == [("Env", "prod"), ("Team", "")]
    g = group(ec2, r["GroupId"])
    assert sorted((t["Key"], t["Value"]) for t in g["Tags"]) == [("Env", "prod"), ("Team", "")]


def test_create_group_wrong_tag_resource_type(ec2):
    with pytest.raises(ClientError) as e:
        ec2.create_security_group(GroupName="t", Description="d",
                                  TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "a", "Value": "b"}]}])
    assert error_code(e) == "InvalidParameterValue"
    assert [g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"]] == ["default"]


def test_duplicate_name_case_insensitive_per_vpc(ec2):
    vpc = default_vpc(ec2)["VpcId"]
    new_sg(ec2, "App-Servers")
    for name in ["App-Servers", "app-servers", "APP-SERVERS"]:
        with pytest.raises(ClientError) as e:
            ec2.create_security_group(GroupName=name, Description="d")
        assert error_code(e) == "InvalidGroup.Duplicate"
        assert error_message(e) == f"The security group '{name}' already exists for VPC '{vpc}'"
    # another VPC may reuse it
    other = new_vpc(ec2)["VpcId"]
    new_sg(ec2, "app-servers", other)


def test_default_name_reserved(ec2):
    other = new_vpc(ec2)["VpcId"]
    for kwargs in [{}, {"VpcId": other}]:
        with pytest.raises(ClientError) as e:
            ec2.create_security_group(GroupName="default", Description="d", **kwargs)
        assert error_code(e) == "InvalidGroup.Reserved"


@pytest.mark.parametrize("name", ["sg-017c251", "sg-abc", "SG-abc"])
def test_sg_prefix_refused(ec2, name):
    with pytest.raises(ClientError) as e:
        ec2.create_security_group(GroupName=name, Description="d")
    assert error_code(e) == "InvalidParameterValue"
    if name == "sg-017c251":
        assert error_message(e) == ("Value (sg-017c251) for parameter GroupName is invalid. "
                                    "Group names may not be in the format sg-*.")


@pytest.mark.parametrize("name", ["x" * 256, "naïve", "tab\there", "quote'", 'dq"', "pct%", "<tag>", "back\\slash", "tilde~", "q?", "caret^"])
def test_group_name_charset_and_length(ec2, name):
    with pytest.raises(ClientError) as e:
        ec2.create_security_group(GroupName=name, Description="d")
    assert error_code(e) == "InvalidParameterValue"
    assert http_status(e) == 400


def test_group_name_allowed_characters(ec2):
    name = "a-zA-Z0-9 ._-:/()#,@[]+=&;{}!$*"
    gid = new_sg(ec2, name, desc=name)
    g = group(ec2, gid)
    assert g["GroupName"] == name and g["Description"] == name
    long_name = "n" * 255
    gid = new_sg(ec2, long_name, desc="d" * 255)
    assert group(ec2, gid)["GroupName"] == long_name


@pytest.mark.parametrize("desc", ["d" * 256, "naïve", "a\nb"])
def test_group_description_invalid(ec2, desc):
    with pytest.raises(ClientError) as e:
        ec2.create_security_group(GroupName="ok", Description=desc)
    assert error_code(e) == "InvalidParameterValue"


def test_create_missing_parameters(ec2, raw):
    r = raw("CreateSecurityGroup", {"GroupDescription": "d"})
    assert r.status_code == 400 and "<Code>MissingParameter</Code>" in r.text
    r = raw("CreateSecurityGroup", {"GroupName": "n"})
    assert r.status_code == 400 and "<Code>MissingParameter</Code>" in r.text
    r = raw("CreateSecurityGroup", {"GroupName": "", "GroupDescription": "d"})
    assert r.status_code == 400 and "<Code>MissingParameter</Code>" in r.text


def test_create_in_unknown_or_malformed_vpc(ec2):
    with pytest.raises(ClientError) as e:
        ec2.create_security_group(GroupName="n", Description="d", VpcId="vpc-0123456789abcdef0")
    assert error_code(e) == "InvalidVpcID.NotFound"
    assert error_message(e) == "The vpc ID 'vpc-0123456789abcdef0' does not exist"
    with pytest.raises(ClientError) as e:
        ec2.create_security_group(GroupName="n", Description="d", VpcId="vpcx")
    assert error_code(e) == "InvalidVpcID.Malformed"


# ---------------------------------------------------------------- describe

def test_describe_by_id_and_name(ec2):
    a = new_sg(ec2, "alpha")
    b = new_sg(ec2, "beta")
    got = ec2.describe_security_groups(GroupIds=[b, a])["SecurityGroups"]
    assert sorted(g["GroupId"] for g in got) == sorted([a, b])
    got = ec2.describe_security_groups(GroupNames=["alpha"])["SecurityGroups"]
    assert [g["GroupId"] for g in got] == [a]
    # same id twice -> once
    got = ec2.describe_security_groups(GroupIds=[a, a])["SecurityGroups"]
    assert [g["GroupId"] for g in got] == [a]


def test_describe_name_only_in_default_vpc(ec2):
    vpc = new_vpc(ec2)["VpcId"]
    new_sg(ec2, "elsewhere", vpc)
    dvpc = default_vpc(ec2)["VpcId"]
    with pytest.raises(ClientError) as e:
        ec2.describe_security_groups(GroupNames=["elsewhere"])
    assert error_code(e) == "InvalidGroup.NotFound"
    assert error_message(e) == f"The security group 'elsewhere' does not exist in default VPC '{dvpc}'"


def test_describe_unknown_id_fails_whole_call(ec2):
    a = new_sg(ec2, "alpha")
    with pytest.raises(ClientError) as e:
        ec2.describe_security_groups(GroupIds=[a, "sg-0123456789abcdef0"])
    assert error_code(e) == "InvalidGroup.NotFound"
    assert error_message(e) == "The security group 'sg-0123456789abcdef0' does not exist"


@pytest.mark.parametrize("bad", ["tcp_elb_security_group", "sg-XYZ", "vpc-0123456789abcdef0", "sg-"])
def test_describe_malformed_id(ec2, bad):
    with pytest.raises(ClientError) as e:
        ec2.describe_security_groups(GroupIds=[bad])
    assert error_code(e) == "InvalidGroupId.Malformed"
    if bad == "tcp_elb_security_group":
        assert error_message(e) == 'Invalid id: "tcp_elb_security_group" (expecting "sg-...")'


def test_malformed_empty_id_message(ec2, raw):
    r = raw("DeleteSecurityGroup", {"GroupId": ""})
    assert r.status_code == 400
    assert "<Code>InvalidGroupId.Malformed</Code>" in r.text
    assert "The security-group ID &apos;&apos; is malformed" in r.text or "The security-group ID '' is malformed" in r.text


# ---------------------------------------------------------------- filters

@pytest.fixture
def filter_world(ec2):
    """Groups with a variety of rules, in a non-default VPC."""
    vpc = new_vpc(ec2)["VpcId"]
    web = new_sg(ec2, "web", vpc, desc="web servers",
                 TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "Tier", "Value": "frontend"}]}])
    db = new_sg(ec2, "db", vpc, desc="database",
                TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "Tier", "Value": "backend"}, {"Key": "Pci", "Value": "yes"}]}])
    pl = ec2.create_managed_prefix_list(PrefixListName="office", MaxEntries=2, AddressFamily="IPv4",
                                        Entries=[{"Cidr": "192.0.2.0/24"}])["PrefixList"]["PrefixListId"]
    ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[
        tcp(443, "0.0.0.0/0"),
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "PrefixListIds": [{"PrefixListId": pl}]},
    ])
    ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": web}]},
        {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]},
    ])
    ec2.authorize_security_group_egress(GroupId=db, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8443, "UserIdGroupPairs": [{"GroupId": web}]},
        {"IpProtocol": "tcp", "FromPort": 9000, "ToPort": 9100, "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32"}]},
        {"IpProtocol": "udp", "FromPort": 123, "ToPort": 123, "PrefixListIds": [{"PrefixListId": pl}]},
    ])
    default = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                    {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]["GroupId"]
    return dict(vpc=vpc, web=web, db=db, pl=pl, default=default)


def _ids(ec2, filters):
    return sorted(g["GroupId"] for g in ec2.describe_security_groups(Filters=filters)["SecurityGroups"])


def test_filters_basic(ec2, filter_world):
    w = filter_world
    vpcf = {"Name": "vpc-id", "Values": [w["vpc"]]}
    assert _ids(ec2, [vpcf]) == sorted([w["web"], w["db"], w["default"]])
    assert _ids(ec2, [{"Name": "group-name", "Values": ["web"]}]) == [w["web"]]
    assert _ids(ec2, [{"Name": "group-id", "Values": [w["db"]]}]) == [w["db"]]
    assert _ids(ec2, [{"Name": "description", "Values": ["database"]}]) == [w["db"]]
    assert _ids(ec2, [vpcf, {"Name": "owner-id", "Values": [ACCOUNT]}]) == sorted([w["web"], w["db"], w["default"]])
    assert _ids(ec2, [{"Name": "owner-id", "Values": ["999999999999"]}]) == []
    # values ORed, filters ANDed
    assert _ids(ec2, [{"Name": "group-name", "Values": ["web", "db"]}]) == sorted([w["web"], w["db"]])
    assert _ids(ec2, [{"Name": "group-name", "Values": ["web", "db"]}, {"Name": "description", "Values": ["database"]}]) == [w["db"]]
    # case-sensitive values
    assert _ids(ec2, [{"Name": "group-name", "Values": ["WEB"]}]) == []


def test_filters_wildcards(ec2, filter_world):
    w = filter_world
    assert _ids(ec2, [{"Name": "description", "Values": ["web*"]}]) == [w["web"]]
    assert _ids(ec2, [{"Name": "group-name", "Values": ["d?"]}]) == [w["db"]]
    assert _ids(ec2, [{"Name": "group-name", "Values": ["?"]}]) == []
    assert _ids(ec2, [{"Name": "description", "Values": ["*base"]}]) == [w["db"]]
    assert _ids(ec2, [{"Name": "tag:Tier", "Values": ["*end"]}]) == sorted([w["web"], w["db"]])


def test_filters_tags(ec2, filter_world):
    w = filter_world
    assert _ids(ec2, [{"Name": "tag:Tier", "Values": ["frontend"]}]) == [w["web"]]
    assert _ids(ec2, [{"Name": "tag:Tier", "Values": ["frontend", "backend"]}]) == sorted([w["web"], w["db"]])
    assert _ids(ec2, [{"Name": "tag-key", "Values": ["Pci"]}]) == [w["db"]]
    assert _ids(ec2, [{"Name": "tag-key", "Values": ["Tier"]}]) == sorted([w["web"], w["db"]])
    assert _ids(ec2, [{"Name": "tag:tier", "Values": ["frontend"]}]) == []
    assert _ids(ec2, [{"Name": "tag:Nope", "Values": ["*"]}]) == []


def test_filters_ingress_permissions(ec2, filter_world):
    w = filter_world
    f = lambda n, v: _ids(ec2, [{"Name": n, "Values": v}, {"Name": "vpc-id", "Values": [w["vpc"]]}])
    assert f("ip-permission.cidr", ["0.0.0.0/0"]) == [w["web"]]
    assert f("ip-permission.cidr", ["10.0.0.0/16"]) == [w["db"]]
    assert f("ip-permission.ipv6-cidr", ["::/0"]) == [w["web"]]
    assert f("ip-permission.prefix-list-id", [w["pl"]]) == [w["web"]]
    assert f("ip-permission.group-id", [w["web"]]) == [w["db"]]
    assert f("ip-permission.group-id", [w["default"]]) == [w["default"]]
    assert f("ip-permission.group-name", ["web"]) == [w["db"]]
    assert f("ip-permission.user-id", [ACCOUNT]) == sorted([w["db"], w["default"]])
    assert f("ip-permission.protocol", ["udp"]) == [w["db"]]
    assert f("ip-permission.protocol", ["tcp"]) == sorted([w["web"], w["db"]])
    assert f("ip-permission.protocol", ["-1"]) == [w["default"]]
    assert f("ip-permission.from-port", ["5432"]) == [w["db"]]
    assert f("ip-permission.to-port", ["443"]) == [w["web"]]
    assert f("ip-permission.from-port", ["8443"]) == []  # egress only


def test_filters_egress_permissions(ec2, filter_world):
    w = filter_world
    f = lambda n, v: _ids(ec2, [{"Name": n, "Values": v}, {"Name": "vpc-id", "Values": [w["vpc"]]}])
    assert f("egress.ip-permission.cidr", ["0.0.0.0/0"]) == sorted([w["web"], w["db"], w["default"]])
    assert f("egress.ip-permission.ipv6-cidr", ["2001:db8::/32"]) == [w["db"]]
    assert f("egress.ip-permission.prefix-list-id", [w["pl"]]) == [w["db"]]
    assert f("egress.ip-permission.group-id", [w["web"]]) == [w["db"]]
    assert f("egress.ip-permission.group-name", ["web"]) == [w["db"]]
    assert f("egress.ip-permission.user-id", [ACCOUNT]) == [w["db"]]
    assert f("egress.ip-permission.protocol", ["udp"]) == [w["db"]]
    assert f("egress.ip-permission.protocol", ["-1"]) == sorted([w["web"], w["db"], w["default"]])
    assert f("egress.ip-permission.from-port", ["9000"]) == [w["db"]]
    assert f("egress.ip-permission.to-port", ["9100"]) == [w["db"]]
    assert f("egress.ip-permission.to-port", ["443"]) == []
    assert f("egress.ip-permission.ipv6-cidr", ["::/0"]) == []


def test_filters_permission_combination_across_rules(ec2, filter_world):
    # "any combination of its rules" satisfies the filters: db has udp (53) and from-port 5432 (tcp) in separate rules.
    w = filter_world
    got = _ids(ec2, [{"Name": "ip-permission.protocol", "Values": ["udp"]},
                     {"Name": "ip-permission.from-port", "Values": ["5432"]}])
    assert got == [w["db"]]


@pytest.mark.parametrize("name", ["bogus", "ip-permission.bogus", "egress.ip-permission", "tag", "GroupName", "Group-Name", "ip-permission.cidr-block"])
def test_unknown_filter_is_invalid_parameter_value(ec2, name):
    with pytest.raises(ClientError) as e:
        ec2.describe_security_groups(Filters=[{"Name": name, "Values": ["x"]}])
    assert error_code(e) == "InvalidParameterValue"
    assert http_status(e) == 400
    assert error_message(e) == f"The filter '{name}' is invalid"


def test_filter_with_ids(ec2, filter_world):
    w = filter_world
    got = ec2.describe_security_groups(GroupIds=[w["web"], w["db"]],
                                       Filters=[{"Name": "tag:Tier", "Values": ["backend"]}])["SecurityGroups"]
    assert [g["GroupId"] for g in got] == [w["db"]]


# ---------------------------------------------------------------- delete

def test_delete_by_id_and_name(ec2):
    a = new_sg(ec2, "a")
    b = new_sg(ec2, "b")
    r = ec2.delete_security_group(GroupId=a)
    assert r.get("Return") is True
    assert r.get("GroupId") == a
    r = ec2.delete_security_group(GroupName="b")
    assert r.get("Return") is True
    names = [g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"]]
    assert names == ["default"]
    # its rules are gone
    assert ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [a]}])["SecurityGroupRules"] == []
    with pytest.raises(ClientError) as e:
        ec2.delete_security_group(GroupId=a)
    assert error_code(e) == "InvalidGroup.NotFound"
    assert error_message(e) == f"The security group '{a}' does not exist"


def test_delete_by_name_only_default_vpc(ec2):
    vpc = new_vpc(ec2)["VpcId"]
    new_sg(ec2, "faraway", vpc)
    dvpc = default_vpc(ec2)["VpcId"]
    with pytest.raises(ClientError) as e:
        ec2.delete_security_group(GroupName="faraway")
    assert error_code(e) == "InvalidGroup.NotFound"
    assert error_message(e) == f"The security group 'faraway' does not exist in default VPC '{dvpc}'"


def test_delete_missing_parameter(ec2, raw):
    r = raw("DeleteSecurityGroup", {})
    assert r.status_code == 400
    assert "<Code>MissingParameter</Code>" in r.text
    assert "The request must contain the parameter groupName or groupId" in r.text


def test_delete_malformed(ec2):
    with pytest.raises(ClientError) as e:
        ec2.delete_security_group(GroupId="subnet-0123456789abcdef0")
    assert error_code(e) == "InvalidGroupId.Malformed"


def test_delete_default_group_cannot(ec2):
    for vpc in [default_vpc(ec2)["VpcId"], new_vpc(ec2)["VpcId"]]:
        g = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                  {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
        with pytest.raises(ClientError) as e:
            ec2.delete_security_group(GroupId=g["GroupId"])
        assert error_code(e) == "CannotDelete"
        assert error_message(e) == f'the specified group: "{g["GroupId"]}" name: "default" cannot be deleted by a user'
    with pytest.raises(ClientError) as e:
        ec2.delete_security_group(GroupName="default")
    assert error_code(e) == "CannotDelete"


def test_delete_attached_to_eni(ec2):
    vpc = new_vpc(ec2)["VpcId"]
    sub = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    g = new_sg(ec2, "attached", vpc)
    eni = ec2.create_network_interface(SubnetId=sub, Groups=[g])["NetworkInterface"]["NetworkInterfaceId"]
    with pytest.raises(ClientError) as e:
        ec2.delete_security_group(GroupId=g)
    assert error_code(e) == "DependencyViolation"
    assert error_message(e) == f"resource {g} has a dependent object"
    group(ec2, g)  # still there
    ec2.delete_network_interface(NetworkInterfaceId=eni)
    ec2.delete_security_group(GroupId=g)


def test_delete_referenced_by_other_group(ec2):
    target = new_sg(ec2, "target")
    other = new_sg(ec2, "other")
    ec2.authorize_security_group_ingress(GroupId=other, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "UserIdGroupPairs": [{"GroupId": target}]}])
    with pytest.raises(ClientError) as e:
        ec2.delete_security_group(GroupId=target)
    assert error_code(e) == "DependencyViolation"
    ec2.revoke_security_group_ingress(GroupId=other, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "UserIdGroupPairs": [{"GroupId": target}]}])
    ec2.delete_security_group(GroupId=target)


def test_delete_referenced_by_egress_rule(ec2):
    target = new_sg(ec2, "target")
    other = new_sg(ec2, "other")
    ec2.authorize_security_group_egress(GroupId=other, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "UserIdGroupPairs": [{"GroupId": target}]}])
    with pytest.raises(ClientError) as e:
        ec2.delete_security_group(GroupId=target)
    assert error_code(e) == "DependencyViolation"


def test_delete_self_referencing_group_allowed(ec2):
    g = new_sg(ec2, "selfish")
    ec2.authorize_security_group_ingress(GroupId=g, IpPermissions=[
        {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": g}]}])
    ec2.delete_security_group(GroupId=g)


# ---------------------------------------------------------------- references / stale

def test_describe_security_group_references_same_vpc_is_empty(ec2):
    target = new_sg(ec2, "target")
    other = new_sg(ec2, "other")
    ec2.authorize_security_group_ingress(GroupId=other, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "UserIdGroupPairs": [{"GroupId": target}]}])
    refs = ec2.describe_security_group_references(GroupId=[target])["SecurityGroupReferenceSet"]
    assert refs == []


def test_describe_security_group_references_errors(ec2):
    with pytest.raises(ClientError) as e:
        ec2.describe_security_group_references(GroupId=["sg-0123456789abcdef0"])
    assert error_code(e) == "InvalidGroup.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.describe_security_group_references(GroupId=["bogus"])
    assert error_code(e) == "InvalidGroupId.Malformed"


def test_describe_stale_security_groups(ec2):
    vpc = new_vpc(ec2)["VpcId"]
    new_sg(ec2, "g", vpc)
    assert ec2.describe_stale_security_groups(VpcId=vpc)["StaleSecurityGroupSet"] == []
    with pytest.raises(ClientError) as e:
        ec2.describe_stale_security_groups(VpcId="vpc-0123456789abcdef0")
    assert error_code(e) == "InvalidVpcID.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.describe_stale_security_groups(VpcId="bogus")
    assert error_code(e) == "InvalidVpcID.Malformed"
