"""VPCs, subnets, regions/zones, account attributes, route tables, STS."""

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT, default_vpc, error_code, error_message, http_status, make_ec2, new_vpc


# ---------------------------------------------------------------- default VPC

def test_default_vpc_exists_with_default_subnets(ec2):
    vpc = default_vpc(ec2)
    assert vpc["CidrBlock"] == "172.31.0.0/16"
    assert vpc["IsDefault"] is True
    assert vpc["State"] == "available"
    assert vpc["OwnerId"] == ACCOUNT
    assert vpc["VpcId"].startswith("vpc-") and len(vpc["VpcId"]) == 21
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    assert sorted(s["AvailabilityZone"] for s in subnets) == sorted(zones)
    cidrs = set()
    for s in subnets:
        assert s["DefaultForAz"] is True
        assert s["MapPublicIpOnLaunch"] is True
        assert s["CidrBlock"].endswith("/20")
        assert s["CidrBlock"].startswith("172.31.")
        assert s["AvailableIpAddressCount"] == 4096 - 5
        assert s["VpcId"] == vpc["VpcId"]
        cidrs.add(s["CidrBlock"])
    assert len(cidrs) == len(subnets)
    # The old camel-case filter name that Terraform's `data "aws_vpc" { default = true }` sends.
    found = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
    assert [v["VpcId"] for v in found] == [vpc["VpcId"]]


def test_default_vpc_default_group_and_rules(ec2):
    vpc = default_vpc(ec2)
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["SecurityGroups"]
    assert [g["GroupName"] for g in groups] == ["default"]
    g = groups[0]
    assert g["Description"] == "default VPC security group"
    assert g["OwnerId"] == ACCOUNT
    assert g["SecurityGroupArn"] == f"arn:aws:ec2:us-east-1:{ACCOUNT}:security-group/{g['GroupId']}"
    # ingress: all traffic from the group itself
    assert len(g["IpPermissions"]) == 1
    perm = g["IpPermissions"][0]
    assert perm["IpProtocol"] == "-1"
    assert "FromPort" not in perm and "ToPort" not in perm
    assert perm["IpRanges"] == [] and perm["Ipv6Ranges"] == [] and perm["PrefixListIds"] == []
    assert [(p["GroupId"], p["UserId"]) for p in perm["UserIdGroupPairs"]] == [(g["GroupId"], ACCOUNT)]
    # egress: all traffic to 0.0.0.0/0 (IPv4-only VPC: no ::/0)
    assert len(g["IpPermissionsEgress"]) == 1
    eg = g["IpPermissionsEgress"][0]
    assert eg["IpProtocol"] == "-1"
    assert [r["CidrIp"] for r in eg["IpRanges"]] == ["0.0.0.0/0"]
    assert eg["Ipv6Ranges"] == []


def test_default_vpc_recreated_after_reset(ec2, server):
    first = default_vpc(ec2)["VpcId"]
    server.reset()
    second = default_vpc(ec2)["VpcId"]
    assert first != second


def test_create_default_vpc_when_one_exists(ec2):
    with pytest.raises(ClientError) as e:
        ec2.create_default_vpc()
    assert error_code(e) == "DefaultVpcAlreadyExists"


