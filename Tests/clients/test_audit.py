"""Audit trail (CloudTrail records, LookupEvents), alert webhooks and rate limits, against `palisade serve` WITH auth,
driven by boto3 and the AWS CLI."""

import http.server
import json
import os
import sqlite3
import subprocess
import threading
import time

import boto3
import botocore
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from conftest import AWS_CLI, REGION, Server, palisade_bin
from test_auth import create_account, palisade, send, signed

SEED_PATTERN = {
    # The seed's aws_cloudwatch_event_rule "security_group_changes" (best_practices.tf), jsonencode()d as written.
    "source": ["aws.ec2"],
    "detail-type": ["AWS API Call via CloudTrail"],
    "detail": {
        "eventSource": ["ec2.amazonaws.com"],
        "eventName": [
            "AuthorizeSecurityGroupIngress",
            "AuthorizeSecurityGroupEgress",
            "RevokeSecurityGroupIngress",
            "RevokeSecurityGroupEgress",
        ],
    },
}


class Webhook:
    """A loopback HTTP server that records every POST; can be stopped and started again on the same port."""

    def __init__(self, port=0):
        self.received = []
        self.lock = threading.Lock()
        self.port = port
        self.httpd = None
        self.start()

    def start(self):
        hook = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with hook.lock:
                    hook.received.append((dict(self.headers), json.loads(body)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def events(self):
        with self.lock:
            return [event for _, event in self.received]

    def wait_for(self, count, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if len(self.events()) >= count:
                return self.events()
            time.sleep(0.05)
        return self.events()


@pytest.fixture(scope="module")
def webhook():
    hook = Webhook()
    yield hook
    hook.stop()


@pytest.fixture(scope="module")
def audited(tmp_path_factory, webhook):
    tmp = tmp_path_factory.mktemp("audit")
    db = tmp / "audit.sqlite"
    rules = {
        "rules": [
            {"name": "security-group-modifications", "description": "the seed's rule",
             "eventPattern": json.dumps(SEED_PATTERN), "targets": [{"webhook": f"http://127.0.0.1:{webhook.port}/sg"}]},
            {"name": "world-open", "eventPattern": {"detail": {"eventName": [{"prefix": "Authorize"}], "$or": [
                {"requestParameters": {"ipPermissions": {"items": {"ipRanges": {"items": {"cidrIp": ["0.0.0.0/0"]}}}}}},
                {"requestParameters": {"ipPermissions": {"items": {"ipv6Ranges": {"items": {"cidrIpv6": ["::/0"]}}}}}}]}},
             "targets": [{"webhook": f"http://127.0.0.1:{webhook.port}/open"}, {"log": True}]},
            {"name": "production", "eventPattern": {"detail": {"palisade": {"resources": {"tags": {"Environment": ["Production"]}}}}},
             "targets": [{"webhook": f"http://127.0.0.1:{webhook.port}/prod"}]},
        ]
    }
    alerts = tmp / "alerts.json"
    alerts.write_text(json.dumps(rules))
    srv = Server(db=db, auth=True, allow_reset=False, extra_args=["--alerts", str(alerts)])
    srv.db = db
    srv.alerts = alerts
    srv.a = create_account(db, "alpha")
    srv.b = create_account(db, "beta")
    yield srv
    srv.stop()


def ec2(srv, acct):
    return boto3.client(
        "ec2", endpoint_url=srv.url, region_name=REGION, aws_access_key_id=acct["accessKeyId"],
        aws_secret_access_key=acct["secretAccessKey"], config=botocore.config.Config(retries={"total_max_attempts": 1}))


def cloudtrail(srv, acct):
    return boto3.client(
        "cloudtrail", endpoint_url=srv.url, region_name=REGION, aws_access_key_id=acct["accessKeyId"],
        aws_secret_access_key=acct["secretAccessKey"], config=botocore.config.Config(retries={"total_max_attempts": 1}))


def lookup_all(srv, acct, **kwargs):
    pages = cloudtrail(srv, acct).get_paginator("lookup_events").paginate(**kwargs)
    return [event for page in pages for event in page["Events"]]


def call(fn, **kwargs):
    """Runs a boto3 call; returns its error code, or None when it succeeded."""
    try:
        fn(**kwargs)
        return None
    except botocore.exceptions.ClientError as error:
        return error.response["Error"]["Code"]


def test_every_mutating_call_produces_exactly_one_event_also_when_it_fails(audited):
    """One success and one failure of every mutating action; reads leave no event."""
    acct = create_account(audited.db, "every-call")
    c = ec2(audited, acct)
    before = {e["EventId"] for e in lookup_all(audited, acct)}
    calls = []  # (event name, expected error code or None)

    def do(name, fails, **kwargs):
        code = call(getattr(c, name_to_method(name)), **kwargs)
        assert (code is not None) == bool(fails), (name, kwargs, code)
        calls.append((name, code))

    c.describe_vpcs()
    vpc = c.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    calls.append(("CreateVpc", None))
    do("CreateVpc", True, CidrBlock="10.0.0.0/29")
    do("ModifyVpcAttribute", False, VpcId=vpc, EnableDnsHostnames={"Value": True})
    do("ModifyVpcAttribute", True, VpcId="vpc-0000000000000000f", EnableDnsHostnames={"Value": True})
    subnet = c.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
    calls.append(("CreateSubnet", None))
    do("CreateSubnet", True, VpcId=vpc, CidrBlock="10.99.1.0/24")
    do("ModifySubnetAttribute", False, SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
    do("ModifySubnetAttribute", True, SubnetId=subnet, AssignIpv6AddressOnCreation={"Value": True})
    sg = c.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    calls.append(("CreateSecurityGroup", None))
    do("CreateSecurityGroup", True, GroupName="web", Description="web", VpcId=vpc)
    perm = [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
    do("AuthorizeSecurityGroupIngress", False, GroupId=sg, IpPermissions=perm)
    do("AuthorizeSecurityGroupIngress", True, GroupId=sg, IpPermissions=perm)
    do("AuthorizeSecurityGroupEgress", False, GroupId=sg, IpPermissions=perm)
    do("AuthorizeSecurityGroupEgress", True, GroupId=sg, IpPermissions=perm)
    rules = c.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [sg]}])["SecurityGroupRules"]
    ingress = next(r for r in rules if not r["IsEgress"])
    do("ModifySecurityGroupRules", False, GroupId=sg, SecurityGroupRules=[{"SecurityGroupRuleId": ingress["SecurityGroupRuleId"],
        "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8443, "CidrIpv4": "10.0.0.0/8"}}])
    do("ModifySecurityGroupRules", True, GroupId=sg, SecurityGroupRules=[
        {"SecurityGroupRuleId": "sgr-0000000000000000f", "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "CidrIpv4": "10.0.0.0/8"}}])
    do("UpdateSecurityGroupRuleDescriptionsIngress", False, GroupId=sg, SecurityGroupRuleDescriptions=[
        {"SecurityGroupRuleId": ingress["SecurityGroupRuleId"], "Description": "internal"}])
    do("UpdateSecurityGroupRuleDescriptionsIngress", True, GroupId="sg-0000000000000000f",
       SecurityGroupRuleDescriptions=[{"SecurityGroupRuleId": ingress["SecurityGroupRuleId"], "Description": "x"}])
    do("UpdateSecurityGroupRuleDescriptionsEgress", False, GroupId=sg, IpPermissions=[dict(perm[0], IpRanges=[{"CidrIp": "10.0.0.0/8", "Description": "out"}])])
    do("UpdateSecurityGroupRuleDescriptionsEgress", True, GroupId="sg-0000000000000000f", IpPermissions=perm)
    do("RevokeSecurityGroupEgress", False, GroupId=sg, IpPermissions=perm)
    do("RevokeSecurityGroupEgress", True, GroupId="sg-0000000000000000f", IpPermissions=perm)
    do("RevokeSecurityGroupIngress", False, GroupId=sg, SecurityGroupRuleIds=[ingress["SecurityGroupRuleId"]])
    do("RevokeSecurityGroupIngress", True, GroupId="sg-0000000000000000f", IpPermissions=perm)
    eni = c.create_network_interface(SubnetId=subnet, Groups=[sg])["NetworkInterface"]["NetworkInterfaceId"]
    calls.append(("CreateNetworkInterface", None))
    do("CreateNetworkInterface", True, SubnetId="subnet-0000000000000000f")
    do("ModifyNetworkInterfaceAttribute", False, NetworkInterfaceId=eni, Groups=[sg])
    do("ModifyNetworkInterfaceAttribute", True, NetworkInterfaceId="eni-0000000000000000f", Groups=[sg])
    do("CreateTags", False, Resources=[sg], Tags=[{"Key": "Tier", "Value": "web"}])
    do("CreateTags", True, Resources=["nope-1"], Tags=[{"Key": "Tier", "Value": "web"}])
    do("DeleteTags", False, Resources=[sg], Tags=[{"Key": "Tier"}])
    do("DeleteTags", True, Resources=["nope-1"], Tags=[{"Key": "Tier"}])
    pl = c.create_managed_prefix_list(PrefixListName="office", MaxEntries=5, AddressFamily="IPv4",
                                      Entries=[{"Cidr": "192.0.2.0/24"}])["PrefixList"]["PrefixListId"]
    calls.append(("CreateManagedPrefixList", None))
    do("CreateManagedPrefixList", True, PrefixListName="bad", MaxEntries=5, AddressFamily="IPv5")
    do("ModifyManagedPrefixList", False, PrefixListId=pl, CurrentVersion=1, AddEntries=[{"Cidr": "198.51.100.0/24"}])
    do("ModifyManagedPrefixList", True, PrefixListId="pl-0000000000000000f", AddEntries=[{"Cidr": "198.51.100.0/24"}])
    path = c.create_network_insights_path(Source=eni, Destination=eni, Protocol="tcp")["NetworkInsightsPath"]["NetworkInsightsPathId"]
    calls.append(("CreateNetworkInsightsPath", None))
    do("CreateNetworkInsightsPath", True, Source="eni-0000000000000000f", Destination=eni, Protocol="tcp")
    analysis = c.start_network_insights_analysis(NetworkInsightsPathId=path)["NetworkInsightsAnalysis"]["NetworkInsightsAnalysisId"]
    calls.append(("StartNetworkInsightsAnalysis", None))
    do("StartNetworkInsightsAnalysis", True, NetworkInsightsPathId="nip-0000000000000000f")
    do("DeleteNetworkInsightsAnalysis", False, NetworkInsightsAnalysisId=analysis)
    do("DeleteNetworkInsightsAnalysis", True, NetworkInsightsAnalysisId=analysis)
    do("DeleteNetworkInsightsPath", False, NetworkInsightsPathId=path)
    do("DeleteNetworkInsightsPath", True, NetworkInsightsPathId=path)
    do("DeleteNetworkInterface", False, NetworkInterfaceId=eni)
    do("DeleteNetworkInterface", True, NetworkInterfaceId=eni)
    do("DeleteManagedPrefixList", False, PrefixListId=pl)
    do("DeleteManagedPrefixList", True, PrefixListId="pl-0000000000000000f")
    do("DeleteSecurityGroup", False, GroupId=sg)
    do("DeleteSecurityGroup", True, GroupId=sg)
    do("DeleteSubnet", False, SubnetId=subnet)
    do("DeleteSubnet", True, SubnetId=subnet)
    do("DeleteVpc", False, VpcId=vpc)
    do("DeleteVpc", True, VpcId=vpc)
    do("CreateDefaultVpc", True)
    # Reads never become events.
    c.describe_security_groups()
    c.describe_network_interfaces()
    c.describe_tags()

    events = [e for e in lookup_all(audited, acct) if e["EventId"] not in before]
    seen = sorted((e["EventName"], json.loads(e["CloudTrailEvent"]).get("errorCode", "")) for e in events)
    expected = sorted((name, "" if code is None else "Client." + code) for name, code in calls)
    assert seen == expected
    mutating = {"CreateVpc", "DeleteVpc", "CreateDefaultVpc", "ModifyVpcAttribute", "CreateSubnet", "DeleteSubnet",
                "ModifySubnetAttribute",
                "CreateSecurityGroup", "DeleteSecurityGroup", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
                "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "ModifySecurityGroupRules",
                "UpdateSecurityGroupRuleDescriptionsIngress", "UpdateSecurityGroupRuleDescriptionsEgress",
                "CreateNetworkInterface", "ModifyNetworkInterfaceAttribute", "DeleteNetworkInterface", "CreateTags",
                "DeleteTags", "CreateManagedPrefixList", "ModifyManagedPrefixList", "DeleteManagedPrefixList",
                "CreateNetworkInsightsPath", "DeleteNetworkInsightsPath", "StartNetworkInsightsAnalysis",
                "DeleteNetworkInsightsAnalysis"}
    assert {name for name, _ in calls} == mutating
    for event in events:
        record = json.loads(event["CloudTrailEvent"])
        assert record["eventSource"] == "ec2.amazonaws.com" and event["EventSource"] == "ec2.amazonaws.com"
        assert record["userIdentity"]["accountId"] == acct["accountId"]
        assert record["userIdentity"]["accessKeyId"] == acct["accessKeyId"] == event["AccessKeyId"]
        assert record["recipientAccountId"] == acct["accountId"]
        assert record["sourceIPAddress"] == "127.0.0.1"
        assert "Boto3" in record["userAgent"] or "botocore" in record["userAgent"]
        assert record["requestID"] and record["eventID"] == event["EventId"]
        assert record["readOnly"] is False and event["ReadOnly"] == "false"
        assert ("errorCode" in record) == (record["responseElements"] is None)
        assert "secretAccessKey" not in event["CloudTrailEvent"] and acct["secretAccessKey"] not in event["CloudTrailEvent"]


def name_to_method(name):
    out = ""
    for i, ch in enumerate(name):
        if ch.isupper() and i > 0:
            out += "_"
        out += ch.lower()
    return out


def test_aws_cli_lookup_events_with_attributes_and_pagination(audited, tmp_path):
    acct = create_account(audited.db, "cli")
    c = ec2(audited, acct)
    sg = c.create_security_group(GroupName="cli-web", Description="web")["GroupId"]
    for port in (80, 443, 8080):
        c.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
    other = c.create_security_group(GroupName="cli-other", Description="other")["GroupId"]
    env = dict(os.environ, AWS_ACCESS_KEY_ID=acct["accessKeyId"], AWS_SECRET_ACCESS_KEY=acct["secretAccessKey"],
               AWS_DEFAULT_REGION=REGION, AWS_PAGER="", AWS_CONFIG_FILE=str(tmp_path / "c"),
               AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "k"))

    def lookup(*args):
        out = subprocess.run([AWS_CLI, "cloudtrail", "lookup-events", "--endpoint-url", audited.url, "--output", "json", *args],
                             env=env, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    by_group = lookup("--lookup-attributes", f"AttributeKey=ResourceName,AttributeValue={sg}", "--page-size", "2")
    names = [e["EventName"] for e in by_group["Events"]]
    assert names == ["AuthorizeSecurityGroupIngress"] * 3 + ["CreateSecurityGroup"]  # newest first, all pages
    assert all({"ResourceType": "AWS::EC2::SecurityGroup", "ResourceName": sg} in e["Resources"] for e in by_group["Events"])
    assert other not in json.dumps(by_group)
    first = lookup("--lookup-attributes", "AttributeKey=EventName,AttributeValue=AuthorizeSecurityGroupIngress", "--max-items", "2")
    assert len(first["Events"]) == 2 and first.get("NextToken")
    rest = lookup("--lookup-attributes", "AttributeKey=EventName,AttributeValue=AuthorizeSecurityGroupIngress",
                  "--starting-token", first["NextToken"])
    assert len(rest["Events"]) == 1
    assert lookup("--lookup-attributes", f"AttributeKey=AccessKeyId,AttributeValue={acct['accessKeyId']}")["Events"]
    assert lookup("--lookup-attributes", "AttributeKey=ReadOnly,AttributeValue=true")["Events"] == []
    assert lookup("--start-time", "2000-01-01T00:00:00Z", "--end-time", "2000-01-02T00:00:00Z")["Events"] == []
    out = subprocess.run([AWS_CLI, "cloudtrail", "lookup-events", "--endpoint-url", audited.url, "--lookup-attributes",
                          "AttributeKey=EventName,AttributeValue=a", "AttributeKey=EventName,AttributeValue=b"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "InvalidLookupAttributesException" in out.stderr


def test_accounts_see_only_their_own_events(audited):
    a, b = audited.a, audited.b
    sg = ec2(audited, a).create_security_group(GroupName="private-a", Description="a")["GroupId"]
    assert any(e["EventName"] == "CreateSecurityGroup" for e in lookup_all(audited, a,
               LookupAttributes=[{"AttributeKey": "ResourceName", "AttributeValue": sg}]))
    assert lookup_all(audited, b, LookupAttributes=[{"AttributeKey": "ResourceName", "AttributeValue": sg}]) == []
    assert all(json.loads(e["CloudTrailEvent"])["recipientAccountId"] == b["accountId"] for e in lookup_all(audited, b))
    # Another region of the same account has its own trail.
    west = boto3.client("cloudtrail", endpoint_url=audited.url, region_name="eu-west-1", aws_access_key_id=a["accessKeyId"],
                        aws_secret_access_key=a["secretAccessKey"])
    assert west.lookup_events()["Events"] == []


def test_denied_requests_are_audited(audited):
    a = audited.a
    body = "Action=AuthorizeSecurityGroupIngress&Version=2016-11-15&GroupId=sg-0123456789abcdef0"
    tampered = signed(audited.url, a, body=body)
    tampered.data = body + "&IpPermissions.1.IpProtocol=-1"
    assert send(tampered).status_code == 403
    unknown = dict(a, accessKeyId="AKIAUNKNOWNKEY000000")
    assert send(signed(audited.url, unknown, body=body)).status_code == 401
    unsigned = requests.post(audited.url + "/", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert unsigned.status_code in (401, 403)
    denied = [json.loads(e["CloudTrailEvent"]) for e in lookup_all(audited, a, LookupAttributes=[
        {"AttributeKey": "EventName", "AttributeValue": "AuthorizeSecurityGroupIngress"}])]
    assert any(r.get("errorCode") == "Client.SignatureDoesNotMatch" and r["userIdentity"]["accessKeyId"] == a["accessKeyId"]
               for r in denied)
    # Requests with no known key belong to no account: only the operator sees them, with `palisade events`.
    log = json.loads(palisade("events", "--json", "--event-name", "AuthorizeSecurityGroupIngress", db=audited.db))["Records"]
    codes = {r.get("errorCode") for r in log}
    assert {"Client.SignatureDoesNotMatch", "Client.AuthFailure", "Client.MissingAuthenticationToken"} <= codes, codes
    unknown_key = next(r for r in log if r.get("errorCode") == "Client.AuthFailure")
    assert unknown_key["userIdentity"]["accessKeyId"] == "AKIAUNKNOWNKEY000000" and unknown_key["recipientAccountId"] == ""


def test_palisade_events_command(audited):
    a = audited.a
    sg = ec2(audited, a).create_security_group(GroupName="events-cmd", Description="e")["GroupId"]
    ec2(audited, a).create_tags(Resources=[sg], Tags=[{"Key": "k", "Value": "v"}])
    text = palisade("events", "--group", sg, "--since", "10m", db=audited.db)
    lines = text.strip().splitlines()
    assert len(lines) == 2 and "CreateSecurityGroup" in lines[0] and "CreateTags" in lines[1], text
    assert a["accountId"] in lines[0] and a["accessKeyId"] in lines[0] and lines[0].endswith("OK")
    records = json.loads(palisade("events", "--group", sg, "--json", db=audited.db))["Records"]
    assert [r["eventName"] for r in records] == ["CreateSecurityGroup", "CreateTags"]
    out = subprocess.run([palisade_bin(), "events", "--since", "yesterday", "--db", str(audited.db)], capture_output=True, text=True)
    assert out.returncode != 0 and "--since" in out.stderr


def test_events_cannot_be_changed_or_deleted(audited):
    a = audited.a
    ec2(audited, a).create_security_group(GroupName="immutable", Description="i")
    ct = cloudtrail(audited, a)
    for operation in ("DeleteTrail", "StopLogging", "PutEventSelectors"):
        r = requests.post(audited.url + "/", data="{}", headers={
            "X-Amz-Target": f"com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.{operation}",
            "Content-Type": "application/x-amz-json-1.1"})
        assert r.status_code in (400, 401, 403)
    with pytest.raises(botocore.exceptions.ClientError) as error:
        ct.delete_trail(Name="default")
    assert error.value.response["Error"]["Code"] == "UnknownOperationException"
    # Not even with the database file: the schema refuses updates and deletes.
    db = sqlite3.connect(str(audited.db))
    for statement in ("UPDATE audit_events SET event_name = 'x'", "DELETE FROM audit_events",
                      "DELETE FROM audit_event_resources"):
        with pytest.raises(sqlite3.DatabaseError):
            db.execute(statement)
    db.close()


def test_seed_pattern_fires_a_webhook_for_each_rule_change_and_none_is_lost_while_it_is_down(audited, webhook):
    a = audited.a
    c = ec2(audited, a)
    sg = c.create_security_group(GroupName="hooked", Description="h")["GroupId"]
    start = len(webhook.events())
    perm = [{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
    c.authorize_security_group_ingress(GroupId=sg, IpPermissions=perm)
    c.revoke_security_group_ingress(GroupId=sg, IpPermissions=perm)
    c.authorize_security_group_egress(GroupId=sg, IpPermissions=perm)
    c.revoke_security_group_egress(GroupId=sg, IpPermissions=perm)
    c.create_tags(Resources=[sg], Tags=[{"Key": "Owner", "Value": "me"}])  # not a rule change: no alert
    got = webhook.wait_for(start + 4)[start:]
    time.sleep(0.5)
    got = webhook.events()[start:]
    assert [e["detail"]["eventName"] for e in got] == [
        "AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupEgress"]
    for event in got:
        assert event["detail-type"] == "AWS API Call via CloudTrail" and event["source"] == "aws.ec2"
        assert event["account"] == a["accountId"] and event["detail"]["requestParameters"]["groupId"] == sg

    # The webhook goes down: changes still succeed at once, and every event arrives once it is back,
    # even across a restart of the server.
    port = webhook.port
    webhook.stop()
    began = time.time()
    for p in (1001, 1002, 1003):
        c.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": p, "ToPort": p, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
    assert time.time() - began < 5  # the API never waits for the webhook
    time.sleep(1.5)
    audited.stop()
    restarted = Server(db=audited.db, auth=True, allow_reset=False, extra_args=["--alerts", str(audited.alerts)])
    audited.proc, audited.url = restarted.proc, restarted.url
    webhook.port = port
    webhook.start()
    got = webhook.wait_for(start + 7, timeout=40)[start + 4:]
    ports = sorted(e["detail"]["requestParameters"]["ipPermissions"]["items"][0]["fromPort"] for e in got)
    assert ports == [1001, 1002, 1003]


def test_alert_patterns_on_content_and_tags(audited, webhook):
    a = audited.a
    c = ec2(audited, a)
    time.sleep(0.5)  # earlier tests' deliveries are in
    start = len(webhook.received)
    prod = c.create_security_group(GroupName="prod-db", Description="p", TagSpecifications=[
        {"ResourceType": "security-group", "Tags": [{"Key": "Environment", "Value": "Production"}]}])["GroupId"]
    dev = c.create_security_group(GroupName="dev-db", Description="d")["GroupId"]
    c.authorize_security_group_ingress(GroupId=dev, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    c.authorize_security_group_ingress(GroupId=dev, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    c.authorize_security_group_ingress(GroupId=prod, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
    c.delete_security_group(GroupId=prod)  # tags as they were before the delete
    deadline = time.time() + 20
    while time.time() < deadline and len(webhook.received) < start + 8:
        time.sleep(0.05)
    time.sleep(0.5)
    by_path = {}
    for headers, event in webhook.received[start:]:
        by_path.setdefault(headers.get("X-Palisade-Rule"), []).append(event["detail"]["eventName"])
    assert by_path.get("world-open") == ["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupIngress"]
    # Creating a group tagged at birth counts; the delete still sees the tags it had.
    assert by_path.get("production") == ["CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "DeleteSecurityGroup"]
    assert by_path.get("security-group-modifications") == ["AuthorizeSecurityGroupIngress"] * 3


def test_bad_alert_rules_stop_the_server_with_the_reason(tmp_path):
    rules = tmp_path / "bad.json"
    rules.write_text(json.dumps({"rules": [{"name": "x", "eventPattern": {"detail": {"eventName": [{"begins": "A"}]}},
                                            "targets": [{"log": True}]}]}))
    out = subprocess.run([palisade_bin(), "serve", "--in-memory", "--no-auth", "--port", "0", "--alerts", str(rules)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert "rules[0] (x): eventPattern: detail.eventName: Unrecognized match type begins" in out.stderr


def test_rate_limit_answers_request_limit_exceeded_per_account(tmp_path):
    db = tmp_path / "limits.sqlite"
    srv = Server(db=db, auth=True, allow_reset=False, extra_args=["--rate-limit", "mutating=0.01/3"])
    try:
        a, b = create_account(db, "a"), create_account(db, "b")
        c = ec2(srv, a)
        codes = [call(c.create_security_group, GroupName=f"g{i}", Description="d") for i in range(4)]
        assert codes == [None, None, None, "RequestLimitExceeded"]
        assert call(c.describe_security_groups) is None  # reads are another bucket
        assert call(ec2(srv, b).create_security_group, GroupName="g", Description="d") is None  # per account
        raw = send(signed(srv.url, a, body="Action=CreateSecurityGroup&Version=2016-11-15&GroupName=x&GroupDescription=d"))
        assert raw.status_code == 503 and b"<Code>RequestLimitExceeded</Code>" in raw.content
        throttled = [json.loads(e["CloudTrailEvent"]) for e in lookup_all(srv, a)]
        assert sum(r.get("errorCode") == "Client.RequestLimitExceeded" for r in throttled) == 2
    finally:
        srv.stop()
    out = subprocess.run([palisade_bin(), "serve", "--in-memory", "--rate-limit", "writes=1"], capture_output=True, text=True)
    assert out.returncode != 0 and "--rate-limit" in out.stderr


SEED_BEST_PRACTICES = os.path.join(os.path.dirname(__file__), "..", "PalisadeAnalysisTests", "Resources", "seed", "best_practices.tf")


def test_the_seeds_terraform_rule_fires_a_webhook_as_written(tmp_path):
    """best_practices.tf unchanged, plus an API destination and a target naming its rule: the webhook gets every rule
    change and nothing else, and the log names the rule."""
    hook = Webhook()
    try:
        alerts = tmp_path / "alerts"
        alerts.mkdir()
        (alerts / "best_practices.tf").write_text(open(SEED_BEST_PRACTICES).read())
        (alerts / "targets.tf").write_text(f"""
resource "aws_cloudwatch_event_api_destination" "soc" {{
  name                = "soc-webhook"
  invocation_endpoint = "http://127.0.0.1:{hook.port}/soc"
  http_method         = "POST"
}}
resource "aws_cloudwatch_event_target" "soc" {{
  rule = aws_cloudwatch_event_rule.security_group_changes.name
  arn  = aws_cloudwatch_event_api_destination.soc.arn
}}
""")
        srv = Server(in_memory=True, extra_args=["--alerts", str(alerts), "--log-level", "notice"])
        try:
            c = boto3.client("ec2", endpoint_url=srv.url, region_name=REGION, aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                             aws_secret_access_key="x" * 40)
            sg = c.create_security_group(GroupName="seed", Description="s")["GroupId"]
            perm = [{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
            c.authorize_security_group_ingress(GroupId=sg, IpPermissions=perm)
            c.authorize_security_group_egress(GroupId=sg, IpPermissions=perm)
            c.revoke_security_group_ingress(GroupId=sg, IpPermissions=perm)
            c.revoke_security_group_egress(GroupId=sg, IpPermissions=perm)
            c.delete_security_group(GroupId=sg)
            got = hook.wait_for(4)
            time.sleep(0.5)
            assert [e["detail"]["eventName"] for e in hook.events()] == [
                "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
                "RevokeSecurityGroupEgress"]
            assert all(h.get("X-Palisade-Rule") == "security-group-modifications" for h, _ in hook.received)
            time.sleep(0.2)
            log = "".join(srv.stderr_lines)
            assert log.count("rule=security-group-modifications") == 4, log[-2000:]
        finally:
            srv.stop()
    finally:
        hook.stop()


def test_palisade_api_refusals_and_resets_are_audited(tmp_path):
    db = tmp_path / "reset.sqlite"
    srv = Server(db=db, auth=True, allow_reset=True)
    try:
        a = create_account(db, "resetter")
        ec2(srv, a).create_security_group(GroupName="doomed", Description="d")
        assert requests.post(srv.url + "/palisade/v1/reset", timeout=30).status_code in (401, 403)
        req = AWSRequest(method="POST", url=srv.url + "/palisade/v1/reset", data="")
        SigV4Auth(Credentials(a["accessKeyId"], a["secretAccessKey"]), "ec2", REGION).add_auth(req)
        assert requests.post(req.url, data=req.body, headers=dict(req.headers.items()), timeout=30).status_code == 200
        assert ec2(srv, a).describe_security_groups(Filters=[{"Name": "group-name", "Values": ["doomed"]}])["SecurityGroups"] == []
        reset = [json.loads(e["CloudTrailEvent"]) for e in lookup_all(srv, a, LookupAttributes=[
            {"AttributeKey": "EventName", "AttributeValue": "Reset"}])]
        assert len(reset) == 1 and reset[0]["eventSource"] == "palisade" and "errorCode" not in reset[0]
        refused = json.loads(palisade("events", "--json", "--event-name", "POST /palisade/v1/reset", db=db))["Records"]
        assert len(refused) == 1 and refused[0]["errorCode"].startswith("Client.")
    finally:
        srv.stop()
