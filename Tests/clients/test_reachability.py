"""The flow engine from outside: the Reachability Analyzer actions (boto3 and the AWS CLI, responses checked
against botocore's model), `POST /palisade/v1/check|reach`, and `palisade check|reach` exit codes, on the seed's
three-tier stack built by scripts/seed-stack.sh with one interface per group."""

import json
import shutil
import subprocess
import uuid

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import REPO, error_code, make_ec2, palisade_bin
from test_wire_model import validate_success

SCRIPT = REPO / "scripts" / "seed-stack.sh"
INTERNET = "198.51.100.7"
needs_cli = pytest.mark.skipif(shutil.which("aws") is None, reason="aws CLI not installed")


@pytest.fixture
def stack(ec2, endpoint, cli):
    """{'vpc', 'groups': {tier: sg}, 'enis': {tier: eni}, 'ips': {tier: ip}} for alb, web, database, bastion."""
    if shutil.which("aws") is None:
        pytest.skip("aws CLI not installed")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    p = subprocess.run(["bash", str(SCRIPT), endpoint, vpc], env=cli.env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    ids = dict(line.split() for line in p.stdout.strip().splitlines())
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    groups = {"alb": ids["web_alb_sg"], "web": ids["web_servers_sg"], "database": ids["database_sg"],
              "bastion": ids["bastion_sg"]}
    enis, ips = {}, {}
    for tier, group in groups.items():
        eni = ec2.create_network_interface(SubnetId=subnet, Groups=[group], TagSpecifications=[
            {"ResourceType": "network-interface", "Tags": [{"Key": "Name", "Value": tier}]}])["NetworkInterface"]
        enis[tier] = eni["NetworkInterfaceId"]
        ips[tier] = eni["PrivateIpAddress"]
    return {"vpc": vpc, "groups": groups, "enis": enis, "ips": ips}


def _recording(endpoint):
    """A boto3 client that keeps each successful raw response, to check it against the model."""
    client = make_ec2(endpoint)
    bodies = []

    def before_parse(operation_model, response_dict, **kwargs):
        if response_dict["status_code"] == 200:
            bodies.append((operation_model, response_dict["body"]))

    client.meta.events.register("before-parse.ec2.*", before_parse)
    return client, bodies


def _analyze(ec2, source, destination, port):
    path = ec2.create_network_insights_path(Source=source, Destination=destination, Protocol="tcp",
                                            DestinationPort=port)["NetworkInsightsPath"]
    started = ec2.start_network_insights_analysis(NetworkInsightsPathId=path["NetworkInsightsPathId"])[
        "NetworkInsightsAnalysis"]
    described = ec2.describe_network_insights_analyses(
        NetworkInsightsAnalysisIds=[started["NetworkInsightsAnalysisId"]])["NetworkInsightsAnalyses"]
    return path, started, described[0]


# ---------------------------------------------------------------- Reachability Analyzer (boto3)

def test_alb_to_database_not_found_with_sg_mismatch(stack, endpoint):
    ec2, bodies = _recording(endpoint)
    path, started, analysis = _analyze(ec2, stack["enis"]["alb"], stack["enis"]["database"], 3306)
    assert path["NetworkInsightsPathId"].startswith("nip-")
    assert path["Protocol"] == "tcp" and path["DestinationPort"] == 3306
    assert path["SourceArn"].endswith(":network-interface/" + stack["enis"]["alb"])
    assert started["Status"] == "running" and "NetworkPathFound" not in started
    assert analysis["Status"] == "succeeded"
    assert analysis["NetworkPathFound"] is False
    [explanation] = analysis["Explanations"]
    assert explanation["ExplanationCode"] == "ENI_SG_RULES_MISMATCH"
    assert explanation["Direction"] == "egress"  # the ALB may only send 8080 to the web tier
    assert explanation["NetworkInterface"]["Id"] == stack["enis"]["alb"]
    assert [g["Id"] for g in explanation["SecurityGroups"]] == [stack["groups"]["alb"]]
    assert explanation["Protocols"] == ["tcp"]
    assert explanation["PortRanges"] == [{"From": 3306, "To": 3306}]
    assert {op.name for op, _ in bodies} >= {"CreateNetworkInsightsPath", "StartNetworkInsightsAnalysis",
                                             "DescribeNetworkInsightsAnalyses"}
    for op, body in bodies:
        validate_success(op, body)


def test_web_to_database_found_naming_each_rule(stack, endpoint):
    ec2, bodies = _recording(endpoint)
    _, _, analysis = _analyze(ec2, stack["enis"]["web"], stack["enis"]["database"], 3306)
    assert analysis["NetworkPathFound"] is True and analysis.get("Explanations", []) == []
    components = analysis["ForwardPathComponents"]
    assert [c["SequenceNumber"] for c in components] == [1, 2, 3, 4]
    assert components[0]["Component"]["Id"] == stack["enis"]["web"]
    assert components[0]["OutboundHeader"]["DestinationPortRanges"] == [{"From": 3306, "To": 3306}]
    assert components[1]["Component"]["Id"] == stack["groups"]["web"]
    assert components[1]["SecurityGroupRule"] == {"Direction": "egress", "SecurityGroupId": stack["groups"]["database"],
                                                  "PortRange": {"From": 3306, "To": 3306}, "Protocol": "tcp"}
    assert components[2]["Component"]["Id"] == stack["groups"]["database"]
    assert components[2]["SecurityGroupRule"]["Direction"] == "ingress"
    assert components[2]["SecurityGroupRule"]["SecurityGroupId"] == stack["groups"]["web"]
    assert components[3]["Component"] == {"Id": stack["enis"]["database"], "Name": "database",
                                          "Arn": f"arn:aws:ec2:us-east-1:123456789012:network-interface/{stack['enis']['database']}"}
    for op, body in bodies:
        validate_success(op, body)


def test_describe_filters_pagination_delete_and_tags(stack, ec2):
    path = ec2.create_network_insights_path(
        Source=stack["enis"]["bastion"], Destination=stack["enis"]["database"], Protocol="tcp", DestinationPort=3306,
        TagSpecifications=[{"ResourceType": "network-insights-path", "Tags": [{"Key": "Name", "Value": "admin"}]}],
    )["NetworkInsightsPath"]
    pid = path["NetworkInsightsPathId"]
    assert path["Tags"] == [{"Key": "Name", "Value": "admin"}]
    token = str(uuid.uuid4())
    a1 = ec2.start_network_insights_analysis(NetworkInsightsPathId=pid, ClientToken=token, TagSpecifications=[
        {"ResourceType": "network-insights-analysis", "Tags": [{"Key": "run", "Value": "1"}]}])["NetworkInsightsAnalysis"]
    again = ec2.start_network_insights_analysis(NetworkInsightsPathId=pid, ClientToken=token, TagSpecifications=[
        {"ResourceType": "network-insights-analysis", "Tags": [{"Key": "run", "Value": "1"}]}])["NetworkInsightsAnalysis"]
    assert again["NetworkInsightsAnalysisId"] == a1["NetworkInsightsAnalysisId"]
    ids = {a1["NetworkInsightsAnalysisId"]}
    for _ in range(2):
        ids.add(ec2.start_network_insights_analysis(NetworkInsightsPathId=pid)["NetworkInsightsAnalysis"][
            "NetworkInsightsAnalysisId"])
    assert len(ids) == 3
    seen, kw = [], {"NetworkInsightsPathId": pid, "MaxResults": 2}
    while True:
        page = ec2.describe_network_insights_analyses(**kw)
        assert len(page["NetworkInsightsAnalyses"]) <= 2
        seen += [a["NetworkInsightsAnalysisId"] for a in page["NetworkInsightsAnalyses"]]
        if not page.get("NextToken"):
            break
        kw["NextToken"] = page["NextToken"]
    assert sorted(seen) == sorted(ids)
    found = ec2.describe_network_insights_analyses(NetworkInsightsPathId=pid, Filters=[
        {"Name": "path-found", "Values": ["true"]}, {"Name": "status", "Values": ["succeeded"]}])
    assert len(found["NetworkInsightsAnalyses"]) == 3
    assert ec2.describe_network_insights_analyses(NetworkInsightsPathId=pid, Filters=[
        {"Name": "path-found", "Values": ["false"]}])["NetworkInsightsAnalyses"] == []
    with pytest.raises(ClientError) as e:
        ec2.describe_network_insights_analyses(NetworkInsightsPathId=pid, Filters=[{"Name": "bogus", "Values": ["x"]}])
    assert error_code(e) == "InvalidParameterValue"
    assert ec2.describe_network_insights_paths(Filters=[{"Name": "tag:Name", "Values": ["admin"]}])[
        "NetworkInsightsPaths"][0]["NetworkInsightsPathId"] == pid
    with pytest.raises(ClientError) as e:
        ec2.delete_network_insights_path(NetworkInsightsPathId=pid)
    assert error_code(e) == "AnalysisExistsForNetworkInsightsPath"
    for aid in ids:
        assert ec2.delete_network_insights_analysis(NetworkInsightsAnalysisId=aid)["NetworkInsightsAnalysisId"] == aid
    assert ec2.delete_network_insights_path(NetworkInsightsPathId=pid)["NetworkInsightsPathId"] == pid
    with pytest.raises(ClientError) as e:
        ec2.describe_network_insights_paths(NetworkInsightsPathIds=[pid])
    assert error_code(e) == "InvalidNetworkInsightsPathId.NotFound"


def test_create_path_errors(stack, ec2):
    with pytest.raises(ClientError) as e:
        ec2.create_network_insights_path(Source="eni-0123456789abcdef0", Destination=stack["enis"]["web"], Protocol="tcp")
    assert error_code(e) == "InvalidNetworkInterfaceID.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.create_network_insights_path(Source=stack["enis"]["web"], Destination=stack["enis"]["database"],
                                         Protocol="tcp", DestinationPort=3306,
                                         FilterAtSource={"DestinationPortRange": {"FromPort": 1, "ToPort": 2}})
    assert error_code(e) == "InvalidParameterCombination"
    with pytest.raises(ClientError) as e:
        ec2.start_network_insights_analysis(NetworkInsightsPathId="nip-0123456789abcdef0")
    assert error_code(e) == "InvalidNetworkInsightsPathId.NotFound"


