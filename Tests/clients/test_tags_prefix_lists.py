"""CreateTags / DeleteTags / DescribeTags, and managed prefix lists."""

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT, error_code, error_message, group, new_sg, new_vpc, rules_of


def tags_of(ec2, rid):
    return sorted((t["Key"], t["Value"]) for t in
                  ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [rid]}])["Tags"])


@pytest.fixture
def every_kind(ec2):
    vpc = new_vpc(ec2)["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    sg = new_sg(ec2, "g", vpc)
    rule = rules_of(ec2, sg)[0]["SecurityGroupRuleId"]
    eni = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
    pl = ec2.create_managed_prefix_list(PrefixListName="p", MaxEntries=1, AddressFamily="IPv4")["PrefixList"]["PrefixListId"]
    return {"vpc": vpc, "subnet": subnet, "security-group": sg, "security-group-rule": rule,
            "network-interface": eni, "prefix-list": pl}


def test_create_tags_on_every_kind(ec2, every_kind):
    ids = list(every_kind.values())
    ec2.create_tags(Resources=ids, Tags=[{"Key": "Env", "Value": "test"}, {"Key": "Empty", "Value": ""}])
    rows = ec2.describe_tags(Filters=[{"Name": "key", "Values": ["Env"]}])["Tags"]
    assert sorted((r["ResourceId"], r["ResourceType"]) for r in rows) == sorted((v, k) for k, v in every_kind.items())
    for rid in ids:
        assert tags_of(ec2, rid) == [("Empty", ""), ("Env", "test")]
    # each resource's own describe shows them
    assert ("Env", "test") in [(t["Key"], t["Value"]) for t in ec2.describe_vpcs(VpcIds=[every_kind["vpc"]])["Vpcs"][0]["Tags"]]
    assert ("Env", "test") in [(t["Key"], t["Value"]) for t in ec2.describe_subnets(SubnetIds=[every_kind["subnet"]])["Subnets"][0]["Tags"]]
    assert ("Env", "test") in [(t["Key"], t["Value"]) for t in group(ec2, every_kind["security-group"])["Tags"]]
    rule = ec2.describe_security_group_rules(SecurityGroupRuleIds=[every_kind["security-group-rule"]])["SecurityGroupRules"][0]
    assert ("Env", "test") in [(t["Key"], t["Value"]) for t in rule["Tags"]]
    e = ec2.describe_network_interfaces(NetworkInterfaceIds=[every_kind["network-interface"]])["NetworkInterfaces"][0]
    assert ("Env", "test") in [(t["Key"], t["Value"]) for t in e["TagSet"]]
    p = ec2.describe_managed_prefix_lists(PrefixListIds=[every_kind["prefix-list"]])["PrefixLists"][0]
    assert ("Env", "test") in [(t["Key"], t["Value"]) for t in p["Tags"]]


def test_create_tags_overwrites(ec2, every_kind):
    sg = every_kind["security-group"]
    ec2.create_tags(Resources=[sg], Tags=[{"Key": "k", "Value": "1"}])
    ec2.create_tags(Resources=[sg], Tags=[{"Key": "k", "Value": "2"}])
    assert tags_of(ec2, sg) == [("k", "2")]


def test_create_tags_errors_atomic(ec2, every_kind):
    sg = every_kind["security-group"]
    with pytest.raises(ClientError) as e:
        ec2.create_tags(Resources=[sg, "sg-0123456789abcdef0"], Tags=[{"Key": "k", "Value": "v"}])
    assert error_code(e) == "InvalidGroup.NotFound"
    assert tags_of(ec2, sg) == []
    with pytest.raises(ClientError) as e:
        ec2.create_tags(Resources=["vpc-0123456789abcdef0"], Tags=[{"Key": "k", "Value": "v"}])
    assert error_code(e) == "InvalidVpcID.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.create_tags(Resources=["i-0123456789abcdef0x", "garbage"], Tags=[{"Key": "k", "Value": "v"}])
    assert error_code(e) == "InvalidID"
    with pytest.raises(ClientError) as e:
        ec2.create_tags(Resources=[sg], Tags=[{"Key": "aws:reserved", "Value": "v"}])
    assert error_code(e) in ("InvalidParameterValue", "InvalidTagKey.Malformed")
    with pytest.raises(ClientError) as e:
        ec2.create_tags(Resources=[sg], Tags=[{"Key": "", "Value": "v"}])
    assert error_code(e) in ("InvalidParameterValue", "InvalidTagKey.Malformed")
    with pytest.raises(ClientError) as e:
        ec2.create_tags(Resources=[sg], Tags=[{"Key": "k" * 129, "Value": "v"}])
    assert error_code(e) in ("InvalidParameterValue", "InvalidTagKey.Malformed")
    with pytest.raises(ClientError) as e:
        ec2.create_tags(Resources=[sg], Tags=[{"Key": "k", "Value": "v" * 257}])
    assert error_code(e) == "InvalidParameterValue"
    assert tags_of(ec2, sg) == []


def test_tag_limit_50(ec2, every_kind):
    sg = every_kind["security-group"]
    ec2.create_tags(Resources=[sg], Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with pytest.raises(ClientError) as e:
        ec2.create_tags(Resources=[sg], Tags=[{"Key": "one-more", "Value": "v"}])
    assert error_code(e) == "TagLimitExceeded"
    # overwriting existing keys is fine
    ec2.create_tags(Resources=[sg], Tags=[{"Key": "k0", "Value": "new"}])
    assert len(tags_of(ec2, sg)) == 50


def test_delete_tags_semantics(ec2, every_kind):
    sg = every_kind["security-group"]
    base = [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}, {"Key": "c", "Value": ""}, {"Key": "d", "Value": "4"}]
    ec2.create_tags(Resources=[sg], Tags=base)
    # key only: deleted whatever the value
    ec2.delete_tags(Resources=[sg], Tags=[{"Key": "a"}])
    assert tags_of(ec2, sg) == [("b", "2"), ("c", ""), ("d", "4")]
    # key + wrong value: kept
    ec2.delete_tags(Resources=[sg], Tags=[{"Key": "b", "Value": "x"}])
    assert ("b", "2") in tags_of(ec2, sg)
    # key + right value
    ec2.delete_tags(Resources=[sg], Tags=[{"Key": "b", "Value": "2"}])
    # key + empty value: only if value is ""
    ec2.delete_tags(Resources=[sg], Tags=[{"Key": "d", "Value": ""}])
    assert tags_of(ec2, sg) == [("c", ""), ("d", "4")]
    ec2.delete_tags(Resources=[sg], Tags=[{"Key": "c", "Value": ""}])
    assert tags_of(ec2, sg) == [("d", "4")]
    # non-existent key: no error
    ec2.delete_tags(Resources=[sg], Tags=[{"Key": "zzz"}])
    # no tags: all deleted
    ec2.create_tags(Resources=[sg], Tags=base)
    ec2.delete_tags(Resources=[sg])
    assert tags_of(ec2, sg) == []


def test_delete_tags_unknown_resource(ec2):
    with pytest.raises(ClientError) as e:
        ec2.delete_tags(Resources=["sg-0123456789abcdef0"], Tags=[{"Key": "a"}])
    assert error_code(e) == "InvalidGroup.NotFound"


def test_describe_tags_filters(ec2, every_kind):
    ec2.create_tags(Resources=[every_kind["vpc"]], Tags=[{"Key": "Name", "Value": "main-vpc"}])
    ec2.create_tags(Resources=[every_kind["security-group"]], Tags=[{"Key": "Name", "Value": "web-sg"}, {"Key": "Owner", "Value": "me"}])
    ec2.create_tags(Resources=[every_kind["subnet"]], Tags=[{"Key": "Owner", "Value": "you"}])
    dt = lambda fs: sorted((t["ResourceId"], t["Key"], t["Value"]) for t in ec2.describe_tags(Filters=fs)["Tags"])
    assert dt([{"Name": "key", "Values": ["Name"]}]) == sorted([(every_kind["vpc"], "Name", "main-vpc"), (every_kind["security-group"], "Name", "web-sg")])
    assert dt([{"Name": "value", "Values": ["*-sg"]}]) == [(every_kind["security-group"], "Name", "web-sg")]
    assert dt([{"Name": "resource-type", "Values": ["subnet"]}]) == [(every_kind["subnet"], "Owner", "you")]
    assert dt([{"Name": "resource-id", "Values": [every_kind["security-group"]]}, {"Name": "key", "Values": ["Owner"]}]) == \
        [(every_kind["security-group"], "Owner", "me")]
    assert dt([{"Name": "tag:Owner", "Values": ["you"]}]) == [(every_kind["subnet"], "Owner", "you")]
    rows = ec2.describe_tags(Filters=[{"Name": "resource-type", "Values": ["vpc"]}])["Tags"]
    assert rows[0]["ResourceType"] == "vpc"
    with pytest.raises(ClientError) as e:
        ec2.describe_tags(Filters=[{"Name": "resource", "Values": ["x"]}])
    assert error_code(e) == "InvalidParameterValue"


def test_tag_on_create_every_kind(ec2):
    spec = lambda t: [{"ResourceType": t, "Tags": [{"Key": "k", "Value": t}]}]
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=spec("vpc"))["Vpc"]["VpcId"]
    sub = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24", TagSpecifications=spec("subnet"))["Subnet"]["SubnetId"]
    sg = ec2.create_security_group(GroupName="g", Description="d", VpcId=vpc, TagSpecifications=spec("security-group"))["GroupId"]
    eni = ec2.create_network_interface(SubnetId=sub, TagSpecifications=spec("network-interface"))["NetworkInterface"]["NetworkInterfaceId"]
    pl = ec2.create_managed_prefix_list(PrefixListName="p", MaxEntries=1, AddressFamily="IPv4",
                                        TagSpecifications=spec("prefix-list"))["PrefixList"]["PrefixListId"]
    rows = ec2.describe_tags(Filters=[{"Name": "key", "Values": ["k"]}])["Tags"]
    assert sorted((r["ResourceId"], r["ResourceType"], r["Value"]) for r in rows) == sorted([
        (vpc, "vpc", "vpc"), (sub, "subnet", "subnet"), (sg, "security-group", "security-group"),
        (eni, "network-interface", "network-interface"), (pl, "prefix-list", "prefix-list")])


