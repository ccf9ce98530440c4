variable "ingress_rules" {
  default = {
    ssh   = { port = 22, cidr_blocks = ["0.0.0.0/0"] }
    https = { port = 443, cidr_blocks = ["10.0.0.0/24"] }
  }
}

variable "rule_names" {
  default = ["postgres", "redis"]
}

locals {
  rules = {
    postgres = [5432, 5432, "tcp", "PostgreSQL"]
    redis    = [6379, 6379, "tcp", "Redis"]
  }
  peers = {
    world = "0.0.0.0/0"
    app   = "10.1.0.0/24"
  }
}

resource "aws_security_group" "dynamic" {
  name        = "prod-shop-app-dynamic"
  description = "Rules from a dynamic block"
  vpc_id      = "vpc-0123456789abcdef0"

  dynamic "ingress" {
    for_each = var.ingress_rules
    content {
      description = "${ingress.key} in"
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidr_blocks
    }
  }
}

resource "aws_security_group" "data" {
  name        = "prod-shop-data-cache"
  description = "Rules from count and for_each"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_security_group_rule" "from_table" {
  count             = length(var.rule_names)
  type              = "ingress"
  security_group_id = aws_security_group.data.id
  from_port         = lookup(local.rules, var.rule_names[count.index])[0]
  to_port           = lookup(local.rules, var.rule_names[count.index])[1]
  protocol          = lookup(local.rules, var.rule_names[count.index])[2]
  description       = lookup(local.rules, var.rule_names[count.index])[3]
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "per_peer" {
  for_each          = local.peers
  type              = "ingress"
  security_group_id = aws_security_group.data.id
  from_port         = 27017
  to_port           = 27017
  protocol          = "tcp"
  cidr_blocks       = [each.value]
  description       = "MongoDB from ${each.key}"
}
