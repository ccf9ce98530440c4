"""The major paths through the AWS CLI (`aws ec2 … --endpoint-url`)."""

import json

import pytest

pytestmark = pytest.mark.usefixtures("server")


def ok(result):
    code, out, err = result
    assert code == 0, err
    return out


def test_create_vpc_and_group_and_describe(cli):
    vpc = ok(cli("create-vpc", "--cidr-block", "10.1.2.3/16",
                 "--tag-specifications", "ResourceType=vpc,Tags=[{Key=Name,Value=cli}]"))["Vpc"]
    assert vpc["CidrBlock"] == "10.1.0.0/16"
    sg = ok(cli("create-security-group", "--group-name", "cli-web", "--description", "from the cli",
                "--vpc-id", vpc["VpcId"]))
    gid = sg["GroupId"]
    assert gid.startswith("sg-")
    got = ok(cli("describe-security-groups", "--group-ids", gid))["SecurityGroups"][0]
    assert got["GroupName"] == "cli-web" and got["Description"] == "from the cli" and got["VpcId"] == vpc["VpcId"]
    assert got["IpPermissionsEgress"][0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}]


def test_authorize_shorthand_and_json(cli):
    gid = ok(cli("create-security-group", "--group-name", "cli", "--description", "d"))["GroupId"]
    r = ok(cli("authorize-security-group-ingress", "--group-id", gid, "--ip-permissions",
               "IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=10.0.0.0/8,Description=ssh}]",
               "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]"))
    assert r["Return"] is True and len(r["SecurityGroupRules"]) == 2
    perms = [{"IpProtocol": "udp", "FromPort": 53, "ToPort": 53,
              "IpRanges": [{"CidrIp": "10.1.0.0/16"}, {"CidrIp": "10.2.0.0/16"}],
              "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32", "Description": "v6"}]}]
    r = ok(cli("authorize-security-group-ingress", "--group-id", gid, "--ip-permissions", json.dumps(perms)))
    assert len(r["SecurityGroupRules"]) == 3
    # legacy flags
    r = ok(cli("authorize-security-group-ingress", "--group-id", gid, "--protocol", "tcp", "--port", "8000-8080",
               "--cidr", "192.168.0.0/16"))
    assert r["SecurityGroupRules"][0]["FromPort"] == 8000 and r["SecurityGroupRules"][0]["ToPort"] == 8080
    g = ok(cli("describe-security-groups", "--group-ids", gid))["SecurityGroups"][0]
    by = {(p["IpProtocol"], p.get("FromPort")): p for p in g["IpPermissions"]}
    assert by[("tcp", 22)]["IpRanges"] == [{"CidrIp": "10.0.0.0/8", "Description": "ssh"}]
    assert sorted(x["CidrIp"] for x in by[("udp", 53)]["IpRanges"]) == ["10.1.0.0/16", "10.2.0.0/16"]
    assert by[("udp", 53)]["Ipv6Ranges"] == [{"CidrIpv6": "2001:db8::/32", "Description": "v6"}]
    assert ("tcp", 8000) in by
    # revoke with the shorthand
    ok(cli("revoke-security-group-ingress", "--group-id", gid, "--ip-permissions",
           "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]"))
    g = ok(cli("describe-security-groups", "--group-ids", gid))["SecurityGroups"][0]
    assert ("tcp", 443) not in {(p["IpProtocol"], p.get("FromPort")) for p in g["IpPermissions"]}


def test_describe_with_filters_and_query(cli):
    for name in ("alpha", "beta", "gamma"):
        ok(cli("create-security-group", "--group-name", name, "--description", f"{name} group"))
    out = ok(cli("describe-security-groups", "--filters", "Name=group-name,Values=alpha,gamma",
                 "--query", "SecurityGroups[].GroupName"))
    assert sorted(out) == ["alpha", "gamma"]
    out = ok(cli("describe-security-groups", "--filters", "Name=description,Values=b*", "Name=group-name,Values=beta"))
    assert [g["GroupName"] for g in out["SecurityGroups"]] == ["beta"]
    out = ok(cli("describe-security-groups", "--filters",
                 json.dumps([{"Name": "egress.ip-permission.cidr", "Values": ["0.0.0.0/0"]}, {"Name": "group-name", "Values": ["a*"]}])))
    assert [g["GroupName"] for g in out["SecurityGroups"]] == ["alpha"]


