"""Raw XML responses checked against botocore's ec2 service model (data/ec2/2016-11-15/service-2.json.gz).

Every element of a success response must be a known member (by its locationName) of the operation's output
shape, recursively through structures and lists' `item`; scalars must parse as their modelled type. Error
responses must use the EC2 error envelope.
"""

import datetime
import xml.etree.ElementTree as ET

import botocore.session
import pytest
from botocore.exceptions import ClientError

from conftest import NS, make_ec2, new_sg, new_vpc, signed_post, tcp

_RECORDS = {}  # operation name -> list of (status, body)
_ERRORS = []   # (operation name, status, body)


def _strip(tag):
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def _xml_name(member_name, shape):
    return shape.serialization.get("name", member_name)


class Violation(AssertionError):
    pass


def _check_scalar(shape, text, path):
    text = text or ""
    t = shape.type_name
    if t == "boolean":
        if text not in ("true", "false"):
            raise Violation(f"{path}: boolean expected, got {text!r}")
    elif t in ("integer", "long"):
        try:
            int(text)
        except ValueError:
            raise Violation(f"{path}: integer expected, got {text!r}")
    elif t in ("float", "double"):
        float(text)
    elif t == "timestamp":
        try:
            datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise Violation(f"{path}: timestamp expected, got {text!r}")
    elif t == "string":
        enum = shape.enum
        if enum and text not in enum:
            raise Violation(f"{path}: {text!r} not in enum {shape.name} {enum[:10]}…")


def _check(elem, shape, path):
    t = shape.type_name
    if t == "structure":
        members = {_xml_name(n, s): s for n, s in shape.members.items()}
        seen = set()
        for child in elem:
            if not child.tag.startswith("{" + NS + "}"):
                raise Violation(f"{path}/{child.tag}: element outside the ec2 namespace")
            name = _strip(child.tag)
            if name not in members:
                raise Violation(f"{path}/{name}: not a member of {shape.name} (known: {sorted(members)})")
            if name in seen:
                raise Violation(f"{path}/{name}: appears twice")
            seen.add(name)
            _check(child, members[name], f"{path}/{name}")
        if (elem.text or "").strip():
            raise Violation(f"{path}: structure {shape.name} has text {elem.text!r}")
    elif t == "list":
        item_name = shape.member.serialization.get("name", "member")
        for child in elem:
            name = _strip(child.tag)
            if name != item_name:
                raise Violation(f"{path}/{name}: list {shape.name} items must be <{item_name}>")
            _check(child, shape.member, f"{path}/{item_name}")
    elif t == "map":
        raise Violation(f"{path}: maps are not expected in ec2 responses")
    else:
        if len(elem):
            raise Violation(f"{path}: scalar {shape.name} has child elements")
        _check_scalar(shape, elem.text, path)


# Elements AWS itself sends although the model has no member for them (AWS API reference examples, spec §3.7).
DOCUMENTED_EXTRAS = {"CreateSecurityGroup": {"return"}}


def validate_success(op_model, body):
    root = ET.fromstring(body)
    assert root.tag == f"{{{NS}}}{op_model.name}Response", root.tag
    names = [_strip(c.tag) for c in root]
    assert names.count("requestId") == 1, names
    rid = root.find(f"{{{NS}}}requestId").text
    assert rid and rid.strip()
    out = op_model.output_shape
    for child in root:
        name = _strip(child.tag)
        if name == "requestId":
            continue
        if out is None:
            assert name == "return", f"{op_model.name}: no output shape, unexpected <{name}>"
            assert child.text == "true"
            continue
        members = {_xml_name(n, s): s for n, s in out.members.items()}
        if name in DOCUMENTED_EXTRAS.get(op_model.name, ()) and name not in members:
            assert child.text == "true"
            continue
        if name not in members:
            raise Violation(f"{op_model.name}/{name}: not a member of {out.name} (known: {sorted(members)})")
        _check(child, members[name], f"{op_model.name}/{name}")
    if out is None:
        assert "return" in names, f"{op_model.name}: expected <return>true</return>"


def validate_error(body):
    root = ET.fromstring(body)
    assert root.tag == "Response", root.tag  # no namespace
    assert [c.tag for c in root] == ["Errors", "RequestID"]
    errors = root.find("Errors")
    assert len(errors) >= 1 and all(e.tag == "Error" for e in errors)
    err = errors[0]
    assert [c.tag for c in err] == ["Code", "Message"]
    assert err.findtext("Code") and err.findtext("Message")
    assert root.findtext("RequestID")