# ---------------------------------------------------------------- AWS CLI

@needs_cli
def test_aws_cli_start_network_insights_analysis(stack, cli):
    code, path, err = cli("create-network-insights-path", "--source", stack["enis"]["alb"], "--destination",
                          stack["enis"]["database"], "--protocol", "tcp", "--destination-port", "3306")
    assert code == 0, err
    pid = path["NetworkInsightsPath"]["NetworkInsightsPathId"]
    code, started, err = cli("start-network-insights-analysis", "--network-insights-path-id", pid)
    assert code == 0, err
    assert started["NetworkInsightsAnalysis"]["Status"] == "running"
    aid = started["NetworkInsightsAnalysis"]["NetworkInsightsAnalysisId"]
    code, out, err = cli("describe-network-insights-analyses", "--network-insights-analysis-ids", aid)
    assert code == 0, err
    [analysis] = out["NetworkInsightsAnalyses"]
    assert analysis["Status"] == "succeeded" and analysis["NetworkPathFound"] is False
    assert analysis["Explanations"][0]["ExplanationCode"] == "ENI_SG_RULES_MISMATCH"
    code, out, err = cli("describe-network-insights-paths", "--network-insights-path-ids", pid)
    assert code == 0 and out["NetworkInsightsPaths"][0]["Source"] == stack["enis"]["alb"], err


