"""Terraform's AWS provider, unchanged, against Palisade: apply, a plan with no changes, drift made outside
Terraform seen by the next plan, updates in place, destroy.

Needs the `terraform` binary and the hashicorp/aws provider in a local filesystem mirror (this machine image has
both: /usr/local/bin/terraform and /opt/tf-plugins; PALISADE_TF_PLUGINS names another mirror). Without them the
test is skipped and says why: the registry is not reachable from here.
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT

TF_PLUGINS = Path(os.environ.get("PALISADE_TF_PLUGINS", "/opt/tf-plugins"))
AWS_PROVIDER = TF_PLUGINS / "registry.terraform.io" / "hashicorp" / "aws"


def provider_version():
    versions = sorted(p.name for p in AWS_PROVIDER.iterdir()) if AWS_PROVIDER.is_dir() else []
    return versions[-1] if versions else None


pytestmark = pytest.mark.skipif(
    shutil.which("terraform") is None or provider_version() is None,
    reason=f"needs terraform on PATH and the hashicorp/aws provider mirrored under {TF_PLUGINS}")

PROVIDER = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "%(version)s" }
  }
}
variable "endpoint" { type = string }
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIDEXAMPLE"
  secret_key                  = "secret"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  endpoints {
    ec2 = var.endpoint
    sts = var.endpoint
  }
}
"""

# Both styles of rules: inline blocks in aws_security_group, aws_security_group_rule, and the newer
# aws_vpc_security_group_{ingress,egress}_rule with group and prefix-list peers.
STACK = """
resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
  tags       = { Name = "tf-main" }
}
resource "aws_subnet" "app" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.1.0/24"
  map_public_ip_on_launch = true
}
resource "aws_security_group" "web" {
  name        = "web"
  description = "web tier"
  vpc_id      = aws_vpc.main.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  %(web_extra)s
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
  tags = %(web_tags)s
}
resource "aws_security_group" "db" {
  name        = "db"
  description = "database tier"
  vpc_id      = aws_vpc.main.id
}
resource "aws_vpc_security_group_ingress_rule" "db_from_web" {
  security_group_id            = aws_security_group.db.id
  referenced_security_group_id = aws_security_group.web.id
  from_port                    = 5432
  to_port                      = 5432
  ip_protocol                  = "tcp"
  description                  = "postgres from web"
}
resource "aws_security_group_rule" "db_ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.db.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["10.20.0.0/16"]
}
resource "aws_ec2_managed_prefix_list" "office" {
  name           = "office"
  address_family = "IPv4"
  max_entries    = 5
  %(entries)s
}
resource "aws_vpc_security_group_egress_rule" "db_to_office" {
  security_group_id = aws_security_group.db.id
  prefix_list_id    = aws_ec2_managed_prefix_list.office.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}
resource "aws_network_interface" "web1" {
  subnet_id       = aws_subnet.app.id
  private_ips     = ["10.20.1.10"]
  security_groups = %(eni_groups)s
}
"""

FIRST = dict(web_extra="", web_tags='{ Tier = "web" }', eni_groups="[aws_security_group.web.id]",
             entries='entry {\n    cidr = "192.0.2.0/24"\n    description = "hq"\n  }')
SECOND = dict(
    web_extra='ingress {\n    from_port = 8080\n    to_port = 8081\n    protocol = "tcp"\n'
              '    ipv6_cidr_blocks = ["::/0"]\n    description = "alt http"\n  }',
    web_tags='{ Tier = "web", Owner = "platform" }',
    eni_groups="[aws_security_group.web.id, aws_security_group.db.id]",
    entries='entry {\n    cidr = "192.0.2.0/24"\n    description = "hq"\n  }\n'
            '  entry {\n    cidr = "198.51.100.0/24"\n    description = "branch"\n  }')


