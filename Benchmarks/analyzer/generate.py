#!/usr/bin/env python3
"""Generates a corpus of module-style Terraform examples with security groups. Deterministic (seeded).

No registry this project can reach ships real-world Terraform (checked: checkov, python-hcl2, bc-python-hcl2,
terraform-compliance and sarif tooling on PyPI; nothing in Debian), so the corpus is written here, in the shapes of
public modules' examples rather than one flat file per module:

- every example is a root module split over several files, as terraform-aws-modules' examples are: `versions.tf`
  (terraform and provider blocks), `variables.tf` (typed variables with defaults, descriptions and validation),
  `locals.tf` (names, merged tags, rule tables), `network.tf` (VPC, subnets with `count` and `cidrsubnet`),
  `security.tf`, `compute.tf` (instances, launch templates, load balancers, databases attached to the groups),
  `outputs.tf`, and sometimes a `terraform.tfvars`;
- rules are built as the security-group module builds them: a named-rule table (`"ssh-tcp" = [22, 22, "tcp",
  "SSH"]`) read with `count` + `lookup`/`element`, `dynamic` ingress/egress blocks over maps, `for_each` over
  `toset(...)` of CIDRs and over maps with `each.value`, `aws_vpc_security_group_ingress_rule`, inline blocks,
  conditionals and `concat`/`merge`/`flatten`;
- every example calls a shared module, `modules/security-group` at the corpus root, two to four times (`sg.tf`), as
  the security-group module's own examples call it with `source = "../../"`: its `main.tf` builds rules with `count`
  over lists of rule names and of maps, with `lookup`, `split`/`compact`/`join` and a rule table in `rules.tf`, as
  terraform-aws-modules/security-group (Apache-2.0) does; nothing of that module is copied but the shape and the
  well-known rule names;
- some examples also call a local child module (`modules/bastion`) with arguments.

About a third of the examples carry defects of the kinds checkov and Palisade report (world-open SSH/RDP/database
ports, all ports, unused groups, unrestricted egress)."""

import argparse
import random
from pathlib import Path

APPS = ["shop", "billing", "search", "auth", "media", "reports", "crm", "chat", "etl", "api"]
ENVS = ["prod", "staging", "dev"]
DB = [("mysql-tcp", 3306), ("postgresql-tcp", 5432), ("mssql-tcp", 1433), ("oracle-db-tcp", 1521),
      ("redis-tcp", 6379), ("mongodb-27017-tcp", 27017), ("elasticsearch-rest-tcp", 9200)]

