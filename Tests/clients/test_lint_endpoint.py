"""`palisade lint --endpoint URL`: a running server's VPCs, groups, rules, interfaces and prefix lists, read with the
EC2 Describe* calls and linted, with findings located by JSON path in those answers."""

import json
import os
import subprocess

import boto3
import pytest

from conftest import REGION, Server, palisade_bin


def lint(endpoint, *args, env=None):
    proc = subprocess.run([palisade_bin(), "lint", "--endpoint", endpoint, *args],
                          capture_output=True, text=True, timeout=120, env=env)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def account(ec2):
    """A VPC with a world-open SSH group attached to an interface, a database group open to the world and a
    prefix list holding 0.0.0.0/0 used for RDP."""
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.42.1.0/24")["Subnet"]["SubnetId"]
    web = ec2.create_security_group(GroupName="prod-shop-app-web", Description="web servers", VpcId=vpc)["GroupId"]
    db = ec2.create_security_group(GroupName="prod-shop-data-db", Description="database", VpcId=vpc)["GroupId"]
    ssh = ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "ssh"}]},
    ])["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    mysql = ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": web}]},
    ])["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    everyone = ec2.create_managed_prefix_list(PrefixListName="everyone", AddressFamily="IPv4", MaxEntries=2,
                                              Entries=[{"Cidr": "0.0.0.0/0", "Description": "all"}])
    prefix_list = everyone["PrefixList"]["PrefixListId"]
    rdp = ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "PrefixListIds": [{"PrefixListId": prefix_list}]},
    ])["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    eni = ec2.create_network_interface(SubnetId=subnet, Groups=[web], Description="web-1")["NetworkInterface"]
    return dict(vpc=vpc, web=web, db=db, ssh=ssh, mysql=mysql, rdp=rdp, prefix_list=prefix_list,
                eni=eni["NetworkInterfaceId"])


def by_check(findings, check):
    return [f for f in findings if f["checkId"] == check]


@pytest.mark.usefixtures("server")
def test_lint_endpoint_json_paths_point_at_the_rules(endpoint, ec2, account):
    code, out, err = lint(endpoint, "--format", "json")
    assert code == 1, err  # high findings, --fail-on high by default
    findings = json.loads(out)["findings"]
    rules_answer = f"{endpoint}/?Action=DescribeSecurityGroupRules"
    # The JSON path indexes the server's own DescribeSecurityGroupRules answer, in its order.
    rules = ec2.describe_security_group_rules(MaxResults=1000)["SecurityGroupRules"]
    for check, rule_id in [("PAL-SSH-WORLD", account["ssh"]), ("PAL-DB-WORLD", account["mysql"]),
                           ("PAL-RDP-WORLD", account["rdp"])]:
        found = [f for f in by_check(findings, check) if rule_id in f.get("relatedIds", [])]
        assert len(found) == 1, (check, by_check(findings, check))
        location = found[0]["location"]
        assert location["file"] == rules_answer
        index = int(location["jsonPath"].removeprefix("$.SecurityGroupRules[").removesuffix("]"))
        assert rules[index]["SecurityGroupRuleId"] == rule_id
    # The RDP rule's source is a prefix list: its entries (GetManagedPrefixListEntries) make it world-open.
    rdp = next(f for f in by_check(findings, "PAL-RDP-WORLD") if account["rdp"] in f["relatedIds"])
    assert "0.0.0.0/0" in rdp["message"]
    # The interface comes from DescribeNetworkInterfaces and is exposed through its group.
    exposed = [f for f in by_check(findings, "PAL-PUBLIC-NON-LB") if account["eni"] in f.get("relatedIds", [])
               or account["eni"] in f["message"]]
    assert exposed and exposed[0]["location"]["file"] == f"{endpoint}/?Action=DescribeNetworkInterfaces"
    # Groups are read too: the database group is named by its ID and name in messages.
    assert any(account["db"] in f["message"] for f in by_check(findings, "PAL-DB-WORLD"))


@pytest.mark.usefixtures("server")
def test_lint_endpoint_text_and_clean_account(endpoint, ec2, account):
    code, out, _ = lint(endpoint, "--fail-on", "critical")
    assert code in (0, 1)
    assert f"{endpoint}/?Action=DescribeSecurityGroupRules:$.SecurityGroupRules[" in out
    assert "PAL-SSH-WORLD" in out
    # Once the world-open rules are revoked, those findings are gone.
    ec2.revoke_security_group_ingress(GroupId=account["web"], SecurityGroupRuleIds=[account["ssh"], account["rdp"]])
    ec2.revoke_security_group_ingress(GroupId=account["db"], SecurityGroupRuleIds=[account["mysql"]])
    code, out, err = lint(endpoint, "--format", "json", "--fail-on", "critical")
    findings = json.loads(out)["findings"]
    assert not [f for f in findings if f["checkId"] in ("PAL-SSH-WORLD", "PAL-DB-WORLD", "PAL-RDP-WORLD")], findings


def test_lint_endpoint_unreachable_is_a_usage_error():
    code, out, err = lint("http://127.0.0.1:9", "--format", "json")
    assert code == 2 and "cannot reach" in err and out == ""


def test_lint_endpoint_signs_its_requests_and_sees_one_account(tmp_path):
    """Against a server that checks SigV4: the caller's keys decide the account that is linted."""
    db = tmp_path / "auth.sqlite"
    server = Server(db=db, auth=True, allow_reset=False)
    try:
        def account(name):
            out = subprocess.run([palisade_bin(), "accounts", "create", name, "--json", "--db", str(db)],
                                 capture_output=True, text=True, timeout=60, check=True)
            return json.loads(out.stdout)

        alpha, beta = account("alpha"), account("beta")

        def ec2(acct):
            return boto3.client("ec2", endpoint_url=server.url, region_name=REGION,
                                aws_access_key_id=acct["accessKeyId"], aws_secret_access_key=acct["secretAccessKey"])

        open_group = ec2(alpha).create_security_group(GroupName="alpha-open", Description="open")["GroupId"]
        ec2(alpha).authorize_security_group_ingress(GroupId=open_group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        beta_group = ec2(beta).create_security_group(GroupName="beta-only", Description="b")["GroupId"]

        def env(acct, secret=None):
            return dict(os.environ, AWS_ACCESS_KEY_ID=acct["accessKeyId"],
                        AWS_SECRET_ACCESS_KEY=secret or acct["secretAccessKey"], AWS_REGION=REGION)

        code, out, err = lint(server.url, "--format", "json", env=env(alpha))
        assert code == 1, err
        findings = json.loads(out)["findings"]
        assert any(f["checkId"] == "PAL-SSH-WORLD" and open_group in f["relatedIds"] for f in findings)
        assert not any(beta_group in f["relatedIds"] for f in findings)
        code, out, err = lint(server.url, "--format", "json", "--fail-on", "critical", env=env(beta))
        assert code == 0, err
        assert not any(open_group in f["relatedIds"] for f in json.loads(out)["findings"])
        # A wrong secret is refused by the server, and lint says so instead of linting nothing.
        code, out, err = lint(server.url, env=env(alpha, secret="not-the-secret"))
        assert code == 2 and "DescribeVpcs failed" in err and out == "", err
    finally:
        server.stop()