def test_create_default_vpc_after_deleting_it(ec2):
    vpc = default_vpc(ec2)
    for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]:
        ec2.delete_subnet(SubnetId=s["SubnetId"])
    ec2.delete_vpc(VpcId=vpc["VpcId"])
    assert ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"] == []
    # Without a default VPC, CreateSecurityGroup without VpcId fails.
    with pytest.raises(ClientError) as e:
        ec2.create_security_group(GroupName="x", Description="x")
    assert error_code(e) == "VPCIdNotSpecified"
    created = ec2.create_default_vpc()["Vpc"]
    assert created["IsDefault"] is True
    assert created["CidrBlock"] == "172.31.0.0/16"
    assert default_vpc(ec2)["VpcId"] == created["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [created["VpcId"]]}])["Subnets"]
    assert subnets and all(s["DefaultForAz"] for s in subnets)


# ---------------------------------------------------------------- CreateVpc / DescribeVpcs / DeleteVpc

@pytest.mark.parametrize(
    "given,canonical",
    [("10.1.2.3/16", "10.1.0.0/16"), ("100.68.0.18/18", "100.68.0.0/18"), ("192.168.7.9/28", "192.168.7.0/28"),
     ("10.0.0.0/16", "10.0.0.0/16")],
)
def test_create_vpc_canonicalises_cidr(ec2, given, canonical):
    vpc = new_vpc(ec2, given)
    assert vpc["CidrBlock"] == canonical
    assert vpc["IsDefault"] is False
    assert [a["CidrBlock"] for a in vpc["CidrBlockAssociationSet"]] == [canonical]
    assert vpc["CidrBlockAssociationSet"][0]["AssociationId"].startswith("vpc-cidr-assoc-")
    again = ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"][0]
    assert again["CidrBlock"] == canonical


@pytest.mark.parametrize("cidr", ["10.0.0.0/8", "10.0.0.0/15", "10.0.0.0/29", "10.0.0.0/32"])
def test_create_vpc_prefix_out_of_range(ec2, cidr):
    with pytest.raises(ClientError) as e:
        ec2.create_vpc(CidrBlock=cidr)
    assert error_code(e) == "InvalidVpc.Range"
    assert error_message(e) == f"The CIDR '{cidr}' is invalid."
    assert http_status(e) == 400


@pytest.mark.parametrize("cidr", ["bogus", "10.0.0.0", "300.0.0.0/16", "10.0.0.0/abc"])
def test_create_vpc_not_a_cidr(ec2, cidr):
    with pytest.raises(ClientError) as e:
        ec2.create_vpc(CidrBlock=cidr)
    assert error_code(e) == "InvalidParameterValue"


def test_create_vpc_gets_default_group_with_rules(ec2):
    vpc = new_vpc(ec2, "10.5.0.0/16")
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["SecurityGroups"]
    assert len(groups) == 1 and groups[0]["GroupName"] == "default"
    g = groups[0]
    assert g["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"] == g["GroupId"]
    assert g["IpPermissionsEgress"][0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}]


def test_create_vpc_with_ipv6_default_group_gets_ipv6_egress(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.6.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]
    vpc = ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"][0]
    assert len(vpc["Ipv6CidrBlockAssociationSet"]) == 1
    v6 = vpc["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
    assert v6.endswith("/56")
    g = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"][0]
    eg = g["IpPermissionsEgress"]
    assert len(eg) == 1
    assert [r["CidrIpv6"] for r in eg[0]["Ipv6Ranges"]] == ["::/0"]
    assert [r["CidrIp"] for r in eg[0]["IpRanges"]] == ["0.0.0.0/0"]


def test_create_vpc_tags_and_tenancy(ec2):
    vpc = ec2.create_vpc(
        CidrBlock="10.7.0.0/16", InstanceTenancy="dedicated",
        TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "main"}]}],
    )["Vpc"]
    assert vpc["InstanceTenancy"] == "dedicated"
    assert vpc["Tags"] == [{"Key": "Name", "Value": "main"}]
    found = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"]
    assert [v["VpcId"] for v in found] == [vpc["VpcId"]]


def test_create_vpc_bad_tenancy(ec2):
    with pytest.raises(ClientError) as e:
        ec2.create_vpc(CidrBlock="10.7.0.0/16", InstanceTenancy="host")
    assert error_code(e) in ("InvalidParameterValue", "UnsupportedTenancy")


def test_create_vpc_missing_cidr(ec2):
    with pytest.raises(ClientError) as e:
        ec2.create_vpc()
    assert error_code(e) == "MissingParameter"