class Terraform:
    def __init__(self, directory, endpoint):
        self.directory = directory
        self.endpoint = endpoint
        rc = directory / "terraformrc"
        rc.write_text(
            'provider_installation {\n'
            f'  filesystem_mirror {{\n    path = "{TF_PLUGINS}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }}\n'
            '  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n')
        self.env = dict(os.environ, TF_CLI_CONFIG_FILE=str(rc), TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1")

    def write(self, resources):
        """main.tf: the provider pointed at Palisade, then `resources`."""
        (self.directory / "main.tf").write_text(PROVIDER % {"version": provider_version()} + resources)

    def run(self, *args, variables=True):
        command = ["terraform", *args, "-input=false", "-no-color"]
        if variables:
            command.append(f"-var=endpoint={self.endpoint}")
        return subprocess.run(command, cwd=self.directory, env=self.env, capture_output=True, text=True, timeout=300)

    def ok(self, *args, variables=True):
        """Runs a command that must succeed; for `plan -detailed-exitcode` that means: no changes."""
        result = self.run(*args, variables=variables)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    def outputs(self):
        """The root module's outputs, by name."""
        result = subprocess.run(["terraform", "output", "-json"], cwd=self.directory, env=self.env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return {name: entry["value"] for name, entry in json.loads(result.stdout).items()}


def group(ec2, vpc_id, name):
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]},
                                                   {"Name": "group-name", "Values": [name]}])["SecurityGroups"]
    assert len(groups) == 1, groups
    return groups[0]