# The named-rule table of terraform-aws-modules/security-group (rules.tf), abridged: [from, to, protocol, description].
RULES = {
    "all-all": [-1, -1, "-1", "All protocols"],
    "http-80-tcp": [80, 80, "tcp", "HTTP"],
    "https-443-tcp": [443, 443, "tcp", "HTTPS"],
    "ssh-tcp": [22, 22, "tcp", "SSH"],
    "rdp-tcp": [3389, 3389, "tcp", "Remote Desktop"],
    "mysql-tcp": [3306, 3306, "tcp", "MySQL/Aurora"],
    "postgresql-tcp": [5432, 5432, "tcp", "PostgreSQL"],
    "mssql-tcp": [1433, 1433, "tcp", "MSSQL Server"],
    "oracle-db-tcp": [1521, 1521, "tcp", "Oracle"],
    "redis-tcp": [6379, 6379, "tcp", "Redis"],
    "mongodb-27017-tcp": [27017, 27017, "tcp", "MongoDB"],
    "elasticsearch-rest-tcp": [9200, 9200, "tcp", "Elasticsearch REST interface"],
    "prometheus-9090-tcp": [9090, 9090, "tcp", "Prometheus"],
    "node-exporter-9100-tcp": [9100, 9100, "tcp", "Node exporter"],
    "kubernetes-api-tcp": [6443, 6443, "tcp", "Kubernetes API Server"],
    "dns-udp": [53, 53, "udp", "DNS"],
    "ntp-udp": [123, 123, "udp", "NTP"],
    "http-8080-tcp": [8080, 8080, "tcp", "HTTP"],
    "https-8443-tcp": [8443, 8443, "tcp", "HTTPS"],
    "grafana-tcp": [3000, 3000, "tcp", "Grafana Dashboard"],
    "kafka-broker-tcp": [9092, 9092, "tcp", "Kafka PLAINTEXT enable broker 0.8.2+"],
    "kafka-broker-tls-tcp": [9094, 9094, "tcp", "Kafka TLS enabled broker 0.8.2+"],
    "zookeeper-2181-tcp": [2181, 2181, "tcp", "Zookeeper"],
    "memcached-tcp": [11211, 11211, "tcp", "Memcached"],
    "cassandra-clients-tcp": [9042, 9042, "tcp", "Cassandra clients"],
    "rabbitmq-5672-tcp": [5672, 5672, "tcp", "RabbitMQ"],
    "nfs-tcp": [2049, 2049, "tcp", "NFS/EFS"],
    "ldap-tcp": [389, 389, "tcp", "LDAP"],
    "ldaps-tcp": [636, 636, "tcp", "LDAPS"],
    "smtp-submission-587-tcp": [587, 587, "tcp", "SMTP Submission"],
    "consul-tcp": [8300, 8300, "tcp", "Consul server"],
    "nomad-http-tcp": [4646, 4646, "tcp", "Nomad HTTP"],
    "vault-tcp": [8200, 8200, "tcp", "Vault"],
    "etcd-client-tcp": [2379, 2379, "tcp", "Etcd Client"],
    "docker-swarm-mngmt-tcp": [2377, 2377, "tcp", "Docker Swarm cluster management"],
    "winrm-https-tcp": [5986, 5986, "tcp", "WinRM HTTPS"],
    "openvpn-udp": [1194, 1194, "udp", "OpenVPN"],
    "ipsec-500-udp": [500, 500, "udp", "IPSEC ISAKMP"],
    "all-icmp": [-1, -1, "icmp", "All IPV4 ICMP"],
    "all-tcp": [0, 65535, "tcp", "All TCP ports"],
    "all-udp": [0, 65535, "udp", "All UDP ports"],
    "_": ["", "", "", ""],
}


def hcl(value):
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(hcl(v) for v in value) + "]"
    return str(value)


def versions():
    return """terraform {
  required_version = ">= 1.3"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      ManagedBy = "terraform"
    }
  }
}
"""


def variables(env, app, index, admin_cidrs, app_port, named_rules, world_named):
    rule_list = ", ".join(f'"{r}"' for r in named_rules)
    return f"""variable "region" {{
  description = "AWS region to deploy into"
  type        = string
  default     = "eu-west-1"
}}

variable "environment" {{
  description = "Deployment environment"
  type        = string
  default     = "{env}"

  validation {{
    condition     = contains(["prod", "staging", "dev"], var.environment)
    error_message = "The environment must be prod, staging or dev."
  }}
}}

variable "application" {{
  description = "Application name, used in names and tags"
  type        = string
  default     = "{app}"
}}

variable "vpc_cidr" {{
  description = "CIDR block of the VPC"
  type        = string
  default     = "10.{index % 250}.0.0/16"
}}

variable "az_count" {{
  description = "Number of availability zones"
  type        = number
  default     = {2 + index % 2}
}}

variable "admin_cidrs" {{
  description = "Networks allowed to administer the hosts"
  type        = list(string)
  default     = {hcl(admin_cidrs)}
}}

variable "app_port" {{
  description = "Port the application listens on"
  type        = number
  default     = {app_port}
}}

variable "ingress_rules" {{
  description = "Named rules (see local.rules) opened to ingress_cidr_blocks"
  type        = list(string)
  default     = [{rule_list}]
}}

variable "ingress_cidr_blocks" {{
  description = "IPv4 CIDR ranges for the named ingress rules"
  type        = list(string)
  default     = {hcl(["0.0.0.0/0"] if world_named else ["10.0.0.0/8"])}
}}

variable "enable_bastion" {{
  description = "Create a bastion host group"
  type        = bool
  default     = {str(index % 3 == 0).lower()}
}}

variable "tags" {{
  description = "Additional tags"
  type        = map(string)
  default = {{
    Owner      = "team-{app}"
    CostCenter = "cc-{1000 + index % 37}"
  }}
}}
"""


