"""CreateNetworkInterface / DescribeNetworkInterfaces / ModifyNetworkInterfaceAttribute / DeleteNetworkInterface."""

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT, error_code, error_message, new_sg, new_vpc


@pytest.fixture
def net(ec2):
    vpc = new_vpc(ec2)["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    default = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                   {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]["GroupId"]
    return dict(vpc=vpc, subnet=subnet, default=default)


def eni(ec2, eni_id):
    return ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]


def test_create_default_group_and_first_address(ec2, net):
    r = ec2.create_network_interface(SubnetId=net["subnet"], Description="primary")["NetworkInterface"]
    assert r["NetworkInterfaceId"].startswith("eni-") and len(r["NetworkInterfaceId"]) == 21
    assert r["SubnetId"] == net["subnet"] and r["VpcId"] == net["vpc"]
    assert r["AvailabilityZone"] == "us-east-1a"
    assert r["Description"] == "primary"
    assert [(g["GroupId"], g["GroupName"]) for g in r["Groups"]] == [(net["default"], "default")]
    assert r["InterfaceType"] == "interface"
    assert r["OwnerId"] == ACCOUNT
    assert r["SourceDestCheck"] is True
    assert r["Status"] == "available"
    assert r["RequesterManaged"] is False
    assert r["PrivateIpAddress"] == "10.0.1.4"  # first four addresses are reserved
    assert [(a["PrivateIpAddress"], a["Primary"]) for a in r["PrivateIpAddresses"]] == [("10.0.1.4", True)]
    assert r["MacAddress"].count(":") == 5
    assert r["PrivateDnsName"] == "ip-10-0-1-4.ec2.internal"
    again = eni(ec2, r["NetworkInterfaceId"])
    assert again["PrivateIpAddress"] == "10.0.1.4"
    # the subnet's free count dropped by one
    s = ec2.describe_subnets(SubnetIds=[net["subnet"]])["Subnets"][0]
    assert s["AvailableIpAddressCount"] == 250


def test_create_with_groups_and_secondary_ips(ec2, net):
    a = new_sg(ec2, "a", net["vpc"])
    b = new_sg(ec2, "b", net["vpc"])
    r = ec2.create_network_interface(SubnetId=net["subnet"], Groups=[a, b], PrivateIpAddress="10.0.1.50",
                                     SecondaryPrivateIpAddressCount=2)["NetworkInterface"]
    assert sorted(g["GroupId"] for g in r["Groups"]) == sorted([a, b])
    addrs = [(x["PrivateIpAddress"], x["Primary"]) for x in r["PrivateIpAddresses"]]
    assert addrs[0] == ("10.0.1.50", True)
    assert len(addrs) == 3 and all(not p for _, p in addrs[1:])
    assert len({a for a, _ in addrs}) == 3
    assert r["PrivateIpAddress"] == "10.0.1.50"


def test_create_with_private_ip_addresses_list(ec2, net):
    r = ec2.create_network_interface(SubnetId=net["subnet"], PrivateIpAddresses=[
        {"PrivateIpAddress": "10.0.1.10", "Primary": False}, {"PrivateIpAddress": "10.0.1.11", "Primary": True}])["NetworkInterface"]
    assert r["PrivateIpAddress"] == "10.0.1.11"
    assert sorted(x["PrivateIpAddress"] for x in r["PrivateIpAddresses"]) == ["10.0.1.10", "10.0.1.11"]


def test_explicit_ip_in_use(ec2, net):
    ec2.create_network_interface(SubnetId=net["subnet"], PrivateIpAddress="10.0.1.20")
    with pytest.raises(ClientError) as e:
        ec2.create_network_interface(SubnetId=net["subnet"], PrivateIpAddress="10.0.1.20")
    assert error_code(e) == "InvalidIPAddress.InUse"
    # automatic allocation skips it
    r = ec2.create_network_interface(SubnetId=net["subnet"], SecondaryPrivateIpAddressCount=20)["NetworkInterface"]
    assert "10.0.1.20" not in [x["PrivateIpAddress"] for x in r["PrivateIpAddresses"]]
    assert len(r["PrivateIpAddresses"]) == 21


@pytest.mark.parametrize("ip", ["10.0.2.5", "10.0.1.0", "10.0.1.3", "10.0.1.255", "not-an-ip"])
def test_ip_outside_subnet_or_reserved(ec2, net, ip):
    with pytest.raises(ClientError) as e:
        ec2.create_network_interface(SubnetId=net["subnet"], PrivateIpAddress=ip)
    assert error_code(e) == "InvalidParameterValue"


