#!/usr/bin/env python3
"""Writes the seed corpus of the request-parser fuzz test (Tests/PalisadeServerTests/FuzzCorpus): real EC2 and
CloudTrail requests as botocore serialises and signs them (fixed key and time), one raw HTTP request per file.

    python3 scripts/generate-fuzz-corpus.py

The fuzz test (RequestFuzzTests) mutates these; inputs that ever crashed or hung are added here by hand.
"""

import datetime
import os
import urllib.parse
from unittest import mock

import botocore.session
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "PalisadeServerTests", "FuzzCorpus")
KEY = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
WHEN = datetime.datetime(2026, 11, 27, 12, 0, 0)
HOST = "127.0.0.1:4566"

CALLS = [
    ("ec2", "DescribeSecurityGroups", {}),
    ("ec2", "DescribeSecurityGroups", {"GroupIds": ["sg-0123456789abcdef0"], "Filters": [
        {"Name": "ip-permission.from-port", "Values": ["22"]}, {"Name": "tag:Environment", "Values": ["prod*"]}],
        "MaxResults": 5, "NextToken": "abc"}),
    ("ec2", "CreateSecurityGroup", {"GroupName": "web", "Description": "web tier", "VpcId": "vpc-0123456789abcdef0",
        "TagSpecifications": [{"ResourceType": "security-group", "Tags": [{"Key": "Environment", "Value": "Production"}]}]}),
    ("ec2", "AuthorizeSecurityGroupIngress", {"GroupId": "sg-0123456789abcdef0", "IpPermissions": [
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "ssh"}],
         "Ipv6Ranges": [{"CidrIpv6": "::/0"}], "UserIdGroupPairs": [{"GroupId": "sg-0fedcba9876543210", "UserId": "123456789012"}],
         "PrefixListIds": [{"PrefixListId": "pl-0123456789abcdef0"}]},
        {"IpProtocol": "-1"}, {"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]}),
    ("ec2", "RevokeSecurityGroupEgress", {"GroupId": "sg-0123456789abcdef0", "SecurityGroupRuleIds": ["sgr-0123456789abcdef0"]}),
    ("ec2", "ModifySecurityGroupRules", {"GroupId": "sg-0123456789abcdef0", "SecurityGroupRules": [
        {"SecurityGroupRuleId": "sgr-0123456789abcdef0", "SecurityGroupRule": {"IpProtocol": "udp", "FromPort": 53,
         "ToPort": 53, "CidrIpv4": "10.0.0.0/16", "Description": "dns"}}]}),
    ("ec2", "UpdateSecurityGroupRuleDescriptionsIngress", {"GroupId": "sg-0123456789abcdef0", "SecurityGroupRuleDescriptions": [
        {"SecurityGroupRuleId": "sgr-0123456789abcdef0", "Description": "x"}]}),
    ("ec2", "DeleteSecurityGroup", {"GroupId": "sg-0123456789abcdef0", "DryRun": True}),
    ("ec2", "CreateVpc", {"CidrBlock": "10.0.0.0/16", "AmazonProvidedIpv6CidrBlock": True}),
    ("ec2", "CreateSubnet", {"VpcId": "vpc-0123456789abcdef0", "CidrBlock": "10.0.1.0/24", "Ipv6CidrBlock": "2600:1f18::/64"}),
    ("ec2", "CreateNetworkInterface", {"SubnetId": "subnet-0123456789abcdef0", "Groups": ["sg-0123456789abcdef0"],
        "PrivateIpAddress": "10.0.1.10", "ConnectionTrackingSpecification": {"TcpEstablishedTimeout": 3600, "UdpTimeout": 30}}),
    ("ec2", "ModifyNetworkInterfaceAttribute", {"NetworkInterfaceId": "eni-0123456789abcdef0",
        "Groups": ["sg-0123456789abcdef0", "sg-0fedcba9876543210"]}),
    ("ec2", "CreateTags", {"Resources": ["sg-0123456789abcdef0"], "Tags": [{"Key": "Name", "Value": "café ☕"}]}),
    ("ec2", "DescribeTags", {"Filters": [{"Name": "resource-type", "Values": ["security-group"]}]}),
    ("ec2", "CreateManagedPrefixList", {"PrefixListName": "office", "MaxEntries": 10, "AddressFamily": "IPv4",
        "Entries": [{"Cidr": "192.0.2.0/24", "Description": "hq"}]}),
    ("ec2", "ModifyManagedPrefixList", {"PrefixListId": "pl-0123456789abcdef0", "CurrentVersion": 1,
        "AddEntries": [{"Cidr": "198.51.100.0/24"}], "RemoveEntries": [{"Cidr": "192.0.2.0/24"}]}),
    ("ec2", "DescribeSecurityGroupRules", {"Filters": [{"Name": "group-id", "Values": ["sg-0123456789abcdef0"]}],
        "MaxResults": 100}),
    ("ec2", "CreateNetworkInsightsPath", {"Source": "eni-0123456789abcdef0", "Destination": "eni-0fedcba9876543210",
        "Protocol": "tcp", "DestinationPort": 443, "ClientToken": "token-1"}),
    ("ec2", "DescribeStaleSecurityGroups", {"VpcId": "vpc-0123456789abcdef0"}),
    ("cloudtrail", "LookupEvents", {"LookupAttributes": [{"AttributeKey": "ResourceName", "AttributeValue": "sg-0123456789abcdef0"}],
        "MaxResults": 10, "StartTime": datetime.datetime(2026, 11, 1)}),
]


def raw(request):
    target = request.url.split(HOST, 1)[1] or "/"
    lines = [f"{request.method} {target} HTTP/1.1"]
    for name, value in request.headers.items():
        lines.append(f"{name}: {value.decode() if isinstance(value, bytes) else value}")
    body = request.body or b""
    if isinstance(body, dict):
        body = urllib.parse.urlencode(body)
    if isinstance(body, str):
        body = body.encode()
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def main():
    session = botocore.session.get_session()
    os.makedirs(OUT, exist_ok=True)
    for index, (service, operation, params) in enumerate(CALLS):
        client = session.create_client(service, region_name="us-east-1", endpoint_url=f"http://{HOST}",
                                       aws_access_key_id=KEY.access_key, aws_secret_access_key=KEY.secret_key)
        model = client.meta.service_model.operation_model(operation)
        serialized = client._serializer.serialize_to_request(params, model)
        request = AWSRequest(method=serialized["method"], url=f"http://{HOST}{serialized['url_path']}",
                             data=serialized["body"], headers=serialized["headers"])
        request.headers["Host"] = HOST
        with mock.patch("botocore.auth.get_current_datetime", return_value=WHEN):
            if index % 5 == 4 and service == "ec2":
                # The presigned query-string form.
                request = AWSRequest(method="GET", url=f"http://{HOST}/?{urllib.parse.urlencode(serialized['body'])}",
                                     headers={"Host": HOST})
                SigV4QueryAuth(KEY, service, "us-east-1", expires=900).add_auth(request)
            else:
                SigV4Auth(KEY, service, "us-east-1").add_auth(request)
        name = f"{index:02d}-{service}-{operation}.http"
        with open(os.path.join(OUT, name), "wb") as handle:
            handle.write(raw(request))
    print(f"wrote {len(CALLS)} requests to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