def test_vpc_quota(ec2):
    # default VPC + 4 = 5 (AWS default quota)
    for i in range(4):
        new_vpc(ec2, f"10.{i}.0.0/16")
    with pytest.raises(ClientError) as e:
        new_vpc(ec2, "10.99.0.0/16")
    assert error_code(e) == "VpcLimitExceeded"


def test_describe_vpcs_filters(ec2):
    a = new_vpc(ec2, "10.10.0.0/16")
    b = new_vpc(ec2, "10.20.0.0/16")
    ids = lambda fs: sorted(v["VpcId"] for v in ec2.describe_vpcs(Filters=fs)["Vpcs"])
    assert ids([{"Name": "cidr", "Values": ["10.10.0.0/16"]}]) == [a["VpcId"]]
    assert ids([{"Name": "cidr-block-association.cidr-block", "Values": ["10.20.0.0/16"]}]) == [b["VpcId"]]
    assert ids([{"Name": "is-default", "Values": ["false"]}]) == sorted([a["VpcId"], b["VpcId"]])
    assert ids([{"Name": "vpc-id", "Values": [a["VpcId"], b["VpcId"]]}]) == sorted([a["VpcId"], b["VpcId"]])
    assert ids([{"Name": "cidr", "Values": ["10.*"]}]) == sorted([a["VpcId"], b["VpcId"]])
    assert ids([{"Name": "owner-id", "Values": [ACCOUNT]}, {"Name": "cidr", "Values": ["10.1?.0.0/16"]}]) == [a["VpcId"]]
    assert ids([{"Name": "state", "Values": ["pending"]}]) == []


def test_describe_vpcs_unknown_filter(ec2):
    with pytest.raises(ClientError) as e:
        ec2.describe_vpcs(Filters=[{"Name": "no-such-filter", "Values": ["x"]}])
    assert error_code(e) == "InvalidParameterValue"
    assert http_status(e) == 400


def test_describe_vpcs_unknown_and_malformed(ec2):
    vpc = default_vpc(ec2)
    with pytest.raises(ClientError) as e:
        ec2.describe_vpcs(VpcIds=[vpc["VpcId"], "vpc-0123456789abcdef0"])
    assert error_code(e) == "InvalidVpcID.NotFound"
    assert error_message(e) == "The vpc ID 'vpc-0123456789abcdef0' does not exist"
    with pytest.raises(ClientError) as e:
        ec2.describe_vpcs(VpcIds=["banana"])
    assert error_code(e) == "InvalidVpcID.Malformed"


def test_delete_vpc(ec2):
    vpc = new_vpc(ec2, "10.30.0.0/16")
    default_sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["SecurityGroups"][0]
    ec2.delete_vpc(VpcId=vpc["VpcId"])
    with pytest.raises(ClientError) as e:
        ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])
    assert error_code(e) == "InvalidVpcID.NotFound"
    # its default group went with it
    with pytest.raises(ClientError) as e:
        ec2.describe_security_groups(GroupIds=[default_sg["GroupId"]])
    assert error_code(e) == "InvalidGroup.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.delete_vpc(VpcId=vpc["VpcId"])
    assert error_code(e) == "InvalidVpcID.NotFound"


def test_delete_vpc_malformed(ec2):
    with pytest.raises(ClientError) as e:
        ec2.delete_vpc(VpcId="sg-12345678")
    assert error_code(e) == "InvalidVpcID.Malformed"


def test_delete_vpc_with_subnet_fails(ec2):
    vpc = new_vpc(ec2, "10.31.0.0/16")
    sub = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.31.1.0/24")["Subnet"]
    with pytest.raises(ClientError) as e:
        ec2.delete_vpc(VpcId=vpc["VpcId"])
    assert error_code(e) == "DependencyViolation"
    assert error_message(e) == f"The vpc '{vpc['VpcId']}' has dependencies and cannot be deleted."
    ec2.delete_subnet(SubnetId=sub["SubnetId"])
    ec2.delete_vpc(VpcId=vpc["VpcId"])