def test_insufficient_addresses(ec2):
    vpc = new_vpc(ec2)["VpcId"]
    tiny = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/28")["Subnet"]["SubnetId"]  # 11 usable
    ec2.create_network_interface(SubnetId=tiny, SecondaryPrivateIpAddressCount=10)
    with pytest.raises(ClientError) as e:
        ec2.create_network_interface(SubnetId=tiny)
    assert error_code(e) == "InsufficientFreeAddressesInSubnet"


def test_create_errors(ec2, net):
    with pytest.raises(ClientError) as e:
        ec2.create_network_interface(SubnetId="subnet-0123456789abcdef0")
    assert error_code(e) == "InvalidSubnetID.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.create_network_interface(SubnetId="subnet_bad")
    assert error_code(e) == "InvalidSubnetID.Malformed"
    with pytest.raises(ClientError) as e:
        ec2.create_network_interface(SubnetId=net["subnet"], Groups=["sg-0123456789abcdef0"])
    assert error_code(e) == "InvalidGroup.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.create_network_interface(SubnetId=net["subnet"], Groups=["nope"])
    assert error_code(e) == "InvalidGroupId.Malformed"
    assert ec2.describe_network_interfaces()["NetworkInterfaces"] == []


def test_groups_of_another_vpc_refused(ec2, net):
    other = new_vpc(ec2, "10.1.0.0/16")["VpcId"]
    foreign = new_sg(ec2, "foreign", other)
    with pytest.raises(ClientError) as e:
        ec2.create_network_interface(SubnetId=net["subnet"], Groups=[foreign])
    assert error_code(e) in ("InvalidParameter", "InvalidGroup.NotFound", "InvalidParameterValue")
    assert ec2.describe_network_interfaces()["NetworkInterfaces"] == []


def test_groups_per_interface_limit(ec2, net):
    groups = [new_sg(ec2, f"g{i}", net["vpc"]) for i in range(6)]
    e5 = ec2.create_network_interface(SubnetId=net["subnet"], Groups=groups[:5])["NetworkInterface"]
    assert len(e5["Groups"]) == 5
    with pytest.raises(ClientError) as e:
        ec2.create_network_interface(SubnetId=net["subnet"], Groups=groups)
    assert error_code(e) in ("SecurityGroupsPerInterfaceLimitExceeded", "InvalidParameterValue")
    with pytest.raises(ClientError) as e:
        ec2.modify_network_interface_attribute(NetworkInterfaceId=e5["NetworkInterfaceId"], Groups=groups)
    assert error_code(e) == "SecurityGroupsPerInterfaceLimitExceeded"
    assert error_message(e) == "The maximum number of security groups per interface has been reached."
    assert len(eni(ec2, e5["NetworkInterfaceId"])["Groups"]) == 5


def test_modify_groups(ec2, net):
    a = new_sg(ec2, "a", net["vpc"])
    b = new_sg(ec2, "b", net["vpc"])
    eid = ec2.create_network_interface(SubnetId=net["subnet"])["NetworkInterface"]["NetworkInterfaceId"]
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eid, Groups=[a, b])
    assert sorted(g["GroupId"] for g in eni(ec2, eid)["Groups"]) == sorted([a, b])
    # default group is no longer attached -> b still attached blocks deletion, default isn't blocked by this ENI
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eid, Groups=[b])
    assert [g["GroupId"] for g in eni(ec2, eid)["Groups"]] == [b]
    ec2.delete_security_group(GroupId=a)
    with pytest.raises(ClientError) as e:
        ec2.delete_security_group(GroupId=b)
    assert error_code(e) == "DependencyViolation"


def test_modify_errors(ec2, net, raw):
    eid = ec2.create_network_interface(SubnetId=net["subnet"])["NetworkInterface"]["NetworkInterfaceId"]
    with pytest.raises(ClientError) as e:
        ec2.modify_network_interface_attribute(NetworkInterfaceId="eni-0123456789abcdef0", Groups=[net["default"]])
    assert error_code(e) == "InvalidNetworkInterfaceID.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eid, Groups=["sg-0123456789abcdef0"])
    assert error_code(e) == "InvalidGroup.NotFound"
    other = new_vpc(ec2, "10.1.0.0/16")["VpcId"]
    foreign = new_sg(ec2, "foreign", other)
    with pytest.raises(ClientError) as e:
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eid, Groups=[foreign])
    assert error_code(e) in ("InvalidGroup.NotFound", "InvalidParameter")
    # no attribute at all (what an SDK sends for an empty group list)
    r = raw("ModifyNetworkInterfaceAttribute", {"NetworkInterfaceId": eid})
    assert r.status_code == 400
    # two attributes
    r = raw("ModifyNetworkInterfaceAttribute", {"NetworkInterfaceId": eid, "Description.Value": "x", "SourceDestCheck.Value": "false"})
    assert r.status_code == 400 and "<Code>InvalidParameterCombination</Code>" in r.text
    assert [g["GroupId"] for g in eni(ec2, eid)["Groups"]] == [net["default"]]