def locals_tf(db_rule):
    table = "\n".join(f'    {name:<24}= {hcl(spec)}' for name, spec in RULES.items())
    return f"""locals {{
  name = "${{var.environment}}-${{var.application}}"

  common_tags = merge(var.tags, {{
    Environment = var.environment
    Application = var.application
  }})

  # Named rules as the security-group module defines them: [from_port, to_port, protocol, description].
  rules = {{
{table}
  }}

  public_ingress = {{
    https = {{ port = 443, description = "HTTPS from the internet" }}
    http  = {{ port = 80, description = "HTTP redirect to HTTPS" }}
  }}

  db_rule = "{db_rule}"
  private_subnets = [for i in range(var.az_count) : cidrsubnet(var.vpc_cidr, 8, i)]
}}
"""


def network():
    return """resource "aws_vpc" "this" {
  cidr_block           = var.vpc_cidr
  enable_dns_hostnames = true

  tags = merge(local.common_tags, { Name = local.name })
}

resource "aws_subnet" "private" {
  count             = var.az_count
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, count.index)
  availability_zone = format("%s%s", var.region, element(["a", "b", "c"], count.index))

  tags = merge(local.common_tags, { Name = format("%s-private-%d", local.name, count.index) })
}
"""


def group(resource, tier, function, description, body=""):
    return f"""
resource "aws_security_group" "{resource}" {{
  name        = "${{local.name}}-{tier}-{function}"
  description = "{description}"
  vpc_id      = aws_vpc.this.id
{body}
  tags = merge(local.common_tags, {{ Tier = "{tier}" }})
}}
"""


