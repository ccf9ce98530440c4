"""Pagination, DryRun, unknown actions/parameters/filters, GET requests, Palisade's own endpoints."""

import xml.etree.ElementTree as ET

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import (NS, default_vpc, error_code, error_message, http_status, new_sg, new_vpc, parse_error,
                      rules_of, signed_post, tcp)

DRYRUN_MSG = "Request would have succeeded, but DryRun flag is set."


# ---------------------------------------------------------------- pagination

def _page_all(call, key, token_key="NextToken", **kw):
    pages, token = [], None
    while True:
        args = dict(kw)
        if token:
            args[token_key] = token
        r = call(**args)
        pages.append(r[key])
        token = r.get("NextToken")
        if not token:
            return pages


@pytest.fixture
def many_groups(ec2):
    vpc = new_vpc(ec2)["VpcId"]
    ids = [new_sg(ec2, f"g{i:02d}", vpc) for i in range(12)]
    return vpc, ids


def test_describe_security_groups_pagination(ec2, many_groups):
    vpc, ids = many_groups
    everything = ec2.describe_security_groups()["SecurityGroups"]
    assert "NextToken" not in ec2.describe_security_groups()
    assert len(everything) == 12 + 2  # + default groups of both VPCs
    pages = _page_all(ec2.describe_security_groups, "SecurityGroups", MaxResults=5)
    assert [len(p) for p in pages][:2] == [5, 5]
    flat = [g["GroupId"] for p in pages for g in p]
    assert len(flat) == len(set(flat)) == 14
    assert set(flat) == {g["GroupId"] for g in everything}
    # with a filter
    pages = _page_all(ec2.describe_security_groups, "SecurityGroups", MaxResults=5,
                      Filters=[{"Name": "group-name", "Values": ["g*"]}])
    flat = [g["GroupId"] for p in pages for g in p]
    assert sorted(flat) == sorted(ids)
    # exact multiple: last page carries no token
    pages = _page_all(ec2.describe_security_groups, "SecurityGroups", MaxResults=7)
    assert sum(len(p) for p in pages) == 14


def test_boto3_paginators(ec2, many_groups):
    vpc, ids = many_groups
    pag = ec2.get_paginator("describe_security_groups")
    got = [g["GroupId"] for page in pag.paginate(PaginationConfig={"PageSize": 5}) for g in page["SecurityGroups"]]
    assert len(got) == 14 and len(set(got)) == 14
    pag = ec2.get_paginator("describe_security_group_rules")
    got = [r["SecurityGroupRuleId"] for page in pag.paginate(PaginationConfig={"PageSize": 5}) for r in page["SecurityGroupRules"]]
    # 12 default egress rules + 2 rules of each of the two default groups
    assert len(got) == len(set(got)) == 12 + 2 + 2
    # MaxItems across pages
    got = list(pag.paginate(PaginationConfig={"PageSize": 5, "MaxItems": 8}))
    assert sum(len(p["SecurityGroupRules"]) for p in got) == 8


def test_describe_security_group_rules_pagination(ec2, many_groups):
    vpc, ids = many_groups
    sg = ids[0]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[tcp(p, "10.0.0.0/8") for p in range(100, 111)])
    all_rules = rules_of(ec2, sg)
    assert len(all_rules) == 12
    pages = _page_all(ec2.describe_security_group_rules, "SecurityGroupRules", MaxResults=5,
                      Filters=[{"Name": "group-id", "Values": [sg]}])
    assert [len(p) for p in pages] == [5, 5, 2]
    flat = [r["SecurityGroupRuleId"] for p in pages for r in p]
    assert sorted(flat) == sorted(r["SecurityGroupRuleId"] for r in all_rules)


def test_describe_vpcs_subnets_pagination(ec2):
    vpcs = [new_vpc(ec2, f"10.{i}.0.0/16")["VpcId"] for i in range(4)]
    pages = _page_all(ec2.describe_vpcs, "Vpcs", MaxResults=5)
    assert [len(p) for p in pages] == [5]
    assert sorted(v["VpcId"] for v in pages[0]) == sorted(vpcs + [default_vpc(ec2)["VpcId"]])
    for i in range(4):
        ec2.create_subnet(VpcId=vpcs[0], CidrBlock=f"10.0.{i}.0/24")
    pages = _page_all(ec2.describe_subnets, "Subnets", MaxResults=5)
    flat = [s["SubnetId"] for p in pages for s in p]
    assert len(flat) == len(set(flat)) == 10  # 6 default + 4
    assert len(pages) == 2
    got = [s for page in ec2.get_paginator("describe_subnets").paginate(PaginationConfig={"PageSize": 5}) for s in page["Subnets"]]
    assert len(got) == 10
    got = [v for page in ec2.get_paginator("describe_vpcs").paginate(PaginationConfig={"PageSize": 5}) for v in page["Vpcs"]]
    assert len(got) == 5