def _recording_client(endpoint, region="us-east-1"):
    client = make_ec2(endpoint, region=region)

    def before_parse(operation_model, response_dict, **kwargs):
        status = response_dict["status_code"]
        body = response_dict["body"]
        if status == 200:
            _RECORDS.setdefault(operation_model.name, []).append((operation_model, body))
        else:
            _ERRORS.append((operation_model.name, status, body))

    client.meta.events.register("before-parse.ec2.*", before_parse)
    return client


def _expect_error(fn, *a, **kw):
    try:
        fn(*a, **kw)
    except ClientError:
        return
    raise AssertionError("expected an error")


def _scenario(endpoint):
    ec2 = _recording_client(endpoint)
    ec2.describe_regions()
    ec2.describe_availability_zones()
    ec2.describe_account_attributes()
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True,
                         TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "wire"}]}])["Vpc"]["VpcId"]
    ec2.describe_vpcs()
    ec2.describe_vpc_attribute(VpcId=vpc, Attribute="enableDnsSupport")
    ec2.describe_vpc_attribute(VpcId=vpc, Attribute="enableDnsHostnames")
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    ec2.describe_route_tables()
    sub = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24",
                            TagSpecifications=[{"ResourceType": "subnet", "Tags": [{"Key": "Name", "Value": "s"}]}])["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=sub, MapPublicIpOnLaunch={"Value": True})
    ec2.describe_subnets()
    pl = ec2.create_managed_prefix_list(PrefixListName="wire", MaxEntries=3, AddressFamily="IPv4",
                                        Entries=[{"Cidr": "192.0.2.0/24", "Description": "doc"}],
                                        TagSpecifications=[{"ResourceType": "prefix-list", "Tags": [{"Key": "a", "Value": "b"}]}])["PrefixList"]["PrefixListId"]
    ec2.describe_managed_prefix_lists()
    ec2.get_managed_prefix_list_entries(PrefixListId=pl)
    ec2.modify_managed_prefix_list(PrefixListId=pl, CurrentVersion=1, AddEntries=[{"Cidr": "198.51.100.0/24"}])
    ec2.describe_prefix_lists()
    a = ec2.create_security_group(GroupName="a", Description="a", VpcId=vpc,
                                  TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "t", "Value": "v"}]}])["GroupId"]
    b = ec2.create_security_group(GroupName="b", Description="b", VpcId=vpc)["GroupId"]
    r = ec2.authorize_security_group_ingress(GroupId=a, IpPermissions=[
        tcp(22, "10.0.0.0/8", desc="ssh"),
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "Ipv6Ranges": [{"CidrIpv6": "::/0", "Description": "v6"}],
         "PrefixListIds": [{"PrefixListId": pl, "Description": "pl"}], "UserIdGroupPairs": [{"GroupId": b, "Description": "ref"}]},
        {"IpProtocol": "icmp", "FromPort": 8, "ToPort": 0, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
    ], TagSpecifications=[{"ResourceType": "security-group-rule", "Tags": [{"Key": "r", "Value": "1"}]}])
    rid = r["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    ec2.authorize_security_group_egress(GroupId=a, IpPermissions=[
        {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "UserIdGroupPairs": [{"GroupId": b}]}])
    ec2.describe_security_groups()
    ec2.describe_security_groups(MaxResults=5)
    ec2.describe_security_group_rules()
    ec2.describe_security_group_rules(MaxResults=5)
    ec2.modify_security_group_rules(GroupId=a, SecurityGroupRules=[{"SecurityGroupRuleId": rid, "SecurityGroupRule": {
        "IpProtocol": "tcp", "FromPort": 2222, "ToPort": 2222, "CidrIpv4": "10.0.0.0/8", "Description": "moved"}}])
    ec2.update_security_group_rule_descriptions_ingress(GroupId=a, IpPermissions=[tcp(2222, "10.0.0.0/8", desc="again")])
    egress_id = [x for x in ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [a]}])["SecurityGroupRules"]
                 if x["IsEgress"] and x.get("CidrIpv4") == "0.0.0.0/0"][0]["SecurityGroupRuleId"]
    ec2.update_security_group_rule_descriptions_egress(GroupId=a, SecurityGroupRuleDescriptions=[
        {"SecurityGroupRuleId": egress_id, "Description": "out"}])
    ec2.describe_security_group_references(GroupId=[a])
    ec2.describe_stale_security_groups(VpcId=vpc)
    eni = ec2.create_network_interface(SubnetId=sub, Groups=[a, b], SecondaryPrivateIpAddressCount=1,
                                       ConnectionTrackingSpecification={"TcpEstablishedTimeout": 3600, "UdpStreamTimeout": 120, "UdpTimeout": 45},
                                       TagSpecifications=[{"ResourceType": "network-interface", "Tags": [{"Key": "e", "Value": "1"}]}])["NetworkInterface"]["NetworkInterfaceId"]
    ec2.describe_network_interfaces()
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eni, Groups=[a])
    ec2.create_tags(Resources=[a, vpc, sub, eni, pl, rid], Tags=[{"Key": "x", "Value": "y"}])
    ec2.describe_tags()
    ec2.describe_tags(MaxResults=5)
    ec2.delete_tags(Resources=[a], Tags=[{"Key": "x"}])
    ec2.revoke_security_group_ingress(GroupId=a, IpPermissions=[tcp(2222, "10.0.0.0/8")])
    ec2.revoke_security_group_egress(GroupId=a, SecurityGroupRuleIds=[egress_id])
    # default VPC partial revoke with unknownIpPermissionSet
    d = ec2.create_security_group(GroupName="d", Description="d")["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=d, IpPermissions=[tcp(1, "10.0.0.0/8")])
    ec2.revoke_security_group_ingress(GroupId=d, IpPermissions=[tcp(1, "10.0.0.0/8"), tcp(2, "10.0.0.0/8")])
    ec2.delete_security_group(GroupId=d)
    ec2.delete_network_interface(NetworkInterfaceId=eni)
    ec2.revoke_security_group_ingress(GroupId=a, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": pl}]}])
    ec2.delete_managed_prefix_list(PrefixListId=pl)
    # errors
    _expect_error(ec2.create_vpc, CidrBlock="10.0.0.0/8")
    _expect_error(ec2.describe_security_groups, GroupIds=["sg-0123456789abcdef0"])
    _expect_error(ec2.delete_security_group, GroupId="bogus")
    _expect_error(ec2.create_security_group, GroupName="dry", Description="d", DryRun=True)
    _expect_error(ec2.authorize_security_group_ingress, GroupId=b, IpPermissions=[{"IpProtocol": "all", "IpRanges": [{"CidrIp": "1.1.1.1/32"}]}])
    _expect_error(ec2.describe_security_groups, Filters=[{"Name": "bogus", "Values": ["x"]}])
    ec2.delete_subnet(SubnetId=sub)
    ec2.revoke_security_group_ingress(GroupId=a, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": b}]}])
    ec2.revoke_security_group_egress(GroupId=a, IpPermissions=[
        {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "UserIdGroupPairs": [{"GroupId": b}]}])
    ec2.delete_security_group(GroupId=b)
    ec2.delete_security_group(GroupId=a)
    ec2.delete_vpc(VpcId=vpc)
    # default VPC lifecycle
    dvpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [dvpc]}])["Subnets"]:
        ec2.delete_subnet(SubnetId=s["SubnetId"])
    ec2.delete_vpc(VpcId=dvpc)
    ec2.create_default_vpc()