def security(rng, db_port, defects):
    parts = []
    alb_body = """
  dynamic "ingress" {
    for_each = local.public_ingress
    content {
      description = ingress.value.description
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  egress {
    description     = "to the application"
    from_port       = var.app_port
    to_port         = var.app_port
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
"""
    parts.append(group("alb", "lb", "public", "Load balancer for ${local.name}", alb_body))
    app_egress = """
  egress {
    description = "all outbound"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
""" if "app-egress-world" in defects else """
  egress {
    description = "HTTPS to AWS APIs"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }
"""
    parts.append(group("app", "app", "service", "Application servers for ${local.name}", app_egress))
    parts.append("""
resource "aws_security_group_rule" "app_from_alb" {
  type                     = "ingress"
  description              = "application port from the load balancer"
  from_port                = var.app_port
  to_port                  = var.app_port
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.alb.id
  security_group_id        = aws_security_group.app.id
}

# Named rules, as terraform-aws-modules/security-group's ingress_rules builds them.
resource "aws_security_group_rule" "ingress_rules" {
  count = length(var.ingress_rules)

  security_group_id = aws_security_group.app.id
  type              = "ingress"
  cidr_blocks       = var.ingress_cidr_blocks
  description       = element(local.rules[var.ingress_rules[count.index]], 3)
  from_port         = element(local.rules[var.ingress_rules[count.index]], 0)
  to_port           = element(local.rules[var.ingress_rules[count.index]], 1)
  protocol          = lookup(local.rules, var.ingress_rules[count.index])[2]
}

resource "aws_vpc_security_group_ingress_rule" "admin_ssh" {
  for_each = toset(var.admin_cidrs)

  security_group_id = aws_security_group.app.id
  description       = "SSH from ${each.value}"
  cidr_ipv4         = each.value
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}
""")
    db_body = f"""
  ingress {{
    description     = "database from the application"
    from_port       = element(local.rules[local.db_rule], 0)
    to_port         = element(local.rules[local.db_rule], 1)
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }}
"""
    if "db-world" in defects:
        db_body += f"""
  ingress {{
    description = "database from anywhere (temporary)"
    from_port   = {db_port}
    to_port     = {db_port}
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}
"""
    if "db-egress-world" in defects:
        db_body += """
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
"""
    parts.append(group("db", "data", "database", "Database for ${local.name}", db_body))
    peers = {"monitoring": "10.200.0.0/16", "vpn": "10.250.0.0/16"}
    if "metrics-world" in defects:
        peers["anywhere"] = "0.0.0.0/0"
    peer_map = "\n".join(f'    {k:<10} = "{v}"' for k, v in peers.items())
    parts.append(f"""
locals {{
  metrics_peers = {{
{peer_map}
  }}
}}

resource "aws_security_group_rule" "metrics" {{
  for_each = local.metrics_peers

  type              = "ingress"
  security_group_id = aws_security_group.app.id
  description       = "node exporter from ${{each.key}}"
  from_port         = local.rules["node-exporter-9100-tcp"][0]
  to_port           = local.rules["node-exporter-9100-tcp"][1]
  protocol          = "tcp"
  cidr_blocks       = [each.value]
}}
""")
    if "all-ports" in defects:
        parts.append("""
resource "aws_security_group_rule" "debug" {
  type              = "ingress"
  description       = "debugging, remove after the incident"
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.app.id
}
""")
    if "unused" in defects:
        parts.append(group("legacy", "misc", "legacy", "Legacy group kept for rollback", """
  ingress {
    description = "legacy range"
    from_port   = 8000
    to_port     = 8999
    protocol    = "tcp"
    cidr_blocks = ["172.16.0.0/12"]
  }
"""))
    return "".join(parts)


def compute(bastion_module):
    text = """data "aws_ami" "linux" {
  most_recent = true
  owners      = ["amazon"]
}

resource "aws_lb" "this" {
  name               = local.name
  load_balancer_type = "application"
  security_groups    = [aws_security_group.alb.id]
  subnets            = aws_subnet.private[*].id
}

resource "aws_launch_template" "app" {
  name_prefix            = "${local.name}-app-"
  image_id               = data.aws_ami.linux.id
  instance_type          = var.environment == "prod" ? "m6i.large" : "t3.small"
  vpc_security_group_ids = [aws_security_group.app.id]

  tag_specifications {
    resource_type = "instance"
    tags          = local.common_tags
  }
}

resource "aws_db_instance" "this" {
  identifier             = local.name
  engine                 = "postgres"
  instance_class         = "db.t3.medium"
  allocated_storage      = 20
  vpc_security_group_ids = [aws_security_group.db.id]
  skip_final_snapshot    = var.environment != "prod"
}
"""
    if bastion_module:
        text += """
module "bastion" {
  source = "./modules/bastion"
  count  = var.enable_bastion ? 1 : 0

  name        = "${local.name}-mgmt-bastion"
  vpc_id      = aws_vpc.this.id
  subnet_id   = aws_subnet.private[0].id
  ssh_cidrs   = var.admin_cidrs
  target_sg   = aws_security_group.app.id
  tags        = local.common_tags
}
"""
    return text


def outputs(bastion_module):
    text = """output "alb_security_group_id" {
  description = "ID of the load balancer's group"
  value       = aws_security_group.alb.id
}

output "app_security_group_id" {
  description = "ID of the application group"
  value       = aws_security_group.app.id
}

output "db_security_group_id" {
  description = "ID of the database group"
  value       = aws_security_group.db.id
}
"""
    if bastion_module:
        text += """
output "bastion_security_group_id" {
  description = "ID of the bastion's group, when created"
  value       = try(module.bastion[0].security_group_id, null)
}
"""
    return text