def test_describe_network_interfaces_pagination(ec2):
    vpc = new_vpc(ec2)["VpcId"]
    sub = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    enis = [ec2.create_network_interface(SubnetId=sub)["NetworkInterface"]["NetworkInterfaceId"] for _ in range(7)]
    pages = _page_all(ec2.describe_network_interfaces, "NetworkInterfaces", MaxResults=5)
    assert [len(p) for p in pages] == [5, 2]
    assert sorted(e["NetworkInterfaceId"] for p in pages for e in p) == sorted(enis)
    got = [e for page in ec2.get_paginator("describe_network_interfaces").paginate(PaginationConfig={"PageSize": 5})
           for e in page["NetworkInterfaces"]]
    assert len(got) == 7


def test_describe_tags_pagination(ec2, many_groups):
    vpc, ids = many_groups
    ec2.create_tags(Resources=ids, Tags=[{"Key": "a", "Value": "1"}])
    pages = _page_all(ec2.describe_tags, "Tags", MaxResults=5)
    flat = [(t["ResourceId"], t["Key"]) for p in pages for t in p]
    assert len(flat) == len(set(flat)) == 12
    assert [len(p) for p in pages] == [5, 5, 2]
    got = [t for page in ec2.get_paginator("describe_tags").paginate(PaginationConfig={"PageSize": 5}) for t in page["Tags"]]
    assert len(got) == 12


def test_managed_prefix_lists_pagination(ec2):
    pls = [ec2.create_managed_prefix_list(PrefixListName=f"p{i}", MaxEntries=5, AddressFamily="IPv4",
                                          Entries=[{"Cidr": f"10.{i}.{j}.0/24"} for j in range(5)])["PrefixList"]["PrefixListId"]
           for i in range(3)]
    pages = _page_all(ec2.describe_managed_prefix_lists, "PrefixLists", MaxResults=2,
                      Filters=[{"Name": "owner-id", "Values": ["123456789012"]}])
    assert [len(p) for p in pages] == [2, 1]
    assert sorted(x["PrefixListId"] for p in pages for x in p) == sorted(pls)
    pages = _page_all(ec2.get_managed_prefix_list_entries, "Entries", MaxResults=2, PrefixListId=pls[0])
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sorted(x["Cidr"] for p in pages for x in p) == sorted(f"10.0.{j}.0/24" for j in range(5))
    got = [x for page in ec2.get_paginator("get_managed_prefix_list_entries").paginate(PrefixListId=pls[1], PaginationConfig={"PageSize": 1})
           for x in page["Entries"]]
    assert len(got) == 5


@pytest.mark.parametrize("action,value", [
    ("DescribeSecurityGroups", "4"), ("DescribeSecurityGroups", "1001"), ("DescribeSecurityGroups", "0"),
    ("DescribeSecurityGroupRules", "4"), ("DescribeSecurityGroupRules", "1001"),
    ("DescribeVpcs", "4"), ("DescribeVpcs", "1001"), ("DescribeSubnets", "4"), ("DescribeSubnets", "1001"),
    ("DescribeNetworkInterfaces", "4"), ("DescribeNetworkInterfaces", "1001"),
    ("DescribeTags", "4"), ("DescribeTags", "1001"),
    ("DescribeManagedPrefixLists", "0"), ("DescribeManagedPrefixLists", "101"),
    ("DescribeStaleSecurityGroups", "4"), ("DescribeStaleSecurityGroups", "256"),
    ("DescribeSecurityGroups", "-1"), ("DescribeSecurityGroups", "five"),
])
def test_max_results_out_of_bounds(ec2, raw, action, value):
    params = {"MaxResults": value}
    if action == "DescribeStaleSecurityGroups":
        params["VpcId"] = default_vpc(ec2)["VpcId"]
    r = raw(action, params)
    assert r.status_code == 400, r.text
    code, msg, rid = parse_error(r.text)
    assert code == "InvalidParameterValue"


@pytest.mark.parametrize("action", ["DescribeSecurityGroups", "DescribeSecurityGroupRules", "DescribeVpcs",
                                    "DescribeSubnets", "DescribeNetworkInterfaces", "DescribeTags",
                                    "DescribeManagedPrefixLists"])