def test_delete_vpc_with_security_group_fails(ec2):
    vpc = new_vpc(ec2, "10.32.0.0/16")
    sg = ec2.create_security_group(GroupName="g", Description="d", VpcId=vpc["VpcId"])["GroupId"]
    with pytest.raises(ClientError) as e:
        ec2.delete_vpc(VpcId=vpc["VpcId"])
    assert error_code(e) == "DependencyViolation"
    # nothing deleted
    assert ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"]
    ec2.delete_security_group(GroupId=sg)
    ec2.delete_vpc(VpcId=vpc["VpcId"])


# ---------------------------------------------------------------- VPC attributes

def test_vpc_attributes(ec2):
    vpc = new_vpc(ec2, "10.40.0.0/16")["VpcId"]
    r = ec2.describe_vpc_attribute(VpcId=vpc, Attribute="enableDnsSupport")
    assert r["VpcId"] == vpc and r["EnableDnsSupport"] == {"Value": True}
    assert ec2.describe_vpc_attribute(VpcId=vpc, Attribute="enableDnsHostnames")["EnableDnsHostnames"] == {"Value": False}
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    assert ec2.describe_vpc_attribute(VpcId=vpc, Attribute="enableDnsHostnames")["EnableDnsHostnames"] == {"Value": True}
    dvpc = default_vpc(ec2)["VpcId"]
    assert ec2.describe_vpc_attribute(VpcId=dvpc, Attribute="enableDnsHostnames")["EnableDnsHostnames"] == {"Value": True}


def test_vpc_attribute_errors(ec2, raw):
    vpc = new_vpc(ec2, "10.41.0.0/16")["VpcId"]
    with pytest.raises(ClientError) as e:
        ec2.describe_vpc_attribute(VpcId="vpc-0123456789abcdef0", Attribute="enableDnsSupport")
    assert error_code(e) == "InvalidVpcID.NotFound"
    # Attribute outside the enum (bypass client validation)
    r = raw("DescribeVpcAttribute", {"VpcId": vpc, "Attribute": "bogus"})
    assert r.status_code == 400
    # Two attributes at once
    r = raw("ModifyVpcAttribute", {"VpcId": vpc, "EnableDnsSupport.Value": "true", "EnableDnsHostnames.Value": "true"})
    assert r.status_code == 400
    # none
    with pytest.raises(ClientError) as e:
        ec2.modify_vpc_attribute(VpcId=vpc)
    assert http_status(e) == 400


# ---------------------------------------------------------------- subnets