# ---------------------------------------------------------------- JSON API

def _check(endpoint, **body):
    r = requests.post(endpoint + "/palisade/v1/check", json=body, timeout=30)
    return r.status_code, r.json()


def test_json_check_three_tier(stack, endpoint):
    enis, ips, groups = stack["enis"], stack["ips"], stack["groups"]
    status, https = _check(endpoint, src=INTERNET, dst=enis["alb"], protocol="tcp", port=443)
    assert status == 200 and https["allowed"] is True and "egress" not in https or https.get("egress") is None
    assert https["ingress"]["matchedRules"][0]["ruleId"].startswith("sgr-")

    status, web = _check(endpoint, src=INTERNET, dst=enis["web"], protocol="tcp", port=8080)
    assert web["allowed"] is False and web["droppedBy"] == "ingress"
    assert web["ingress"]["networkInterfaceId"] == enis["web"] and web["ingress"]["groupIds"] == [groups["web"]]
    assert f"source {INTERNET} not in group {groups['alb']}" in web["text"]
    assert web["text"].startswith(f"DENY tcp {INTERNET} → {ips['web']}:8080: ingress on {enis['web']} dropped it")

    _, db = _check(endpoint, src=enis["web"], dst=ips["database"], protocol="tcp", port=3306)
    assert db["allowed"] is True
    assert db["egress"]["matchedRules"][0]["groupId"] == groups["web"]
    assert db["egress"]["matchedRules"][0]["summary"] == f"tcp 3306 to {groups['database']}"
    assert db["ingress"]["matchedRules"][0]["groupId"] == groups["database"]
    assert db["ingress"]["matchedRules"][0]["summary"] == f"tcp 3306 from {groups['web']}"
    assert " via sgr-" in db["text"] and "; ingress " in db["text"]

    _, bastion = _check(endpoint, src=enis["bastion"], dst=enis["database"], protocol="tcp", port=3306)
    assert bastion["allowed"] is True

    _, alb = _check(endpoint, src=enis["alb"], dst=enis["database"], protocol="tcp", port=3306)
    assert alb["allowed"] is False and alb["droppedBy"] == "egress"
    assert "wrong port" in alb["egress"]["nearestMisses"][0]["reasons"]

    status, bad = _check(endpoint, src="eni-0123456789abcdef0", dst=INTERNET, protocol="tcp", port=1)
    assert status == 400 and "eni-0123456789abcdef0" in bad["error"]