def bastion_module_files(world_ssh):
    return {
        "variables.tf": """variable "name" {
  description = "Name of the bastion's group"
  type        = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_id" {
  type = string
}

variable "ssh_cidrs" {
  description = "Who may open SSH sessions"
  type        = list(string)
  default     = []
}

variable "target_sg" {
  description = "The group the bastion administers"
  type        = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
""",
        "main.tf": """resource "aws_security_group" "bastion" {
  name        = var.name
  description = "Bastion host"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Tier = "mgmt" })
}

resource "aws_security_group_rule" "ssh_in" {
  type              = "ingress"
  description       = "SSH to the bastion"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = """ + ('["0.0.0.0/0"]' if world_ssh else 'length(var.ssh_cidrs) > 0 ? var.ssh_cidrs : ["10.0.0.0/8"]') + """
  security_group_id = aws_security_group.bastion.id
}

resource "aws_security_group_rule" "ssh_out" {
  type                     = "egress"
  description              = "SSH to the administered hosts"
  from_port                = 22
  to_port                  = 22
  protocol                 = "tcp"
  source_security_group_id = var.target_sg
  security_group_id        = aws_security_group.bastion.id
}

resource "aws_network_interface" "bastion" {
  subnet_id       = var.subnet_id
  security_groups = [aws_security_group.bastion.id]
  description     = "bastion"
}
""",
        "outputs.tf": """output "security_group_id" {
  description = "ID of the bastion's group"
  value       = aws_security_group.bastion.id
}
""",
    }