def test_modify_description_and_source_dest_check(ec2, net):
    eid = ec2.create_network_interface(SubnetId=net["subnet"])["NetworkInterface"]["NetworkInterfaceId"]
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eid, Description={"Value": "changed"})
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eid, SourceDestCheck={"Value": False})
    e = eni(ec2, eid)
    assert e["Description"] == "changed" and e["SourceDestCheck"] is False


def test_connection_tracking_echo_and_bounds(ec2, net):
    r = ec2.create_network_interface(SubnetId=net["subnet"], ConnectionTrackingSpecification={
        "TcpEstablishedTimeout": 3600, "UdpStreamTimeout": 120, "UdpTimeout": 45})["NetworkInterface"]
    assert r["ConnectionTrackingConfiguration"] == {"TcpEstablishedTimeout": 3600, "UdpStreamTimeout": 120, "UdpTimeout": 45}
    eid = r["NetworkInterfaceId"]
    assert eni(ec2, eid)["ConnectionTrackingConfiguration"] == r["ConnectionTrackingConfiguration"]
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eid, ConnectionTrackingSpecification={"UdpTimeout": 60})
    assert eni(ec2, eid)["ConnectionTrackingConfiguration"]["UdpTimeout"] == 60
    assert eni(ec2, eid)["ConnectionTrackingConfiguration"]["TcpEstablishedTimeout"] == 3600
    bad = [{"TcpEstablishedTimeout": 59}, {"TcpEstablishedTimeout": 432001}, {"UdpStreamTimeout": 59},
           {"UdpStreamTimeout": 181}, {"UdpTimeout": 29}, {"UdpTimeout": 61}]
    for spec in bad:
        with pytest.raises(ClientError) as e:
            ec2.create_network_interface(SubnetId=net["subnet"], ConnectionTrackingSpecification=spec)
        assert error_code(e) == "InvalidParameterValue", spec
        with pytest.raises(ClientError) as e:
            ec2.modify_network_interface_attribute(NetworkInterfaceId=eid, ConnectionTrackingSpecification=spec)
        assert error_code(e) == "InvalidParameterValue", spec
    for spec in [{"TcpEstablishedTimeout": 60}, {"TcpEstablishedTimeout": 432000}, {"UdpStreamTimeout": 60},
                 {"UdpStreamTimeout": 180}, {"UdpTimeout": 30}]:
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eid, ConnectionTrackingSpecification=spec)
    assert eni(ec2, eid)["ConnectionTrackingConfiguration"] == {"TcpEstablishedTimeout": 432000, "UdpStreamTimeout": 180, "UdpTimeout": 30}
    assert len(ec2.describe_network_interfaces()["NetworkInterfaces"]) == 1


def test_describe_filters(ec2, net):
    a = new_sg(ec2, "a", net["vpc"])
    e1 = ec2.create_network_interface(SubnetId=net["subnet"], Groups=[a], Description="one",
                                      TagSpecifications=[{"ResourceType": "network-interface", "Tags": [{"Key": "Role", "Value": "web"}]}])["NetworkInterface"]
    e2 = ec2.create_network_interface(SubnetId=net["subnet"], Description="two")["NetworkInterface"]
    ids = lambda fs: sorted(x["NetworkInterfaceId"] for x in ec2.describe_network_interfaces(Filters=fs)["NetworkInterfaces"])
    i1, i2 = e1["NetworkInterfaceId"], e2["NetworkInterfaceId"]
    assert e1["TagSet"] == [{"Key": "Role", "Value": "web"}]
    assert ids([{"Name": "group-id", "Values": [a]}]) == [i1]
    assert ids([{"Name": "group-name", "Values": ["default"]}]) == [i2]
    assert ids([{"Name": "description", "Values": ["t*"]}]) == [i2]
    assert ids([{"Name": "private-ip-address", "Values": [e2["PrivateIpAddress"]]}]) == [i2]
    assert ids([{"Name": "subnet-id", "Values": [net["subnet"]]}]) == sorted([i1, i2])
    assert ids([{"Name": "vpc-id", "Values": [net["vpc"]]}]) == sorted([i1, i2])
    assert ids([{"Name": "tag:Role", "Values": ["web"]}]) == [i1]
    assert ids([{"Name": "tag-key", "Values": ["Role"]}]) == [i1]
    assert ids([{"Name": "network-interface-id", "Values": [i2]}]) == [i2]
    assert ids([{"Name": "availability-zone", "Values": ["us-east-1a"]}]) == sorted([i1, i2])
    assert ids([{"Name": "status", "Values": ["in-use"]}]) == []
    with pytest.raises(ClientError) as e:
        ec2.describe_network_interfaces(Filters=[{"Name": "no-such", "Values": ["x"]}])
    assert error_code(e) == "InvalidParameterValue"