# ---------------------------------------------------------------- managed prefix lists

def test_prefix_list_lifecycle(ec2):
    r = ec2.create_managed_prefix_list(PrefixListName="office", MaxEntries=5, AddressFamily="IPv4",
                                       Entries=[{"Cidr": "192.0.2.7/24", "Description": "hq"}, {"Cidr": "198.51.100.0/24"}])["PrefixList"]
    pl = r["PrefixListId"]
    assert pl.startswith("pl-")
    assert r["AddressFamily"] == "IPv4" and r["MaxEntries"] == 5 and r["Version"] == 1
    assert r["OwnerId"] == ACCOUNT and r["PrefixListName"] == "office"
    assert r["PrefixListArn"] == f"arn:aws:ec2:us-east-1:{ACCOUNT}:prefix-list/{pl}"
    assert r["State"] in ("create-complete", "create-in-progress")
    entries = ec2.get_managed_prefix_list_entries(PrefixListId=pl)["Entries"]
    assert sorted((x["Cidr"], x.get("Description")) for x in entries) == [("192.0.2.0/24", "hq"), ("198.51.100.0/24", None)]
    # modify entries: needs current version, bumps it
    m = ec2.modify_managed_prefix_list(PrefixListId=pl, CurrentVersion=1, AddEntries=[{"Cidr": "203.0.113.0/24"}],
                                       RemoveEntries=[{"Cidr": "198.51.100.0/24"}])["PrefixList"]
    assert m["Version"] == 2
    # Terraform's provider waits for this state after every modification.
    assert ec2.describe_managed_prefix_lists(PrefixListIds=[pl])["PrefixLists"][0]["State"] == "modify-complete"
    entries = ec2.get_managed_prefix_list_entries(PrefixListId=pl)["Entries"]
    assert sorted(x["Cidr"] for x in entries) == ["192.0.2.0/24", "203.0.113.0/24"]
    with pytest.raises(ClientError) as e:
        ec2.modify_managed_prefix_list(PrefixListId=pl, CurrentVersion=1, AddEntries=[{"Cidr": "10.0.0.0/8"}])
    assert error_code(e) == "PrefixListVersionMismatch"
    # rename
    ec2.modify_managed_prefix_list(PrefixListId=pl, PrefixListName="renamed")
    d = ec2.describe_managed_prefix_lists(PrefixListIds=[pl])["PrefixLists"][0]
    assert d["PrefixListName"] == "renamed" and d["Version"] == 2
    by_name = ec2.describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": ["renamed"]}])["PrefixLists"]
    assert [x["PrefixListId"] for x in by_name] == [pl]
    # delete
    out = ec2.delete_managed_prefix_list(PrefixListId=pl)["PrefixList"]
    assert out["PrefixListId"] == pl
    with pytest.raises(ClientError) as e:
        ec2.describe_managed_prefix_lists(PrefixListIds=[pl])
    assert error_code(e) == "InvalidPrefixListID.NotFound"