def test_create_subnet_and_describe(ec2):
    vpc = new_vpc(ec2, "10.50.0.0/16")["VpcId"]
    s = ec2.create_subnet(VpcId=vpc, CidrBlock="10.50.1.7/24", AvailabilityZone="us-east-1b")["Subnet"]
    assert s["CidrBlock"] == "10.50.1.0/24"
    assert s["AvailabilityZone"] == "us-east-1b"
    assert s["AvailabilityZoneId"].startswith("use1-az")
    assert s["AvailableIpAddressCount"] == 251
    assert s["DefaultForAz"] is False and s["MapPublicIpOnLaunch"] is False
    assert s["SubnetArn"] == f"arn:aws:ec2:us-east-1:{ACCOUNT}:subnet/{s['SubnetId']}"
    assert s["VpcId"] == vpc
    got = ec2.describe_subnets(SubnetIds=[s["SubnetId"]])["Subnets"]
    assert [x["SubnetId"] for x in got] == [s["SubnetId"]]
    f = ec2.describe_subnets(Filters=[{"Name": "cidr-block", "Values": ["10.50.1.0/24"]}])["Subnets"]
    assert [x["SubnetId"] for x in f] == [s["SubnetId"]]
    f = ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["us-east-1b"]},
                                      {"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    assert [x["SubnetId"] for x in f] == [s["SubnetId"]]
    f = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    assert s["SubnetId"] not in [x["SubnetId"] for x in f] and len(f) == 6


@pytest.mark.parametrize("cidr", ["10.51.0.0/29", "10.52.0.0/24", "10.0.0.0/15", "10.51.0.0/30"])
def test_create_subnet_range(ec2, cidr):
    vpc = new_vpc(ec2, "10.51.0.0/16")["VpcId"]
    with pytest.raises(ClientError) as e:
        ec2.create_subnet(VpcId=vpc, CidrBlock=cidr)
    assert error_code(e) == "InvalidSubnet.Range"
    assert error_message(e) == f"The CIDR '{cidr}' is invalid."


def test_create_subnet_conflict(ec2):
    vpc = new_vpc(ec2, "10.53.0.0/16")["VpcId"]
    ec2.create_subnet(VpcId=vpc, CidrBlock="10.53.0.0/20")
    for cidr in ["10.53.1.0/24", "10.53.0.0/16", "10.53.0.0/20"]:
        with pytest.raises(ClientError) as e:
            ec2.create_subnet(VpcId=vpc, CidrBlock=cidr)
        assert error_code(e) == "InvalidSubnet.Conflict"
        assert error_message(e) == f"The CIDR '{cidr}' conflicts with another subnet"
    # adjacent is fine
    ec2.create_subnet(VpcId=vpc, CidrBlock="10.53.16.0/20")


def test_create_subnet_errors(ec2):
    vpc = new_vpc(ec2, "10.54.0.0/16")["VpcId"]
    with pytest.raises(ClientError) as e:
        ec2.create_subnet(VpcId="vpc-0123456789abcdef0", CidrBlock="10.54.0.0/24")
    assert error_code(e) == "InvalidVpcID.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.create_subnet(VpcId="nope", CidrBlock="10.54.0.0/24")
    assert error_code(e) == "InvalidVpcID.Malformed"
    with pytest.raises(ClientError) as e:
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.54.0.0/24", AvailabilityZone="eu-west-1a")
    assert error_code(e) == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        ec2.create_subnet(VpcId=vpc, CidrBlock="garbage")
    assert error_code(e) == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        ec2.create_subnet(VpcId=vpc)
    assert error_code(e) == "MissingParameter"


def test_describe_subnets_not_found_and_malformed(ec2):
    with pytest.raises(ClientError) as e:
        ec2.describe_subnets(SubnetIds=["subnet-0123456789abcdef0"])
    assert error_code(e) == "InvalidSubnetID.NotFound"
    assert error_message(e) == "The subnet ID 'subnet-0123456789abcdef0' does not exist"
    with pytest.raises(ClientError) as e:
        ec2.describe_subnets(SubnetIds=["vpc-0123456789abcdef0"])
    assert error_code(e) == "InvalidSubnetID.Malformed"
    with pytest.raises(ClientError) as e:
        ec2.describe_subnets(Filters=[{"Name": "bogus", "Values": ["1"]}])
    assert error_code(e) == "InvalidParameterValue"


def test_delete_subnet(ec2):
    vpc = new_vpc(ec2, "10.55.0.0/16")["VpcId"]
    s = ec2.create_subnet(VpcId=vpc, CidrBlock="10.55.0.0/24")["Subnet"]["SubnetId"]
    ec2.delete_subnet(SubnetId=s)
    with pytest.raises(ClientError) as e:
        ec2.delete_subnet(SubnetId=s)
    assert error_code(e) == "InvalidSubnetID.NotFound"
    # the CIDR is free again
    ec2.create_subnet(VpcId=vpc, CidrBlock="10.55.0.0/24")


def test_delete_subnet_with_eni_fails(ec2):
    vpc = new_vpc(ec2, "10.56.0.0/16")["VpcId"]
    s = ec2.create_subnet(VpcId=vpc, CidrBlock="10.56.0.0/24")["Subnet"]["SubnetId"]
    eni = ec2.create_network_interface(SubnetId=s)["NetworkInterface"]["NetworkInterfaceId"]
    with pytest.raises(ClientError) as e:
        ec2.delete_subnet(SubnetId=s)
    assert error_code(e) == "DependencyViolation"
    assert error_message(e) == f"The subnet '{s}' has dependencies and cannot be deleted."
    ec2.delete_network_interface(NetworkInterfaceId=eni)
    ec2.delete_subnet(SubnetId=s)


# ---------------------------------------------------------------- regions, zones, account, route tables, STS

def test_describe_regions(ec2):
    regions = {r["RegionName"]: r for r in ec2.describe_regions()["Regions"]}
    assert {"us-east-1", "eu-west-1", "us-west-2"} <= set(regions)
    assert regions["us-east-1"]["Endpoint"]
    only = ec2.describe_regions(RegionNames=["eu-west-1"])["Regions"]
    assert [r["RegionName"] for r in only] == ["eu-west-1"]


def test_describe_availability_zones(ec2, ec2_region):
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    names = [z["ZoneName"] for z in zones]
    assert names == ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"]
    for z in zones:
        assert z["RegionName"] == "us-east-1"
        assert z["State"] == "available"
        assert z["ZoneId"].startswith("use1-az")
    eu = ec2_region("eu-west-1").describe_availability_zones()["AvailabilityZones"]
    assert all(z["ZoneName"].startswith("eu-west-1") for z in eu) and eu


def test_describe_account_attributes(ec2):
    attrs = {a["AttributeName"]: [v["AttributeValue"] for v in a["AttributeValues"]]
             for a in ec2.describe_account_attributes()["AccountAttributes"]}
    assert attrs["supported-platforms"] == ["VPC"]
    assert attrs["default-vpc"] == [default_vpc(ec2)["VpcId"]]
    assert attrs["vpc-max-security-groups-per-interface"] == ["5"]
    one = ec2.describe_account_attributes(AttributeNames=["default-vpc"])["AccountAttributes"]
    assert [a["AttributeName"] for a in one] == ["default-vpc"]


def test_describe_route_tables(ec2):
    vpc = new_vpc(ec2, "10.60.0.0/16")["VpcId"]
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"]
    assert len(tables) == 1
    t = tables[0]
    assert t["RouteTableId"].startswith("rtb-")
    assert any(r["DestinationCidrBlock"] == "10.60.0.0/16" and r["GatewayId"] == "local" for r in t["Routes"])
    assert t["Associations"][0]["Main"] is True
    all_tables = ec2.describe_route_tables()["RouteTables"]
    assert len(all_tables) == 2
    with pytest.raises(ClientError) as e:
        ec2.describe_route_tables(RouteTableIds=["rtb-0123456789abcdef0"])
    assert error_code(e) == "InvalidRouteTableID.NotFound"


def test_sts_get_caller_identity(endpoint, server):
    sts = boto3.client("sts", region_name="us-east-1", endpoint_url=endpoint,
                       aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="x")
    ident = sts.get_caller_identity()
    assert ident["Account"] == ACCOUNT
    assert ident["Arn"].startswith(f"arn:aws:")
    assert ACCOUNT in ident["Arn"]


# ---------------------------------------------------------------- regions are isolated

def test_region_from_client(ec2, ec2_region):
    eu = ec2_region("eu-west-1")
    vpc = eu.create_vpc(CidrBlock="10.70.0.0/16")["Vpc"]["VpcId"]
    sg = eu.create_security_group(GroupName="eu-only", Description="d", VpcId=vpc)["GroupId"]
    arn = eu.describe_security_groups(GroupIds=[sg])["SecurityGroups"][0]["SecurityGroupArn"]
    assert arn.startswith("arn:aws:ec2:eu-west-1:")
    # eu-west-1 has its own default VPC
    eu_default = default_vpc(eu)["VpcId"]
    us_default = default_vpc(ec2)["VpcId"]
    assert eu_default != us_default
    with pytest.raises(ClientError) as e:
        ec2.describe_vpcs(VpcIds=[vpc])
    assert error_code(e) == "InvalidVpcID.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.describe_security_groups(GroupIds=[sg])
    assert error_code(e) == "InvalidGroup.NotFound"
    assert sg not in [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]]
    # The same name is free in us-east-1's default VPC
    ec2.create_security_group(GroupName="eu-only", Description="d")
    # zones of the subnet in eu
    s = eu.create_subnet(VpcId=vpc, CidrBlock="10.70.1.0/24")["Subnet"]
    assert s["AvailabilityZone"].startswith("eu-west-1")