def test_describe_not_found_and_malformed(ec2, net):
    with pytest.raises(ClientError) as e:
        ec2.describe_network_interfaces(NetworkInterfaceIds=["eni-0123456789abcdef0"])
    assert error_code(e) == "InvalidNetworkInterfaceID.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.describe_network_interfaces(NetworkInterfaceIds=["eni_x"])
    assert error_code(e) == "InvalidNetworkInterfaceId.Malformed"


def test_delete(ec2, net):
    eid = ec2.create_network_interface(SubnetId=net["subnet"])["NetworkInterface"]["NetworkInterfaceId"]
    ec2.delete_network_interface(NetworkInterfaceId=eid)
    with pytest.raises(ClientError) as e:
        ec2.delete_network_interface(NetworkInterfaceId=eid)
    assert error_code(e) == "InvalidNetworkInterfaceID.NotFound"
    assert ec2.describe_network_interfaces()["NetworkInterfaces"] == []
    # its address is free again
    r = ec2.create_network_interface(SubnetId=net["subnet"])["NetworkInterface"]
    assert r["PrivateIpAddress"] == "10.0.1.4"


def test_client_token_idempotent(ec2, net):
    a = ec2.create_network_interface(SubnetId=net["subnet"], ClientToken="tok-1")
    b = ec2.create_network_interface(SubnetId=net["subnet"], ClientToken="tok-1")
    assert a["NetworkInterface"]["NetworkInterfaceId"] == b["NetworkInterface"]["NetworkInterfaceId"]
    assert a.get("ClientToken") == "tok-1"
    assert len(ec2.describe_network_interfaces()["NetworkInterfaces"]) == 1


def test_delete_vpc_with_eni_blocked(ec2, net):
    eid = ec2.create_network_interface(SubnetId=net["subnet"])["NetworkInterface"]["NetworkInterfaceId"]
    with pytest.raises(ClientError) as e:
        ec2.delete_vpc(VpcId=net["vpc"])
    assert error_code(e) == "DependencyViolation"
    ec2.delete_network_interface(NetworkInterfaceId=eid)
    ec2.delete_subnet(SubnetId=net["subnet"])
    ec2.delete_vpc(VpcId=net["vpc"])


def test_ipv6_subnet_and_addresses(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
    v6 = ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
    assert v6.endswith("/56")
    sub64 = v6.replace("/56", "/64")
    s = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", Ipv6CidrBlock=sub64)["Subnet"]
    assert s["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"] == sub64
    with pytest.raises(ClientError) as e:
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24", Ipv6CidrBlock=sub64)
    assert error_code(e) == "InvalidSubnet.Conflict"
    with pytest.raises(ClientError) as e:
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.3.0/24", Ipv6CidrBlock="2001:db8::/64")
    assert error_code(e) == "InvalidSubnet.Range"
    found = ec2.describe_subnets(Filters=[{"Name": "ipv6-cidr-block-association.ipv6-cidr-block", "Values": [sub64]}])["Subnets"]
    assert [x["SubnetId"] for x in found] == [s["SubnetId"]]
    r = ec2.create_network_interface(SubnetId=s["SubnetId"], Ipv6AddressCount=2)["NetworkInterface"]
    addrs = [a["Ipv6Address"] for a in r["Ipv6Addresses"]]
    assert len(addrs) == 2 and len(set(addrs)) == 2
    prefix = sub64.split("::")[0]
    assert all(a.startswith(prefix) for a in addrs)
    with pytest.raises(ClientError) as e:
        ec2.create_network_interface(SubnetId=s["SubnetId"], Ipv6Addresses=[{"Ipv6Address": addrs[0]}])
    assert error_code(e) == "InvalidIPAddress.InUse"
    v4only = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.4.0/24")["Subnet"]["SubnetId"]
    with pytest.raises(ClientError) as e:
        ec2.create_network_interface(SubnetId=v4only, Ipv6AddressCount=1)
    assert error_code(e) == "InvalidParameterValue"