def test_prefix_list_errors(ec2):
    with pytest.raises(ClientError) as e:
        ec2.create_managed_prefix_list(PrefixListName="big", MaxEntries=1, AddressFamily="IPv4",
                                       Entries=[{"Cidr": "10.0.0.0/8"}, {"Cidr": "10.1.0.0/16"}])
    assert error_code(e) == "PrefixListMaxEntriesExceeded"
    with pytest.raises(ClientError) as e:
        ec2.create_managed_prefix_list(PrefixListName="v6", MaxEntries=2, AddressFamily="IPv6", Entries=[{"Cidr": "10.0.0.0/8"}])
    assert error_code(e) == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        ec2.create_managed_prefix_list(PrefixListName="com.amazonaws.mine", MaxEntries=2, AddressFamily="IPv4")
    assert error_code(e) == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        ec2.create_managed_prefix_list(PrefixListName="fam", MaxEntries=2, AddressFamily="IPv5")
    assert error_code(e) == "InvalidParameterValue"
    pl = ec2.create_managed_prefix_list(PrefixListName="one", MaxEntries=1, AddressFamily="IPv4",
                                        Entries=[{"Cidr": "10.0.0.0/8"}])["PrefixList"]["PrefixListId"]
    with pytest.raises(ClientError) as e:
        ec2.modify_managed_prefix_list(PrefixListId=pl, CurrentVersion=1, AddEntries=[{"Cidr": "10.1.0.0/16"}])
    assert error_code(e) == "PrefixListMaxEntriesExceeded"
    with pytest.raises(ClientError) as e:
        ec2.modify_managed_prefix_list(PrefixListId=pl, CurrentVersion=1, RemoveEntries=[{"Cidr": "172.16.0.0/12"}])
    assert error_code(e) == "InvalidPrefixListModification"
    with pytest.raises(ClientError) as e:
        ec2.get_managed_prefix_list_entries(PrefixListId="pl-0123456789abcdef0")
    assert error_code(e) == "InvalidPrefixListID.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.delete_managed_prefix_list(PrefixListId="bogus")
    assert error_code(e) == "InvalidPrefixListId.Malformed"
    assert ec2.get_managed_prefix_list_entries(PrefixListId=pl)["Entries"] == [{"Cidr": "10.0.0.0/8"}]


