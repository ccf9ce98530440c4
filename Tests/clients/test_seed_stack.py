"""scripts/seed-stack.sh builds the seed article's groups through the AWS CLI; check what it produced."""

import os
import shutil
import subprocess

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT, REPO, error_code

SCRIPT = REPO / "scripts" / "seed-stack.sh"


def _perms(perms):
    """{(proto, from, to): set of peers} with peers as 'cidr:…' or 'sg:<id>' (descriptions in a side map)."""
    out, descs = {}, {}
    for p in perms:
        key = (p["IpProtocol"], p.get("FromPort"), p.get("ToPort"))
        peers = out.setdefault(key, set())
        for r in p["IpRanges"]:
            peers.add("cidr:" + r["CidrIp"])
            descs[(key, "cidr:" + r["CidrIp"])] = r.get("Description")
        for r in p["UserIdGroupPairs"]:
            peers.add("sg:" + r["GroupId"])
            descs[(key, "sg:" + r["GroupId"])] = r.get("Description")
        assert p["Ipv6Ranges"] == [] and p["PrefixListIds"] == []
    return out, descs


@pytest.mark.skipif(shutil.which("aws") is None, reason="aws CLI not installed")
def test_seed_stack(ec2, endpoint, cli):
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    p = subprocess.run(["bash", str(SCRIPT), endpoint, vpc], env=cli.env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    ids = dict(line.split() for line in p.stdout.strip().splitlines())
    expected_names = {
        "web_alb_sg": "web-alb-prod-sg", "web_servers_sg": "web-servers-prod-sg", "database_sg": "database-prod-sg",
        "bastion_sg": "bastion-prod-sg", "service_mesh_control_plane_sg": "service-mesh-control-prod-sg",
        "microservice_auth_sg": "microservice-auth-prod-sg", "microservice_orders_sg": "microservice-orders-prod-sg",
    }
    assert set(ids) == set(expected_names)
    # notes about what the seed never defines
    for missing in ("microservice_inventory_sg", "microservice_payments_sg", "orders_database_sg"):
        assert missing in p.stderr

    groups = {g["GroupId"]: g for g in ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]}
    assert sorted(g["GroupName"] for g in groups.values()) == sorted(list(expected_names.values()) + ["default"])
    by_tf = {tf: groups[gid] for tf, gid in ids.items()}
    for tf, name in expected_names.items():
        g = by_tf[tf]
        assert g["GroupName"] == name
        tags = {t["Key"]: t["Value"] for t in g["Tags"]}
        assert tags["Name"] == name and tags["Environment"] == "prod"
    assert by_tf["web_alb_sg"]["Description"] == "Security group for web application load balancer"
    assert {t["Key"]: t["Value"] for t in by_tf["bastion_sg"]["Tags"]}["Tier"] == "management"
    assert {t["Key"]: t["Value"] for t in by_tf["microservice_orders_sg"]["Tags"]}["Service"] == "orders"

    sg = lambda tf: "sg:" + ids[tf]
    world = "cidr:0.0.0.0/0"
    expect = {
        "web_alb_sg": ({("tcp", 443, 443): {world}, ("tcp", 80, 80): {world}},
                       {("tcp", 8080, 8080): {sg("web_servers_sg")}}),
        "web_servers_sg": ({("tcp", 8080, 8080): {sg("web_alb_sg")}, ("tcp", 22, 22): {sg("bastion_sg")}},
                           {("tcp", 3306, 3306): {sg("database_sg")}, ("tcp", 443, 443): {world}}),
        "database_sg": ({("tcp", 3306, 3306): {sg("web_servers_sg"), sg("bastion_sg")}}, {}),
        "bastion_sg": ({("tcp", 22, 22): {"cidr:203.0.113.0/24", "cidr:198.51.100.16/28"}},
                       {("-1", None, None): {world}}),
        "service_mesh_control_plane_sg": (
            {("tcp", 15010, 15010): {sg("microservice_auth_sg"), sg("microservice_orders_sg")},
             ("tcp", 15011, 15011): {sg("microservice_auth_sg"), sg("microservice_orders_sg")}}, {}),
        "microservice_auth_sg": (
            {("tcp", 15001, 15001): {sg("service_mesh_control_plane_sg")}, ("tcp", 8080, 8080): {sg("microservice_orders_sg")}},
            {("tcp", 443, 443): {world}, ("tcp", 15010, 15011): {sg("service_mesh_control_plane_sg")}}),
        "microservice_orders_sg": ({("tcp", 8080, 8080): {sg("web_alb_sg")}},
                                   {("tcp", 8080, 8080): {sg("microservice_auth_sg")}}),
    }
    for tf, (ingress, egress) in expect.items():
        got_in, d_in = _perms(by_tf[tf]["IpPermissions"])
        got_eg, d_eg = _perms(by_tf[tf]["IpPermissionsEgress"])
        assert got_in == ingress, tf
        assert got_eg == egress, tf  # default allow-all egress removed, as Terraform does
    # rule descriptions carried over
    _, d = _perms(by_tf["database_sg"]["IpPermissions"])
    assert d[(("tcp", 3306, 3306), sg("bastion_sg"))] == "MySQL from bastion for admin access"
    _, d = _perms(by_tf["web_alb_sg"]["IpPermissions"])
    assert d[(("tcp", 80, 80), world)] == "HTTP from internet (redirect to HTTPS)"
    # referenced user id is our account
    pair = by_tf["database_sg"]["IpPermissions"][0]["UserIdGroupPairs"][0]
    assert pair["UserId"] == ACCOUNT
    # rule count: 22 rules in total across the seven groups
    n = sum(len(ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [gid]}])["SecurityGroupRules"])
            for gid in ids.values())
    assert n == 22
    # the mutual references keep the groups from being deleted
    with pytest.raises(ClientError) as e:
        ec2.delete_security_group(GroupId=ids["database_sg"])
    assert error_code(e) == "DependencyViolation"
    # the filters find the public entry point
    open_world = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                      {"Name": "ip-permission.cidr", "Values": ["0.0.0.0/0"]}])["SecurityGroups"]
    assert [g["GroupId"] for g in open_world] == [ids["web_alb_sg"]]