def security_group_module():
    """The shared module, in the shape of terraform-aws-modules/security-group's root module."""
    rules = "\n".join(f'    {hcl(name):<28}= {hcl(spec)}' for name, spec in RULES.items())
    variables = """variable "create" {
  description = "Whether to create the security group and its rules"
  type        = bool
  default     = true
}

variable "name" {
  description = "Name of the security group"
  type        = string
}

variable "description" {
  description = "Description of the security group"
  type        = string
  default     = "Security Group managed by Terraform"
}

variable "vpc_id" {
  description = "ID of the VPC where to create the security group"
  type        = string
}

variable "tags" {
  description = "Tags of the security group"
  type        = map(string)
  default     = {}
}
""" + "".join(f"""
variable "{name}" {{
  description = "{text}"
  type        = {kind}
  default     = {default}
}}
""" for name, text, kind, default in [
        ("ingress_rules", "Names of ingress rules to create for all ingress_cidr_blocks", "list(string)", "[]"),
        ("ingress_cidr_blocks", "IPv4 CIDR ranges of all ingress rules", "list(string)", "[]"),
        ("ingress_with_cidr_blocks", "Ingress rules with their own CIDR blocks", "list(map(string))", "[]"),
        ("ingress_with_source_security_group_id", "Ingress rules from other security groups", "list(map(string))", "[]"),
        ("egress_rules", "Names of egress rules to create for all egress_cidr_blocks", "list(string)", "[]"),
        ("egress_cidr_blocks", "IPv4 CIDR ranges of all egress rules", "list(string)", '["0.0.0.0/0"]'),
        ("egress_with_cidr_blocks", "Egress rules with their own CIDR blocks", "list(map(string))", "[]"),
    ])
    def from_table(var, index_expr, column, key):
        return f'lookup({var}[{index_expr}], "{key}", var.rules[lookup({var}[{index_expr}], "rule", "_")][{column}])'
    def with_cidrs(resource, var, kind, cidr_var):
        return f"""
resource "aws_security_group_rule" "{resource}" {{
  count = var.create ? length(var.{var}) : 0

  security_group_id = aws_security_group.this[0].id
  type              = "{kind}"
  cidr_blocks       = compact(split(",", lookup(var.{var}[count.index], "cidr_blocks", join(",", var.{cidr_var}))))
  description       = lookup(var.{var}[count.index], "description", "{kind.capitalize()} Rule")
  from_port         = {from_table("var." + var, "count.index", 0, "from_port")}
  to_port           = {from_table("var." + var, "count.index", 1, "to_port")}
  protocol          = {from_table("var." + var, "count.index", 2, "protocol")}
}}
"""
    def named_rules(kind):
        return f"""resource "aws_security_group_rule" "{kind}_rules" {{
  count = var.create ? length(var.{kind}_rules) : 0

  security_group_id = aws_security_group.this[0].id
  type              = "{kind}"
  cidr_blocks       = var.{kind}_cidr_blocks
  description       = var.rules[var.{kind}_rules[count.index]][3]
  from_port         = var.rules[var.{kind}_rules[count.index]][0]
  to_port           = var.rules[var.{kind}_rules[count.index]][1]
  protocol          = var.rules[var.{kind}_rules[count.index]][2]
}}
"""
    main = """resource "aws_security_group" "this" {
  count = var.create ? 1 : 0

  name        = var.name
  description = var.description
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { "Name" = var.name })
}

# Security group rules with "cidr_blocks" and a rule name from the table
""" + named_rules("ingress") + with_cidrs("ingress_with_cidr_blocks", "ingress_with_cidr_blocks", "ingress", "ingress_cidr_blocks") + f"""
# Security group rules with "source_security_group_id"
resource "aws_security_group_rule" "ingress_with_source_security_group_id" {{
  count = var.create ? length(var.ingress_with_source_security_group_id) : 0

  security_group_id        = aws_security_group.this[0].id
  type                     = "ingress"
  source_security_group_id = var.ingress_with_source_security_group_id[count.index]["source_security_group_id"]
  description              = lookup(var.ingress_with_source_security_group_id[count.index], "description", "Ingress Rule")
  from_port                = {from_table("var.ingress_with_source_security_group_id", "count.index", 0, "from_port")}
  to_port                  = {from_table("var.ingress_with_source_security_group_id", "count.index", 1, "to_port")}
  protocol                 = {from_table("var.ingress_with_source_security_group_id", "count.index", 2, "protocol")}
}}

""" + named_rules("egress") + with_cidrs("egress_with_cidr_blocks", "egress_with_cidr_blocks", "egress", "egress_cidr_blocks")
    return {
        "main.tf": main,
        "variables.tf": variables,
        "rules.tf": f"""variable "rules" {{
  description = "Map of known security group rules (define as 'name' = ['from port', 'to port', 'protocol', 'description'])"
  type        = map(list(any))

  # Protocols (tcp, udp, icmp, all - are allowed keywords) or numbers (from https://www.iana.org/assignments/protocol-numbers/protocol-numbers.xhtml):
  # All = -1, IPV4-ICMP = 1, TCP = 6, UDP = 17, IPV6-ICMP = 58
  default = {{
{rules}
  }}
}}
""",
        "outputs.tf": """output "security_group_id" {
  description = "The ID of the security group"
  value       = try(aws_security_group.this[0].id, "")
}

output "security_group_name" {
  description = "The name of the security group"
  value       = try(aws_security_group.this[0].name, "")
}
""",
        "versions.tf": """terraform {
  required_version = ">= 1.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 3.29"
    }
  }
}
""",
    }