def test_prefix_list_referenced_in_rules(ec2):
    vpc = new_vpc(ec2)["VpcId"]
    sg = new_sg(ec2, "g", vpc)
    pl = ec2.create_managed_prefix_list(PrefixListName="p", MaxEntries=3, AddressFamily="IPv4",
                                        Entries=[{"Cidr": "192.0.2.0/24"}])["PrefixList"]["PrefixListId"]
    r = ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": pl, "Description": "office"}]}])
    assert r["SecurityGroupRules"][0]["PrefixListId"] == pl
    perm = group(ec2, sg)["IpPermissions"][0]
    assert perm["PrefixListIds"] == [{"PrefixListId": pl, "Description": "office"}]
    # referenced -> cannot delete
    with pytest.raises(ClientError) as e:
        ec2.delete_managed_prefix_list(PrefixListId=pl)
    assert error_code(e) == "DependencyViolation"
    ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": pl}]}])
    ec2.delete_managed_prefix_list(PrefixListId=pl)


def test_prefix_list_grow_over_quota_refused(ec2):
    vpc = new_vpc(ec2)["VpcId"]
    sg = new_sg(ec2, "g", vpc)
    pl = ec2.create_managed_prefix_list(PrefixListName="p", MaxEntries=10, AddressFamily="IPv4")["PrefixList"]["PrefixListId"]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "PrefixListIds": [{"PrefixListId": pl}]},
        {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "IpRanges": [{"CidrIp": f"10.{i}.0.0/16"} for i in range(50)]}])
    with pytest.raises(ClientError) as e:
        ec2.modify_managed_prefix_list(PrefixListId=pl, MaxEntries=11)
    assert error_code(e) == "RulesPerSecurityGroupLimitExceeded"
    assert ec2.describe_managed_prefix_lists(PrefixListIds=[pl])["PrefixLists"][0]["MaxEntries"] == 10


