"""SigV4 authentication, accounts and keys, and account isolation, against a `palisade serve` WITH auth."""

import datetime
import json
import os
import subprocess
import time
from unittest import mock

import boto3
import botocore
import pytest
import requests
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from conftest import AWS_CLI, REGION, Server, palisade_bin, parse_error

FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
BODY = "Action=DescribeVpcs&Version=2016-11-15"


def palisade(*args, db):
    out = subprocess.run([palisade_bin(), *args, "--db", str(db)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def create_account(db, name):
    return json.loads(palisade("accounts", "create", name, "--json", db=db))


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("auth") / "auth.sqlite"
    srv = Server(db=db, auth=True, allow_reset=False)
    srv.bootstrap = "".join(srv.startup_lines)
    srv.a = create_account(db, "alpha")
    srv.b = create_account(db, "beta")
    yield srv
    srv.stop()


def client(srv, acct, region=REGION, service="ec2"):
    return boto3.client(
        service, endpoint_url=srv.url, region_name=region,
        aws_access_key_id=acct["accessKeyId"], aws_secret_access_key=acct["secretAccessKey"],
        config=botocore.config.Config(retries={"max_attempts": 0}),
    )


def signed(url, acct, body=BODY, region=REGION, service="ec2", when=None):
    req = AWSRequest(method="POST", url=url + "/", data=body, headers=dict(FORM))
    auth = SigV4Auth(Credentials(acct["accessKeyId"], acct["secretAccessKey"]), service, region)
    if when is None:
        auth.add_auth(req)
    else:
        # botocore stamps X-Amz-Date from the clock; sign at a fixed time instead.
        with mock.patch("botocore.auth.get_current_datetime", return_value=when.replace(tzinfo=None)):
            auth.add_auth(req)
    return req


def send(req):
    return requests.post(req.url, data=req.body, headers=dict(req.headers.items()), timeout=30)


def code_of(resp):
    return parse_error(resp.content)[0]


def test_first_start_creates_an_account_and_says_how_to_use_it(auth_server):
    assert "export AWS_ACCESS_KEY_ID=AKIA" in auth_server.bootstrap
    line = [l for l in auth_server.startup_lines if "export AWS_ACCESS_KEY_ID=" in l][0].split()
    env = dict(p.split("=", 1) for p in line[1:])
    ec2 = client(auth_server, {"accessKeyId": env["AWS_ACCESS_KEY_ID"], "secretAccessKey": env["AWS_SECRET_ACCESS_KEY"]})
    assert ec2.describe_vpcs()["Vpcs"]


def test_valid_boto3_requests_pass_and_name_the_account(auth_server):
    a = auth_server.a
    assert client(auth_server, a).describe_vpcs()["Vpcs"][0]["OwnerId"] == a["accountId"]
    ident = client(auth_server, a, service="sts").get_caller_identity()
    assert ident["Account"] == a["accountId"]
    assert ident["Arn"] == f"arn:aws:iam::{a['accountId']}:user/palisade"


def test_presigned_query_form_passes(auth_server):
    a = auth_server.a
    req = AWSRequest(method="GET", url=auth_server.url + "/?" + BODY)
    SigV4QueryAuth(Credentials(a["accessKeyId"], a["secretAccessKey"]), "ec2", REGION, expires=300).add_auth(req)
    resp = requests.get(req.url, timeout=30)
    assert resp.status_code == 200, resp.text
    assert b"DescribeVpcsResponse" in resp.content


@pytest.mark.skipif(AWS_CLI is None, reason="aws CLI not installed")
def test_aws_cli_with_valid_keys(auth_server, tmp_path):
    a = auth_server.a
    env = dict(os.environ, AWS_ACCESS_KEY_ID=a["accessKeyId"], AWS_SECRET_ACCESS_KEY=a["secretAccessKey"],
               AWS_DEFAULT_REGION=REGION, AWS_PAGER="", AWS_CONFIG_FILE=str(tmp_path / "c"),
               AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "k"))
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_SESSION_TOKEN", None)
    out = subprocess.run([AWS_CLI, "sts", "get-caller-identity", "--endpoint-url", auth_server.url, "--output", "json"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["Account"] == a["accountId"]
    bad = dict(env, AWS_SECRET_ACCESS_KEY="x" * 40)
    out = subprocess.run([AWS_CLI, "ec2", "describe-vpcs", "--endpoint-url", auth_server.url], env=bad,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "SignatureDoesNotMatch" in out.stderr


def test_tampering_fails_with_the_right_code(auth_server):
    a, url = auth_server.a, auth_server.url
    assert send(signed(url, a)).status_code == 200

    req = signed(url, a)
    req.data = "Action=DescribeSecurityGroups&Version=2016-11-15"
    resp = send(req)
    assert (resp.status_code, code_of(resp)) == (403, "SignatureDoesNotMatch")

    req = signed(url, a)
    req.headers["Content-Type"] = "text/plain"
    assert code_of(send(req)) == "SignatureDoesNotMatch"

    req = signed(url, a)
    req.headers["X-Amz-Date"] = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)).strftime("%Y%m%dT%H%M%SZ")
    assert code_of(send(req)) == "SignatureDoesNotMatch"

    req = signed(url, a)
    req.headers["Authorization"] = req.headers["Authorization"].replace(f"/{REGION}/", "/eu-west-1/")
    assert code_of(send(req)) == "SignatureDoesNotMatch"

    req = signed(url, a)
    req.headers["Authorization"] = req.headers["Authorization"].replace("/ec2/", "/sts/")
    assert code_of(send(req)) == "SignatureDoesNotMatch"

    assert code_of(send(signed(url, a, service="s3"))) in ("SignatureDoesNotMatch", "IncompleteSignature")

    old = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=20)
    resp = send(signed(url, a, when=old))
    assert code_of(resp) == "RequestExpired"

    unknown = {"accessKeyId": "AKIAXXXXXXXXXXXXXXXX", "secretAccessKey": "x" * 40}
    resp = send(signed(url, unknown))
    assert (resp.status_code, code_of(resp)) == (401, "AuthFailure")

    resp = requests.post(url + "/", data=BODY, headers=FORM, timeout=30)
    assert code_of(resp) == "MissingAuthenticationToken"
    assert resp.status_code in (400, 401, 403)


def test_a_deleted_key_stops_working_while_in_use(auth_server):
    fresh = json.loads(palisade("keys", "create", "alpha", "--json", db=auth_server.db))
    ec2 = client(auth_server, fresh)
    assert ec2.describe_vpcs()["Vpcs"][0]["OwnerId"] == auth_server.a["accountId"]
    palisade("keys", "delete", fresh["accessKeyId"], db=auth_server.db)
    time.sleep(0.5)
    with pytest.raises(botocore.exceptions.ClientError) as err:
        ec2.describe_vpcs()
    assert err.value.response["Error"]["Code"] == "AuthFailure"
    # The account's other key still works.
    assert client(auth_server, auth_server.a).describe_vpcs()["Vpcs"]


def test_accounts_list_shows_accounts_without_secrets(auth_server):
    listed = json.loads(palisade("accounts", "list", "--json", db=auth_server.db))
    names = {a["name"]: a for a in listed}
    assert {"default", "alpha", "beta"} <= set(names)
    assert auth_server.a["accessKeyId"] in names["alpha"]["accessKeyIds"]
    text = palisade("accounts", "list", db=auth_server.db)
    assert auth_server.a["secretAccessKey"] not in text
    with open(str(auth_server.db), "rb") as f:
        assert auth_server.a["secretAccessKey"].encode() not in f.read()
    assert oct(os.stat(str(auth_server.db) + ".key").st_mode & 0o777) == "0o600"


def test_two_accounts_are_isolated(auth_server):
    a, b = client(auth_server, auth_server.a), client(auth_server, auth_server.b)
    vpc = a.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    sg = a.create_security_group(GroupName="secret-web", Description="a", VpcId=vpc)["GroupId"]
    subnet = a.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
    eni = a.create_network_interface(SubnetId=subnet, Groups=[sg])["NetworkInterface"]["NetworkInterfaceId"]
    b_sg = b.create_security_group(GroupName="b-app", Description="b")["GroupId"]

    def fails(code_prefix, fn, **kw):
        with pytest.raises(botocore.exceptions.ClientError) as err:
            fn(**kw)
        code = err.value.response["Error"]["Code"]
        assert code.startswith(code_prefix), (fn, kw, code)

    # Listing and every filter.
    assert sg not in [g["GroupId"] for g in b.describe_security_groups()["SecurityGroups"]]
    assert vpc not in [v["VpcId"] for v in b.describe_vpcs()["Vpcs"]]
    assert subnet not in [s["SubnetId"] for s in b.describe_subnets()["Subnets"]]
    assert eni not in [n["NetworkInterfaceId"] for n in b.describe_network_interfaces()["NetworkInterfaces"]]
    for name, value in [("group-id", sg), ("group-name", "secret-web"), ("vpc-id", vpc),
                        ("owner-id", auth_server.a["accountId"]), ("description", "a")]:
        got = b.describe_security_groups(Filters=[{"Name": name, "Values": [value]}])["SecurityGroups"]
        assert sg not in [g["GroupId"] for g in got], name
    assert not b.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [sg]}])["SecurityGroupRules"]
    assert not b.describe_tags(Filters=[{"Name": "resource-id", "Values": [sg]}])["Tags"]

    # Guessed IDs: describe, change, reference, attach, tag, delete.
    fails("InvalidGroup.NotFound", b.describe_security_groups, GroupIds=[sg])
    fails("InvalidVpcID.NotFound", b.describe_vpcs, VpcIds=[vpc])
    fails("InvalidSubnetID.NotFound", b.describe_subnets, SubnetIds=[subnet])
    fails("InvalidNetworkInterfaceID.NotFound", b.describe_network_interfaces, NetworkInterfaceIds=[eni])
    perm = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    fails("InvalidGroup.NotFound", b.authorize_security_group_ingress, GroupId=sg, IpPermissions=perm)
    fails("InvalidGroup.NotFound", b.revoke_security_group_egress, GroupId=sg,
          IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    fails("InvalidGroup.NotFound", b.authorize_security_group_ingress, GroupId=b_sg,
          IpPermissions=[{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "UserIdGroupPairs": [{"GroupId": sg}]}])
    fails("InvalidGroup.NotFound", b.authorize_security_group_ingress, GroupId=b_sg,
          IpPermissions=[{"IpProtocol": "tcp", "FromPort": 81, "ToPort": 81,
                          "UserIdGroupPairs": [{"GroupId": sg, "UserId": auth_server.a["accountId"]}]}])
    fails("Invalid", b.create_tags, Resources=[sg], Tags=[{"Key": "owned", "Value": "yes"}])
    fails("InvalidGroup.NotFound", b.delete_security_group, GroupId=sg)
    fails("InvalidVpcID.NotFound", b.create_security_group, GroupName="x", Description="x", VpcId=vpc)
    fails("InvalidSubnetID.NotFound", b.create_network_interface, SubnetId=subnet)
    fails("InvalidNetworkInterfaceID.NotFound", b.modify_network_interface_attribute, NetworkInterfaceId=eni,
          Groups=[b_sg])
    fails("InvalidGroup.NotFound", b.create_network_interface, SubnetId=b.describe_subnets()["Subnets"][0]["SubnetId"],
          Groups=[sg])
    fails("InvalidNetworkInterfaceID.NotFound", b.delete_network_interface, NetworkInterfaceId=eni)
    fails("InvalidSubnetID.NotFound", b.delete_subnet, SubnetId=subnet)
    fails("InvalidVpcID.NotFound", b.delete_vpc, VpcId=vpc)

    # A is untouched.
    got = a.describe_security_groups(GroupIds=[sg])["SecurityGroups"][0]
    assert got["IpPermissions"] == [] and not got.get("Tags")
    assert a.describe_network_interfaces(NetworkInterfaceIds=[eni])["NetworkInterfaces"][0]["Groups"][0]["GroupId"] == sg


def test_json_api_requires_signature_and_pins_the_account(auth_server):
    assert requests.get(auth_server.url + "/palisade/v1/health", timeout=30).status_code == 200
    resp = requests.get(auth_server.url + "/palisade/v1/snapshot", timeout=30)
    assert resp.status_code in (400, 401, 403)
    a = auth_server.a
    url = auth_server.url + f"/palisade/v1/snapshot?account={auth_server.b['accountId']}"
    req = AWSRequest(method="GET", url=url)
    SigV4Auth(Credentials(a["accessKeyId"], a["secretAccessKey"]), "ec2", REGION).add_auth(req)
    resp = requests.get(url, headers=dict(req.headers.items()), timeout=30)
    assert resp.status_code == 200, resp.text
    assert auth_server.b["accountId"] not in resp.text


def test_credentials_file_is_imported(tmp_path):
    creds = tmp_path / "credentials"
    creds.write_text("[default]\naws_access_key_id = AKIAIMPORTEDKEY00001\naws_secret_access_key = imported/secret+KEY\n"
                     "[other]\naws_access_key_id=AKIAIMPORTEDKEY00002\naws_secret_access_key=second\n")
    srv = Server(db=tmp_path / "c.sqlite", auth=True, allow_reset=False, extra_args=("--credentials-file", str(creds)))
    try:
        for key, secret in [("AKIAIMPORTEDKEY00001", "imported/secret+KEY"), ("AKIAIMPORTEDKEY00002", "second")]:
            assert client(srv, {"accessKeyId": key, "secretAccessKey": secret}).describe_vpcs()["Vpcs"]
        bad = client(srv, {"accessKeyId": "AKIAIOSFODNN7EXAMPLE", "secretAccessKey": "x"})
        with pytest.raises(botocore.exceptions.ClientError) as err:
            bad.describe_vpcs()
        assert err.value.response["Error"]["Code"] == "AuthFailure"
    finally:
        srv.stop()


def test_no_auth_accepts_anything(tmp_path):
    srv = Server(in_memory=True, auth=False)
    try:
        ec2 = client(srv, {"accessKeyId": "whatever", "secretAccessKey": "nope"})
        assert ec2.describe_vpcs()["Vpcs"][0]["OwnerId"] == "123456789012"
        resp = requests.post(srv.url + "/", data=BODY, headers=FORM, timeout=30)
        assert resp.status_code == 200
    finally:
        srv.stop()


def test_two_accounts_are_isolated_for_rules_prefix_lists_and_insights(auth_server):
    a, b = client(auth_server, auth_server.a), client(auth_server, auth_server.b)
    sg = a.create_security_group(GroupName="iso-rules", Description="a")["GroupId"]
    rule = a.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])["SecurityGroupRules"][0]
    pl = a.create_managed_prefix_list(PrefixListName="iso-office", MaxEntries=2, AddressFamily="IPv4",
                                      Entries=[{"Cidr": "192.0.2.0/24"}])["PrefixList"]["PrefixListId"]
    vpc = a.describe_security_groups(GroupIds=[sg])["SecurityGroups"][0]["VpcId"]
    subnet = a.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"][0]["SubnetId"]
    eni = a.create_network_interface(SubnetId=subnet, Groups=[sg])["NetworkInterface"]["NetworkInterfaceId"]
    path = a.create_network_insights_path(Source=eni, Destination=eni, Protocol="tcp")["NetworkInsightsPath"]["NetworkInsightsPathId"]
    b_sg = b.create_security_group(GroupName="iso-b", Description="b")["GroupId"]

    def fails(code_prefix, fn, **kw):
        with pytest.raises(botocore.exceptions.ClientError) as err:
            fn(**kw)
        assert err.value.response["Error"]["Code"].startswith(code_prefix), (fn, kw, err.value.response["Error"])

    # Lists and filters show nothing of A's.
    rules = b.describe_security_group_rules()["SecurityGroupRules"]
    assert rule["SecurityGroupRuleId"] not in [r["SecurityGroupRuleId"] for r in rules]
    for name, value in [("group-id", sg), ("security-group-rule-id", rule["SecurityGroupRuleId"])]:
        assert not b.describe_security_group_rules(Filters=[{"Name": name, "Values": [value]}])["SecurityGroupRules"], name
    assert pl not in [p["PrefixListId"] for p in b.describe_managed_prefix_lists()["PrefixLists"]]
    assert not b.describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": ["iso-office"]}])["PrefixLists"]
    assert path not in [p["NetworkInsightsPathId"] for p in b.describe_network_insights_paths()["NetworkInsightsPaths"]]
    assert not b.describe_network_interfaces(Filters=[{"Name": "group-id", "Values": [sg]}])["NetworkInterfaces"]
    assert not b.describe_tags(Filters=[{"Name": "resource-type", "Values": ["security-group-rule"]},
                                        {"Name": "resource-id", "Values": [rule["SecurityGroupRuleId"]]}])["Tags"]

    # Guessed IDs.
    fails("InvalidSecurityGroupRuleId.NotFound", b.describe_security_group_rules, SecurityGroupRuleIds=[rule["SecurityGroupRuleId"]])
    fails("InvalidGroup.NotFound", b.modify_security_group_rules, GroupId=sg, SecurityGroupRules=[
        {"SecurityGroupRuleId": rule["SecurityGroupRuleId"], "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "CidrIpv4": "0.0.0.0/0"}}])
    fails("InvalidPrefixListID.NotFound", b.get_managed_prefix_list_entries, PrefixListId=pl)
    fails("InvalidPrefixListID.NotFound", b.modify_managed_prefix_list, PrefixListId=pl, AddEntries=[{"Cidr": "198.51.100.0/24"}])
    fails("InvalidPrefixListID.NotFound", b.delete_managed_prefix_list, PrefixListId=pl)
    fails("InvalidPrefixListID.NotFound", b.authorize_security_group_ingress, GroupId=b_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "PrefixListIds": [{"PrefixListId": pl}]}])
    fails("InvalidNetworkInsightsPathId.NotFound", b.describe_network_insights_paths, NetworkInsightsPathIds=[path])
    fails("InvalidNetworkInsightsPathId.NotFound", b.start_network_insights_analysis, NetworkInsightsPathId=path)
    fails("InvalidNetworkInsightsPathId.NotFound", b.delete_network_insights_path, NetworkInsightsPathId=path)
    fails("InvalidGroup.NotFound", b.describe_security_group_references, GroupId=[sg])
    # A is untouched.
    assert a.get_managed_prefix_list_entries(PrefixListId=pl)["Entries"] == [{"Cidr": "192.0.2.0/24"}]
    assert a.describe_security_group_rules(SecurityGroupRuleIds=[rule["SecurityGroupRuleId"]])["SecurityGroupRules"][0]["FromPort"] == 443