def module_calls(rng, tier_names):
    """Two to four calls of the shared module, as its examples make them."""
    calls = []
    services = rng.sample(["kafka-broker-tcp", "memcached-tcp", "grafana-tcp", "rabbitmq-5672-tcp", "vault-tcp",
                           "consul-tcp", "etcd-client-tcp", "nfs-tcp", "ldaps-tcp", "http-8080-tcp"], 4)
    for n in range(rng.randint(2, 4)):
        name = f"{tier_names[n % len(tier_names)]}_{n}"
        world = rng.random() < 0.15
        cidr = "0.0.0.0/0" if world else "10.0.0.0/8"
        named = [services[n], "https-443-tcp"] + (["all-icmp"] if rng.random() < 0.3 else [])
        calls.append(f"""
module "{name}_sg" {{
  source = "../modules/security-group"

  name        = "${{local.name}}-app-{name.replace('_', '-')}"
  description = "{services[n].split('-')[0]} service of ${{local.name}}"
  vpc_id      = aws_vpc.this.id

  ingress_cidr_blocks = ["{cidr}"]
  ingress_rules       = {hcl(named)}
  ingress_with_cidr_blocks = [
    {{
      from_port   = 8000
      to_port     = 8090
      protocol    = "tcp"
      description = "service ports"
      cidr_blocks = "10.10.0.0/16"
    }},
    {{
      rule        = "postgresql-tcp"
      cidr_blocks = "{'0.0.0.0/0' if rng.random() < 0.1 else '10.20.0.0/16,10.21.0.0/16'}"
    }},
  ]
  ingress_with_source_security_group_id = [
    {{
      rule                     = "https-443-tcp"
      source_security_group_id = aws_security_group.alb.id
    }},
  ]
  egress_rules = ["all-all"]

  tags = local.common_tags
}}
""")
    return "".join(calls)


def example(index, rng):
    env, app = rng.choice(ENVS), rng.choice(APPS)
    db_rule, db_port = rng.choice(DB)
    defects = set()
    roll = rng.random()
    named = ["https-443-tcp"]
    world_named = False
    if roll < 0.15:
        named.append("ssh-tcp")
        world_named = True
    elif roll < 0.25:
        named.append("rdp-tcp")
        world_named = True
    elif roll < 0.30:
        named.append("all-all")
        world_named = True
    elif roll < 0.40:
        named += ["prometheus-9090-tcp", "dns-udp"]
    for defect, chance in [("db-world", 0.2), ("app-egress-world", 0.5), ("db-egress-world", 0.15),
                           ("metrics-world", 0.1), ("all-ports", 0.1), ("unused", 0.1)]:
        if rng.random() < chance:
            defects.add(defect)
    admin = rng.choice([["10.8.0.0/16"], ["10.8.0.0/16", "192.168.10.0/24"], ["203.0.113.0/24"]])
    files = {
        "versions.tf": versions(),
        "variables.tf": variables(env, app, index, admin, rng.choice([8080, 8000, 3000, 9000]), named, world_named),
        "locals.tf": locals_tf(db_rule),
        "network.tf": network(),
        "security.tf": f"# {env}/{app}: groups of the three tiers\n" + security(rng, db_port, defects),
    }
    bastion_module = index % 2 == 0
    files["sg.tf"] = module_calls(rng, ["api", "worker", "cache", "queue"])
    files["compute.tf"] = compute(bastion_module)
    files["outputs.tf"] = outputs(bastion_module)
    children = bastion_module_files(rng.random() < 0.2) if bastion_module else {}
    if index % 4 == 1:
        files["terraform.tfvars"] = f'environment = "{env}"\ntags = {{\n  Owner = "team-{app}"\n  Project = "{app}"\n}}\n'
    return files, children


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--examples", type=int, default=64, help="root modules; each has 8 .tf files (11 with a child module)")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = Path(args.directory)
    shared = root / "modules" / "security-group"
    shared.mkdir(parents=True, exist_ok=True)
    for name, text in security_group_module().items():
        (shared / name).write_text(text)
    for index in range(args.examples):
        directory = root / f"e{index:04d}"
        files, children = example(index, rng)
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (directory / name).write_text(text)
        if children:
            (directory / "modules" / "bastion").mkdir(parents=True, exist_ok=True)
            for name, text in children.items():
                (directory / "modules" / "bastion" / name).write_text(text)


if __name__ == "__main__":
    main()