def test_describe_prefix_lists_aws_services(ec2):
    lists = ec2.describe_prefix_lists()["PrefixLists"]
    names = {x["PrefixListName"]: x for x in lists}
    assert "com.amazonaws.us-east-1.s3" in names and "com.amazonaws.us-east-1.dynamodb" in names
    s3 = names["com.amazonaws.us-east-1.s3"]
    assert s3["PrefixListId"].startswith("pl-") and s3["Cidrs"]
    one = ec2.describe_prefix_lists(PrefixListIds=[s3["PrefixListId"]])["PrefixLists"]
    assert [x["PrefixListName"] for x in one] == ["com.amazonaws.us-east-1.s3"]
    with pytest.raises(ClientError) as e:
        ec2.describe_prefix_lists(PrefixListIds=["pl-0123456789abcdef0"])
    assert error_code(e) == "InvalidPrefixListID.NotFound"


def test_aws_managed_prefix_list_usable_in_rules(ec2):
    s3 = [x for x in ec2.describe_prefix_lists()["PrefixLists"] if x["PrefixListName"].endswith(".s3")][0]["PrefixListId"]
    sg = new_sg(ec2, "endpoint-egress")
    r = ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": s3}]}])
    assert r["SecurityGroupRules"][0]["PrefixListId"] == s3


def test_describe_managed_prefix_lists_includes_aws_managed(ec2):
    lists = ec2.describe_managed_prefix_lists(Filters=[{"Name": "owner-id", "Values": ["AWS"]}])["PrefixLists"]
    assert "com.amazonaws.us-east-1.s3" in [x["PrefixListName"] for x in lists]


def test_unicode_and_markup_in_tags(ec2, every_kind):
    sg = every_kind["security-group"]
    ec2.create_tags(Resources=[sg], Tags=[{"Key": "ключ", "Value": "日本語 & <x> \"q\""}])
    assert tags_of(ec2, sg) == [("ключ", "日本語 & <x> \"q\"")]
    assert [(t["Key"], t["Value"]) for t in group(ec2, sg)["Tags"]] == [("ключ", "日本語 & <x> \"q\"")]


def test_tag_filter_wildcards_and_escapes(ec2):
    values = ["axb", "a.b", "a+b", "(x)", "[y]", "a\\b", "a*b", "a?b"]
    ids = {}
    for i, v in enumerate(values):
        ids[v] = new_sg(ec2, f"w{i}", TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "V", "Value": v}]}])

    def match(pattern):
        got = ec2.describe_security_groups(Filters=[{"Name": "tag:V", "Values": [pattern]}])["SecurityGroups"]
        return sorted(t["Value"] for g in got for t in g["Tags"] if t["Key"] == "V")

    assert match("a.b") == ["a.b"]       # no regex semantics
    assert match("a+b") == ["a+b"]
    assert match("(x)") == ["(x)"]
    assert match("[y]") == ["[y]"]
    assert match("(") == []
    assert match("a?b") == sorted(["axb", "a.b", "a+b", "a\\b", "a*b", "a?b"])
    assert match("a\\*b") == ["a*b"]     # escaped wildcard
    assert match("a\\?b") == ["a?b"]
    assert match("a\\\\b") == ["a\\b"]   # escaped backslash
    assert match("*") == sorted(values)
