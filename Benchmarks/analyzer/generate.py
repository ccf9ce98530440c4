#!/usr/bin/env python3
"""Generates a corpus of realistic Terraform files with security groups, modelled on the examples of public modules
(terraform-aws-modules/security-group, three-tier and microservice layouts): inline ingress/egress blocks,
aws_security_group_rule, aws_vpc_security_group_ingress_rule, group references, world-open admin and database
ports, broad ranges, and clean least-privilege groups. Deterministic (seeded)."""

import argparse
import random
from pathlib import Path

APPS = ["shop", "billing", "search", "auth", "media", "reports", "crm", "chat", "etl", "api"]
ENVS = ["prod", "staging", "dev"]
DB_PORTS = [3306, 5432, 1433, 1521, 6379, 27017, 9200]
WORLD = '["0.0.0.0/0"]'


def inline(direction, proto, lo, hi, source, desc):
    return f"""
  {direction} {{
    description = "{desc}"
    from_port   = {lo}
    to_port     = {hi}
    protocol    = "{proto}"
    {source}
  }}"""


def group(name, env, app, tier, blocks, vpc="aws_vpc.main.id"):
    return f"""
resource "aws_security_group" "{name}" {{
  name        = "{env}-{app}-{tier}-{name}"
  description = "{tier} tier for {app}"
  vpc_id      = {vpc}
{''.join(blocks)}

  tags = {{
    Environment = "{env}"
    Application = "{app}"
    Tier        = "{tier}"
    Owner       = "team-{app}"
  }}
}}
"""


def module_file(index, rng):
    env, app = rng.choice(ENVS), rng.choice(APPS)
    parts = [f'# generated module {index}: {env}/{app}\n',
             f'resource "aws_vpc" "main" {{\n  cidr_block = "10.{index % 250}.0.0/16"\n}}\n']
    egress_all = inline("egress", "-1", 0, 0, f"cidr_blocks = {WORLD}", "all outbound")
    alb = [inline("ingress", "tcp", 443, 443, f"cidr_blocks = {WORLD}", "https"),
           inline("ingress", "tcp", 80, 80, f"cidr_blocks = {WORLD}", "http"), egress_all]
    parts.append(group("alb", env, app, "lb", alb))
    web_src = "security_groups = [aws_security_group.alb.id]"
    web = [inline("ingress", "tcp", 8080, 8080, web_src, "app from alb")]
    db_port = rng.choice(DB_PORTS)
    defect = rng.random()
    if defect < 0.15:
        web.append(inline("ingress", "tcp", 22, 22, f"cidr_blocks = {WORLD}", "ssh from anywhere"))
    elif defect < 0.25:
        web.append(inline("ingress", "tcp", 3389, 3389, f"cidr_blocks = {WORLD}", "rdp from anywhere"))
    elif defect < 0.32:
        web.append(inline("ingress", "-1", 0, 0, f"cidr_blocks = {WORLD}", "everything"))
    elif defect < 0.40:
        web.append(inline("ingress", "tcp", 0, 65535, f"cidr_blocks = {WORLD}", "all tcp"))
    else:
        web.append(inline("ingress", "tcp", 22, 22, 'cidr_blocks = ["10.0.0.0/8"]', "ssh from vpn"))
    web.append(egress_all)
    parts.append(group("web", env, app, "app", web))
    db = [inline("ingress", "tcp", db_port, db_port, "security_groups = [aws_security_group.web.id]", "db from app")]
    if rng.random() < 0.2:
        db.append(inline("ingress", "tcp", db_port, db_port, f"cidr_blocks = {WORLD}", "db from anywhere"))
    parts.append(group("db", env, app, "data", db))
    # Standalone rule resources, as the security-group module generates them.
    for n in range(rng.randint(2, 6)):
        port = rng.choice([443, 8443, 9090, 9100, 6443, 2379, 53, db_port])
        world = rng.random() < 0.15
        source = f"cidr_blocks       = {WORLD}" if world else "source_security_group_id = aws_security_group.alb.id"
        parts.append(f"""
resource "aws_security_group_rule" "extra_{n}" {{
  type              = "ingress"
  description       = "extra {n}"
  from_port         = {port}
  to_port           = {port}
  protocol          = "tcp"
  {source}
  security_group_id = aws_security_group.web.id
}}
""")
    if rng.random() < 0.3:
        cidr = "0.0.0.0/0" if rng.random() < 0.4 else "10.20.0.0/16"
        parts.append(f"""
resource "aws_vpc_security_group_ingress_rule" "metrics" {{
  security_group_id = aws_security_group.web.id
  description       = "metrics"
  cidr_ipv4         = "{cidr}"
  from_port         = 9100
  ip_protocol       = "tcp"
  to_port           = 9100
}}
""")
    if rng.random() < 0.1:
        parts.append(group("unused", env, app, "misc", [inline("ingress", "tcp", 8000, 8999, 'cidr_blocks = ["172.16.0.0/12"]', "range")]))
    parts.append("""
resource "aws_instance" "web" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.web.id]
}
""")
    return "".join(parts)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--modules", type=int, default=500)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = Path(args.directory)
    for index in range(args.modules):
        module = root / f"m{index:04d}"
        module.mkdir(parents=True, exist_ok=True)
        (module / "main.tf").write_text(module_file(index, rng))


if __name__ == "__main__":
    main()