def test_json_reach(stack, endpoint):
    r = requests.post(endpoint + "/palisade/v1/reach", json={"to": stack["groups"]["database"], "port": 3306}, timeout=30)
    assert r.status_code == 200
    [inbound] = r.json()["inbound"]
    assert sorted(p["peer"] for p in inbound["interfaces"]) == sorted([stack["enis"]["web"], stack["enis"]["bastion"]])
    exposed = requests.post(endpoint + "/palisade/v1/reach", json={"exposed": True}, timeout=30).json()["exposed"]
    assert stack["enis"]["alb"] in [e["networkInterfaceId"] for e in exposed]
    matrix = requests.post(endpoint + "/palisade/v1/reach", json={"matrix": True}, timeout=30).json()["matrix"]
    assert {"from": stack["enis"]["alb"], "to": stack["enis"]["web"]}.items() <= next(
        p for p in matrix if p["from"] == stack["enis"]["alb"] and p["to"] == stack["enis"]["web"]).items()
    assert requests.post(endpoint + "/palisade/v1/reach", json={}, timeout=30).status_code == 400


# ---------------------------------------------------------------- palisade check / reach

def _palisade(*args):
    p = subprocess.run([palisade_bin(), *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def test_cli_check_exit_codes(stack, endpoint, tmp_path):
    enis, ips = stack["enis"], stack["ips"]
    code, out, err = _palisade("check", "--src", enis["web"], "--dst", ips["database"], "--protocol", "tcp",
                               "--port", "3306", "--endpoint", endpoint)
    assert code == 0, err
    assert out.startswith(f"ALLOW tcp {ips['web']} → {ips['database']}:3306: egress {enis['web']} via sgr-")
    code, out, err = _palisade("check", "--src", INTERNET, "--dst", enis["web"], "--protocol", "tcp", "--port", "8080",
                               "--endpoint", endpoint, "--region", "us-east-1", "--json")
    assert code == 1, err
    verdict = json.loads(out)
    assert verdict["allowed"] is False and verdict["droppedBy"] == "ingress"
    # the same question against a snapshot file
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text(requests.get(endpoint + "/palisade/v1/snapshot", timeout=30).text)
    code, out, _ = _palisade("check", "--src", enis["alb"], "--dst", enis["database"], "--protocol", "tcp",
                             "--port", "3306", "--snapshot", str(snapshot))
    assert code == 1 and out.startswith("DENY tcp") and "egress on " + enis["alb"] + " dropped it" in out
    code, out, _ = _palisade("check", "--src", INTERNET, "--dst", enis["alb"], "--protocol", "tcp", "--port", "443",
                             "--snapshot", str(snapshot))
    assert code == 0 and out.startswith("ALLOW")
    # errors: unknown interface, missing port, no source of policy, unreachable server
    for args in (["--src", "eni-0123456789abcdef0", "--dst", INTERNET, "--protocol", "tcp", "--port", "1"],
                 ["--src", enis["web"], "--dst", enis["database"], "--protocol", "tcp"],
                 ["--src", enis["web"], "--dst", enis["database"], "--protocol", "bogus", "--port", "1"]):
        code, _, err = _palisade("check", *args, "--snapshot", str(snapshot))
        assert code == 2 and err.startswith("error:"), (args, err)
    code, _, _ = _palisade("check", "--src", INTERNET, "--dst", enis["alb"], "--protocol", "tcp", "--port", "443")
    assert code == 2
    code, _, _ = _palisade("check", "--src", INTERNET, "--dst", enis["alb"], "--protocol", "tcp", "--port", "443",
                           "--endpoint", "http://127.0.0.1:9")
    assert code == 2


def test_cli_reach(stack, endpoint):
    code, out, err = _palisade("reach", "--to", stack["groups"]["database"], "--port", "3306", "--endpoint", endpoint)
    assert code == 0, err
    assert out.startswith(f"{stack['enis']['database']} reachable from:")
    assert f"  {stack['enis']['web']}: tcp 3306" in out and f"  {stack['enis']['bastion']}: tcp 3306" in out
    code, out, err = _palisade("reach", "--exposed", "--json", "--endpoint", endpoint)
    assert code == 0, err
    assert stack["enis"]["alb"] in [e["networkInterfaceId"] for e in json.loads(out)["exposed"]]
    code, out, err = _palisade("reach", "--matrix", "--endpoint", endpoint)
    assert code == 0 and f"{stack['enis']['alb']} → {stack['enis']['web']}: tcp 8080" in out, (out, err)
    code, _, err = _palisade("reach", "--endpoint", endpoint)
    assert code == 2 and "exactly one" in err