def test_terraform_aws_provider_round_trip(ec2, endpoint, tmp_path):
    tf = Terraform(tmp_path, endpoint)
    tf.write(STACK % FIRST)
    tf.ok("init", variables=False)

    tf.ok("apply", "-auto-approve")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["tf-main"]}])["Vpcs"][0]
    subnet = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"][0]
    assert subnet["CidrBlock"] == "10.20.1.0/24" and subnet["MapPublicIpOnLaunch"] is True
    web, db = group(ec2, vpc["VpcId"], "web"), group(ec2, vpc["VpcId"], "db")
    assert [(p["IpProtocol"], p["FromPort"], [r["CidrIp"] for r in p["IpRanges"]]) for p in web["IpPermissions"]] == \
        [("tcp", 443, ["0.0.0.0/0"])]
    db_rules = {(r["IsEgress"], r["FromPort"]): r for r in
                ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [db["GroupId"]]}])["SecurityGroupRules"]}
    assert db_rules[(False, 5432)]["ReferencedGroupInfo"] == {"GroupId": web["GroupId"], "UserId": ACCOUNT}
    assert db_rules[(False, 5432)]["Description"] == "postgres from web"
    assert db_rules[(False, 22)]["CidrIpv4"] == "10.20.0.0/16"
    office = ec2.describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": ["office"]}])["PrefixLists"][0]
    assert db_rules[(True, 443)]["PrefixListId"] == office["PrefixListId"]
    eni = ec2.describe_network_interfaces(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["NetworkInterfaces"]
    assert [(e["PrivateIpAddress"], [g["GroupId"] for g in e["Groups"]]) for e in eni] == [("10.20.1.10", [web["GroupId"]])]

    # What the provider reads back is what it wrote: nothing to change.
    tf.ok("plan", "-detailed-exitcode")

    # A rule removed behind Terraform's back shows up as drift in the next plan.
    ec2.revoke_security_group_ingress(GroupId=web["GroupId"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    drift = tf.run("plan", "-detailed-exitcode")
    assert drift.returncode == 2 and "aws_security_group.web" in drift.stdout, drift.stdout + drift.stderr

    # Updates in place: a new IPv6 rule and a tag, the interface's groups, a prefix-list entry (the provider
    # waits for the list's modify-complete state).
    tf.write(STACK % SECOND)
    tf.ok("apply", "-auto-approve")
    web = group(ec2, vpc["VpcId"], "web")
    assert sorted((p["FromPort"], p["ToPort"]) for p in web["IpPermissions"]) == [(443, 443), (8080, 8081)]
    assert {t["Key"]: t["Value"] for t in web["Tags"]} == {"Tier": "web", "Owner": "platform"}
    eni = ec2.describe_network_interfaces(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["NetworkInterfaces"][0]
    assert sorted(g["GroupId"] for g in eni["Groups"]) == sorted([web["GroupId"], db["GroupId"]])
    entries = ec2.get_managed_prefix_list_entries(PrefixListId=office["PrefixListId"])["Entries"]
    assert sorted(e["Cidr"] for e in entries) == ["192.0.2.0/24", "198.51.100.0/24"]
    tf.ok("plan", "-detailed-exitcode")

    tf.ok("destroy", "-auto-approve")
    assert ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["tf-main"]}])["Vpcs"] == []
    assert ec2.describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": ["office"]}])["PrefixLists"] == []
    names = {g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"]}
    assert "web" not in names and "db" not in names


DATA_SOURCES = """
data "aws_vpc" "default" { default = true }
data "aws_subnets" "default" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default.id]
  }
}
data "aws_availability_zones" "all" {}
data "aws_caller_identity" "me" {}
resource "aws_security_group" "app" {
  name_prefix = "app-"
  vpc_id      = data.aws_vpc.default.id
  ingress {
    from_port   = -1
    to_port     = -1
    protocol    = "icmp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
data "aws_security_groups" "in_default_vpc" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default.id]
  }
  depends_on = [aws_security_group.app]
}
output "vpc" { value = data.aws_vpc.default.id }
output "subnets" { value = data.aws_subnets.default.ids }
output "zones" { value = data.aws_availability_zones.all.names }
output "account" { value = data.aws_caller_identity.me.account_id }
output "groups" { value = data.aws_security_groups.in_default_vpc.ids }
output "app" { value = aws_security_group.app.id }
"""


def test_terraform_data_sources_of_the_default_vpc(ec2, endpoint, tmp_path):
    """The lookups modules start from: the default VPC (which the provider finds with the old filter name
    `isDefault`), its subnets, the zones, the caller's account, the groups of a VPC."""
    tf = Terraform(tmp_path, endpoint)
    tf.write(DATA_SOURCES)
    tf.ok("init", variables=False)
    tf.ok("apply", "-auto-approve")
    values = tf.outputs()
    default_vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    assert values["vpc"] == default_vpc
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [default_vpc]}])["Subnets"]
    assert sorted(values["subnets"]) == sorted(s["SubnetId"] for s in subnets) and values["subnets"]
    assert values["zones"] == sorted(z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"])
    assert values["account"] == ACCOUNT
    default_group = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [default_vpc]},
                                                          {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
    assert sorted(values["groups"]) == sorted([default_group["GroupId"], values["app"]])
    assert values["app"].startswith("sg-")
    tf.ok("plan", "-detailed-exitcode")
    tf.ok("destroy", "-auto-approve")


IPV6_AND_DEFAULTS = """
variable "suffix" {
  type    = string
  default = "a"
}
resource "aws_vpc" "v6" {
  cidr_block                       = "10.40.0.0/16"
  assign_generated_ipv6_cidr_block = true
}
resource "aws_subnet" "s" {
  vpc_id                          = aws_vpc.v6.id
  cidr_block                      = "10.40.1.0/24"
  ipv6_cidr_block                 = cidrsubnet(aws_vpc.v6.ipv6_cidr_block, 8, 1)
  assign_ipv6_address_on_creation = true
  availability_zone               = "us-east-1b"
}
resource "aws_security_group" "alb" {
  name        = "alb-${var.suffix}"
  description = "alb"
  vpc_id      = aws_vpc.v6.id
}
resource "aws_security_group" "app" {
  name_prefix = "app-"
  description = "app"
  vpc_id      = aws_vpc.v6.id
  lifecycle { create_before_destroy = true }
}
# Rules of one group are either all inline or all separate resources: Terraform's own rule for both providers.
resource "aws_security_group_rule" "app_icmpv6" {
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  from_port         = 128
  to_port           = 0
  protocol          = "icmpv6"
  ipv6_cidr_blocks  = ["::/0"]
}
resource "aws_security_group_rule" "app_from_alb" {
  type                     = "ingress"
  security_group_id        = aws_security_group.app.id
  source_security_group_id = aws_security_group.alb.id
  from_port                = 8080
  to_port                  = 8080
  protocol                 = "tcp"
}
resource "aws_security_group_rule" "app_self" {
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  self              = true
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
}
resource "aws_network_interface" "n" {
  subnet_id          = aws_subnet.s.id
  ipv6_address_count = 1
  security_groups    = [aws_security_group.app.id]
}
resource "aws_default_security_group" "d" {
  vpc_id = aws_vpc.v6.id
}
data "aws_ec2_managed_prefix_list" "s3" {
  name = "com.amazonaws.us-east-1.s3"
}
resource "aws_vpc_security_group_egress_rule" "app_to_s3" {
  security_group_id = aws_security_group.app.id
  prefix_list_id    = data.aws_ec2_managed_prefix_list.s3.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}
output "alb" { value = aws_security_group.alb.id }
output "app" { value = aws_security_group.app.id }
output "ipv6" { value = aws_network_interface.n.ipv6_addresses }
output "subnet_ipv6" { value = aws_subnet.s.ipv6_cidr_block }
"""


def test_terraform_ipv6_replacement_and_default_group(ec2, endpoint, tmp_path):
    """An IPv6 VPC, subnet and interface; a group replaced (renamed) while another group's rule refers to it;
    self and ICMPv6 rules; the VPC's default group adopted; an AWS-managed prefix list as a peer."""
    tf = Terraform(tmp_path, endpoint)
    tf.write(IPV6_AND_DEFAULTS)
    tf.ok("init", variables=False)

    tf.ok("apply", "-auto-approve")
    first = tf.outputs()
    [address] = first["ipv6"]
    subnet = ec2.describe_subnets(Filters=[{"Name": "ipv6-cidr-block-association.ipv6-cidr-block",
                                            "Values": [first["subnet_ipv6"]]}])["Subnets"][0]
    assert subnet["AssignIpv6AddressOnCreation"] is True
    eni = ec2.describe_network_interfaces(Filters=[{"Name": "subnet-id", "Values": [subnet["SubnetId"]]}])["NetworkInterfaces"][0]
    assert [a["Ipv6Address"] for a in eni["Ipv6Addresses"]] == [address]
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [first["app"]]}])["SecurityGroupRules"]
    s3 = ec2.describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name",
                                                     "Values": ["com.amazonaws.us-east-1.s3"]}])["PrefixLists"][0]
    peers = sorted((r["IsEgress"], r["IpProtocol"], r.get("CidrIpv6") or r.get("PrefixListId")
                    or r["ReferencedGroupInfo"]["GroupId"]) for r in rules)
    assert peers == sorted([(False, "icmpv6", "::/0"), (False, "tcp", first["alb"]), (False, "tcp", first["app"]),
                            (True, "tcp", s3["PrefixListId"])])
    tf.ok("plan", "-detailed-exitcode")

    # Renaming the referenced group replaces it; the rule that refers to it is replaced too.
    tf.ok("apply", "-auto-approve", "-var=suffix=b")
    second = tf.outputs()
    assert second["alb"] != first["alb"] and second["app"] == first["app"]
    with pytest.raises(ClientError) as gone:
        ec2.describe_security_groups(GroupIds=[first["alb"]])
    assert gone.value.response["Error"]["Code"] == "InvalidGroup.NotFound"
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [second["app"]]}])["SecurityGroupRules"]
    assert second["alb"] in {r.get("ReferencedGroupInfo", {}).get("GroupId") for r in rules}
    tf.ok("plan", "-detailed-exitcode", "-var=suffix=b")
    tf.ok("destroy", "-auto-approve", "-var=suffix=b")
    assert ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.40.0.0/16"]}])["Vpcs"] == []
    assert ec2.describe_network_interfaces(Filters=[{"Name": "subnet-id", "Values": [subnet["SubnetId"]]}])["NetworkInterfaces"] == []