EXPECTED_OPS = [
    "DescribeRegions", "DescribeAvailabilityZones", "DescribeAccountAttributes", "CreateVpc", "DescribeVpcs",
    "DescribeVpcAttribute", "ModifyVpcAttribute", "DescribeRouteTables", "CreateSubnet", "ModifySubnetAttribute",
    "DescribeSubnets",
    "CreateManagedPrefixList", "DescribeManagedPrefixLists", "GetManagedPrefixListEntries", "ModifyManagedPrefixList",
    "DescribePrefixLists", "CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
    "DescribeSecurityGroups", "DescribeSecurityGroupRules", "ModifySecurityGroupRules",
    "UpdateSecurityGroupRuleDescriptionsIngress", "UpdateSecurityGroupRuleDescriptionsEgress",
    "DescribeSecurityGroupReferences", "DescribeStaleSecurityGroups", "CreateNetworkInterface",
    "DescribeNetworkInterfaces", "ModifyNetworkInterfaceAttribute", "CreateTags", "DescribeTags", "DeleteTags",
    "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "DeleteSecurityGroup", "DeleteNetworkInterface",
    "DeleteManagedPrefixList", "DeleteSubnet", "DeleteVpc", "CreateDefaultVpc",
]


@pytest.fixture
def records(endpoint, server):
    if not _RECORDS:
        _scenario(endpoint)
    return _RECORDS