def test_pagination_max_items_and_page_size(cli):
    vpc = ok(cli("create-vpc", "--cidr-block", "10.0.0.0/16"))["Vpc"]["VpcId"]
    for i in range(7):
        ok(cli("create-security-group", "--group-name", f"p{i}", "--description", "d", "--vpc-id", vpc))
    # page-size only: the CLI fetches every page
    out = ok(cli("describe-security-groups", "--filters", f"Name=vpc-id,Values={vpc}", "--page-size", "5"))
    assert len(out["SecurityGroups"]) == 8
    # max-items: truncated, with a continuation token
    first = ok(cli("describe-security-groups", "--filters", f"Name=vpc-id,Values={vpc}", "--page-size", "5", "--max-items", "3"))
    assert len(first["SecurityGroups"]) == 3 and first.get("NextToken")
    rest = ok(cli("describe-security-groups", "--filters", f"Name=vpc-id,Values={vpc}", "--page-size", "5",
                  "--starting-token", first["NextToken"]))
    ids = [g["GroupId"] for g in first["SecurityGroups"] + rest["SecurityGroups"]]
    assert len(ids) == len(set(ids)) == 8
    rules = ok(cli("describe-security-group-rules", "--filters", f"Name=group-id,Values={ids[0]}", "--max-items", "1"))
    assert len(rules["SecurityGroupRules"]) == 1


@pytest.mark.parametrize("args,code", [
    (("create-security-group", "--group-name", "default", "--description", "d"), "InvalidGroup.Reserved"),
    (("describe-security-groups", "--group-ids", "sg-0123456789abcdef0"), "InvalidGroup.NotFound"),
    (("describe-security-groups", "--group-ids", "nonsense"), "InvalidGroupId.Malformed"),
    (("create-vpc", "--cidr-block", "10.0.0.0/8"), "InvalidVpc.Range"),
    (("describe-security-groups", "--filters", "Name=bogus,Values=x"), "InvalidParameterValue"),
    (("create-security-group", "--group-name", "x", "--description", "d", "--dry-run"), "DryRunOperation"),
])
def test_errors_exit_code_and_stderr(cli, args, code):
    rc, out, err = cli(*args)
    assert rc in (254, 255), (rc, err)
    assert f"({code})" in err


def test_duplicate_rule_via_cli(cli):
    gid = ok(cli("create-security-group", "--group-name", "dup", "--description", "d"))["GroupId"]
    perm = "IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=10.0.0.1/24}]"
    ok(cli("authorize-security-group-ingress", "--group-id", gid, "--ip-permissions", perm))
    rc, _, err = cli("authorize-security-group-ingress", "--group-id", gid, "--ip-permissions",
                     "IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=10.0.0.0/24}]")
    assert rc in (254, 255) and "(InvalidPermission.Duplicate)" in err


def test_cli_tags_and_delete(cli):
    gid = ok(cli("create-security-group", "--group-name", "tagme", "--description", "d"))["GroupId"]
    rc, out, err = cli("create-tags", "--resources", gid, "--tags", "Key=Env,Value=dev", "Key=Team,Value=net")
    assert rc == 0, err
    tags = ok(cli("describe-tags", "--filters", f"Name=resource-id,Values={gid}"))["Tags"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("Env", "dev"), ("Team", "net")]
    rc, _, err = cli("delete-security-group", "--group-id", gid)
    assert rc == 0, err
    rc, _, err = cli("delete-security-group", "--group-id", gid)
    assert rc in (254, 255) and "(InvalidGroup.NotFound)" in err


def test_cli_region_flag(cli):
    ok(cli("create-security-group", "--group-name", "eu-cli", "--description", "d", region="eu-west-1"))
    us = ok(cli("describe-security-groups", "--query", "SecurityGroups[].GroupName"))
    eu = ok(cli("describe-security-groups", "--query", "SecurityGroups[].GroupName", region="eu-west-1"))
    assert "eu-cli" in eu and "eu-cli" not in us


def test_cli_sts(cli):
    out = ok(cli("get-caller-identity", service="sts"))
    assert out["Account"] == "123456789012"