def test_bad_next_token(ec2, raw, action):
    r = raw(action, {"MaxResults": "5", "NextToken": "this-is-not-a-token"})
    assert r.status_code == 400, r.text
    code, _, _ = parse_error(r.text)
    assert code in ("InvalidNextToken", "InvalidPaginationToken")


def test_max_results_bounds_accepted(ec2, raw):
    for action, value in [("DescribeSecurityGroups", "5"), ("DescribeSecurityGroups", "1000"),
                          ("DescribeManagedPrefixLists", "1"), ("DescribeManagedPrefixLists", "100")]:
        assert raw(action, {"MaxResults": value}).status_code == 200


# ---------------------------------------------------------------- DryRun

def _assert_dry(excinfo):
    assert error_code(excinfo) == "DryRunOperation"
    assert http_status(excinfo) == 412
    assert error_message(excinfo) == DRYRUN_MSG


def test_dry_run_mutations_change_nothing(ec2):
    vpc = new_vpc(ec2)["VpcId"]
    sub = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    sg = new_sg(ec2, "g", vpc)
    eni = ec2.create_network_interface(SubnetId=sub)["NetworkInterface"]["NetworkInterfaceId"]
    pl = ec2.create_managed_prefix_list(PrefixListName="p", MaxEntries=2, AddressFamily="IPv4")["PrefixList"]["PrefixListId"]
    rule = rules_of(ec2, sg)[0]["SecurityGroupRuleId"]
    empty_sub = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.9.0/24")["Subnet"]["SubnetId"]
    empty_vpc = new_vpc(ec2, "10.8.0.0/16")["VpcId"]

    def snapshot():
        return (ec2.describe_vpcs()["Vpcs"], ec2.describe_subnets()["Subnets"], ec2.describe_security_groups()["SecurityGroups"],
                ec2.describe_security_group_rules()["SecurityGroupRules"], ec2.describe_network_interfaces()["NetworkInterfaces"],
                ec2.describe_tags()["Tags"], ec2.describe_managed_prefix_lists()["PrefixLists"],
                ec2.get_managed_prefix_list_entries(PrefixListId=pl)["Entries"])

    before = snapshot()
    calls = [
        lambda: ec2.create_vpc(CidrBlock="10.9.0.0/16", DryRun=True),
        lambda: ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", DryRun=True),
        lambda: ec2.create_security_group(GroupName="dry", Description="d", VpcId=vpc, DryRun=True),
        lambda: ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22, "10.0.0.0/8")], DryRun=True),
        lambda: ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[tcp(22, "10.0.0.0/8")], DryRun=True),
        lambda: ec2.revoke_security_group_egress(GroupId=sg, SecurityGroupRuleIds=[rule], DryRun=True),
        lambda: ec2.modify_security_group_rules(GroupId=sg, SecurityGroupRules=[{"SecurityGroupRuleId": rule, "SecurityGroupRule": {
            "IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "CidrIpv4": "1.2.3.4/32"}}], DryRun=True),
        lambda: ec2.update_security_group_rule_descriptions_egress(GroupId=sg, SecurityGroupRuleDescriptions=[
            {"SecurityGroupRuleId": rule, "Description": "x"}], DryRun=True),
        lambda: ec2.create_tags(Resources=[sg], Tags=[{"Key": "k", "Value": "v"}], DryRun=True),
        lambda: ec2.delete_tags(Resources=[sg], DryRun=True),
        lambda: ec2.create_network_interface(SubnetId=sub, DryRun=True),
        lambda: ec2.modify_network_interface_attribute(NetworkInterfaceId=eni, Description={"Value": "x"}, DryRun=True),
        lambda: ec2.create_managed_prefix_list(PrefixListName="q", MaxEntries=1, AddressFamily="IPv4", DryRun=True),
        lambda: ec2.modify_managed_prefix_list(PrefixListId=pl, CurrentVersion=1, AddEntries=[{"Cidr": "10.0.0.0/8"}], DryRun=True),
        lambda: ec2.delete_network_interface(NetworkInterfaceId=eni, DryRun=True),
        lambda: ec2.delete_security_group(GroupId=sg, DryRun=True),
        lambda: ec2.delete_managed_prefix_list(PrefixListId=pl, DryRun=True),
        lambda: ec2.delete_subnet(SubnetId=empty_sub, DryRun=True),
        lambda: ec2.delete_vpc(VpcId=empty_vpc, DryRun=True),
    ]
    for call in calls:
        with pytest.raises(ClientError) as e:
            call()
        _assert_dry(e)
    assert snapshot() == before


def test_dry_run_describes(ec2):
    vpc = default_vpc(ec2)["VpcId"]
    for call in [
        lambda: ec2.describe_security_groups(DryRun=True),
        lambda: ec2.describe_security_group_rules(DryRun=True),
        lambda: ec2.describe_vpcs(DryRun=True),
        lambda: ec2.describe_subnets(DryRun=True),
        lambda: ec2.describe_network_interfaces(DryRun=True),
        lambda: ec2.describe_tags(DryRun=True),
        lambda: ec2.describe_managed_prefix_lists(DryRun=True),
        lambda: ec2.describe_stale_security_groups(VpcId=vpc, DryRun=True),
        lambda: ec2.describe_regions(DryRun=True),
        lambda: ec2.describe_availability_zones(DryRun=True),
        lambda: ec2.describe_account_attributes(DryRun=True),
        lambda: ec2.describe_route_tables(DryRun=True),
        lambda: ec2.describe_prefix_lists(DryRun=True),
    ]:
        with pytest.raises(ClientError) as e:
            call()
        _assert_dry(e)


def test_dry_run_false_runs(ec2):
    sg = ec2.create_security_group(GroupName="real", Description="d", DryRun=False)["GroupId"]
    assert sg.startswith("sg-")


# ---------------------------------------------------------------- protocol errors

def test_unknown_action(ec2, raw):
    r = raw("DescribeUnicorns")
    assert r.status_code == 400
    root = ET.fromstring(r.text)
    assert root.tag == "Response"
    code, msg, rid = parse_error(r.text)
    assert code == "InvalidAction"
    assert rid


def test_missing_action(ec2, endpoint):
    r = signed_post(endpoint, {"Version": "2016-11-15"})
    assert r.status_code == 400
    code, _, _ = parse_error(r.text)
    assert code == "MissingAction"


def test_unknown_parameter(ec2, raw):
    r = raw("DescribeVpcs", {"NoSuchParameter": "x"})
    assert r.status_code == 400
    code, _, _ = parse_error(r.text)
    assert code == "UnknownParameter"


def test_get_request_with_query_string(ec2, endpoint):
    r = requests.get(endpoint + "/", params={"Action": "DescribeVpcs", "Version": "2016-11-15"}, timeout=30)
    assert r.status_code == 200
    root = ET.fromstring(r.text)
    assert root.tag == f"{{{NS}}}DescribeVpcsResponse"
    assert root.find(f"{{{NS}}}vpcSet/{{{NS}}}item/{{{NS}}}cidrBlock").text == "172.31.0.0/16"


@pytest.mark.parametrize("op,kwargs", [
    ("describe_vpcs", {}), ("describe_subnets", {}), ("describe_network_interfaces", {}), ("describe_tags", {}),
    ("describe_security_group_rules", {}), ("describe_managed_prefix_lists", {}), ("describe_route_tables", {}),
    ("describe_prefix_lists", {}),
])
def test_unknown_filter_never_500(ec2, op, kwargs):
    with pytest.raises(ClientError) as e:
        getattr(ec2, op)(Filters=[{"Name": "definitely-not-a-filter", "Values": ["x"]}], **kwargs)
    assert error_code(e) == "InvalidParameterValue"
    assert http_status(e) == 400


def test_filter_without_values_or_name(ec2, raw):
    r = raw("DescribeSecurityGroups", {"Filter.1.Value.1": "x"})
    assert r.status_code == 400


# ---------------------------------------------------------------- palisade endpoints

def test_palisade_health_snapshot_changes(ec2, endpoint):
    new_sg(ec2, "observable")
    h = requests.get(endpoint + "/palisade/v1/health", timeout=10)
    assert h.status_code == 200 and h.json()["status"] == "ok"
    rev = h.json()["revision"]
    snap = requests.get(endpoint + "/palisade/v1/snapshot", timeout=10).json()
    assert "observable" in str(snap)
    ch = requests.get(endpoint + f"/palisade/v1/changes?since={max(0, rev - 1)}", timeout=10)
    assert ch.status_code == 200
    m = requests.get(endpoint + "/metrics", timeout=10)
    assert m.status_code == 200 and "palisade_" in m.text


def test_reset_requires_post(endpoint):
    assert requests.get(endpoint + "/palisade/v1/reset", timeout=10).status_code in (404, 405)