def test_scenario_covers_all_operations(records):
    assert sorted(set(EXPECTED_OPS) - set(records)) == []


@pytest.mark.parametrize("op", EXPECTED_OPS)
def test_success_response_matches_model(records, op):
    assert op in records, f"{op} was not exercised"
    for op_model, body in records[op]:
        validate_success(op_model, body)


def test_error_envelopes(records):
    assert len(_ERRORS) >= 6
    codes = set()
    for op, status, body in _ERRORS:
        validate_error(body)
        codes.add(ET.fromstring(body).findtext("Errors/Error/Code"))
        assert status in (400, 412)
    assert {"InvalidVpc.Range", "InvalidGroup.NotFound", "InvalidGroupId.Malformed", "DryRunOperation",
            "InvalidParameterValue"} <= codes


def test_unknown_action_error_envelope(endpoint, server):
    r = signed_post(endpoint, {"Action": "NoSuchThing", "Version": "2016-11-15"})
    assert r.status_code == 400
    validate_error(r.text)
    assert ET.fromstring(r.text).findtext("Errors/Error/Code") == "InvalidAction"


def test_specific_wire_shapes(records):
    """A few names that are easy to get wrong (spec §1.2/§2)."""
    def root(op, i=0):
        return ET.fromstring(records[op][i][1])
    n = lambda *parts: "/".join(f"{{{NS}}}{p}" for p in parts)
    sg = root("DescribeSecurityGroups")
    assert sg.find(n("securityGroupInfo", "item", "groupDescription")) is not None
    assert sg.find(n("securityGroupInfo", "item", "ipPermissionsEgress", "item", "ipRanges", "item", "cidrIp")) is not None
    cr = root("CreateSecurityGroup")
    assert cr.find(n("groupId")) is not None and cr.find(n("securityGroupArn")) is not None
    rules = root("AuthorizeSecurityGroupIngress")
    assert rules.findtext(n("return")) == "true"
    assert rules.find(n("securityGroupRuleSet", "item", "securityGroupRuleId")) is not None
    rv = [ET.fromstring(b) for _, b in records["RevokeSecurityGroupIngress"]]
    assert any(x.find(n("unknownIpPermissionSet", "item", "ipRanges", "item", "cidrIp")) is not None for x in rv)
    assert any(x.find(n("revokedSecurityGroupRuleSet", "item", "securityGroupRuleId")) is not None for x in rv)
    eni = root("CreateNetworkInterface")
    assert eni.findtext(n("networkInterface", "connectionTrackingConfiguration", "udpTimeout")) == "45"
    assert eni.find(n("networkInterface", "groupSet", "item", "groupName")) is not None
    dels = root("DeleteSecurityGroup")
    assert dels.findtext(n("return")) == "true"


def test_sts_get_caller_identity_envelope(endpoint, server):
    r = signed_post(endpoint, {"Action": "GetCallerIdentity", "Version": "2011-06-15"}, service="sts")
    assert r.status_code == 200
    root = ET.fromstring(r.text)
    sts = "{https://sts.amazonaws.com/doc/2011-06-15/}"
    assert root.tag == f"{sts}GetCallerIdentityResponse"
    result = root.find(f"{sts}GetCallerIdentityResult")
    assert result.findtext(f"{sts}Account") == "123456789012"
    assert result.findtext(f"{sts}Arn") and result.findtext(f"{sts}UserId")
    assert root.findtext(f"{sts}ResponseMetadata/{sts}RequestId")


def test_validator_rejects_unknown_elements(records):
    """The checker itself must catch a wrong name, a wrong list item tag and a bad scalar."""
    op_model, body = records["DescribeSecurityGroups"][0]
    text = body.decode() if isinstance(body, bytes) else body
    for broken in [text.replace("<groupDescription>", "<description>").replace("</groupDescription>", "</description>"),
                   text.replace("<groupName>", "<bogus>x</bogus><groupName>", 1),
                   text.replace("<ipPermissions>", "<IpPermissions>").replace("</ipPermissions>", "</IpPermissions>")]:
        assert broken != text
        with pytest.raises(AssertionError):
            validate_success(op_model, broken)
    op_model, body = records["CreateNetworkInterface"][0]
    text = body.decode() if isinstance(body, bytes) else body
    with pytest.raises(AssertionError):
        validate_success(op_model, text.replace("<udpTimeout>45</udpTimeout>", "<udpTimeout>soon</udpTimeout>"))