def test_modify_subnet_attribute(ec2, cli):
    """One attribute per call, as EC2 and Terraform's aws_subnet use it; each shows in DescribeSubnets."""
    vpc = new_vpc(ec2, "10.60.0.0/16", AmazonProvidedIpv6CidrBlock=True)
    v6 = ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
    subnet = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.60.1.0/24",
                               Ipv6CidrBlock=v6.replace("::/56", "::/64"))["Subnet"]["SubnetId"]
    plain = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.60.2.0/24")["Subnet"]["SubnetId"]

    def described(subnet_id):
        return ec2.describe_subnets(SubnetIds=[subnet_id])["Subnets"][0]

    before = described(subnet)
    assert before["MapPublicIpOnLaunch"] is False and before["EnableDns64"] is False
    assert before["PrivateDnsNameOptionsOnLaunch"] == {
        "HostnameType": "ip-name", "EnableResourceNameDnsARecord": False, "EnableResourceNameDnsAAAARecord": False}
    ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
    ec2.modify_subnet_attribute(SubnetId=subnet, AssignIpv6AddressOnCreation={"Value": True})
    ec2.modify_subnet_attribute(SubnetId=subnet, EnableDns64={"Value": True})
    ec2.modify_subnet_attribute(SubnetId=subnet, PrivateDnsHostnameTypeOnLaunch="resource-name")
    ec2.modify_subnet_attribute(SubnetId=subnet, EnableResourceNameDnsARecordOnLaunch={"Value": True})
    code, _, err = cli("modify-subnet-attribute", "--subnet-id", subnet, "--enable-resource-name-dns-aaaa-record-on-launch")
    assert code == 0, err
    after = described(subnet)
    assert after["MapPublicIpOnLaunch"] is True and after["AssignIpv6AddressOnCreation"] is True
    assert after["EnableDns64"] is True
    assert after["PrivateDnsNameOptionsOnLaunch"] == {
        "HostnameType": "resource-name", "EnableResourceNameDnsARecord": True, "EnableResourceNameDnsAAAARecord": True}
    public = ec2.describe_subnets(Filters=[{"Name": "map-public-ip-on-launch", "Values": ["true"]},
                                           {"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    assert [s["SubnetId"] for s in public] == [subnet]

    # Errors leave the subnet as it was.
    with pytest.raises(ClientError) as e:
        ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": False}, EnableDns64={"Value": False})
    assert error_code(e) == "InvalidParameterCombination"
    with pytest.raises(ClientError) as e:
        ec2.modify_subnet_attribute(SubnetId=subnet)
    assert error_code(e) == "MissingParameter"
    with pytest.raises(ClientError) as e:
        ec2.modify_subnet_attribute(SubnetId=subnet, PrivateDnsHostnameTypeOnLaunch="fancy-name")
    assert error_code(e) == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        ec2.modify_subnet_attribute(SubnetId=plain, AssignIpv6AddressOnCreation={"Value": True})
    assert error_code(e) == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        ec2.modify_subnet_attribute(SubnetId="subnet-0000000000000000f", MapPublicIpOnLaunch={"Value": True})
    assert error_code(e) == "InvalidSubnetID.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.modify_subnet_attribute(SubnetId="subnet-xyz", MapPublicIpOnLaunch={"Value": True})
    assert error_code(e) == "InvalidSubnetID.Malformed"
    assert described(subnet) == after
