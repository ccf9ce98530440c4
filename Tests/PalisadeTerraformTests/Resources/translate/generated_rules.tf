variable "ingress_rules" {
  type = map(object({
    port        = number
    protocol    = optional(string, "tcp")
    cidr_blocks = list(string)
  }))
  default = {
    https = { port = 443, cidr_blocks = ["0.0.0.0/0"] }
    ssh   = { port = 22, cidr_blocks = ["10.0.0.0/8"] }
  }
}

variable "rule_names" {
  type    = list(string)
  default = ["postgres", "redis"]
}

locals {
  rules = {
    postgres = [5432, 5432, "tcp", "PostgreSQL"]
    redis    = [6379, 6379, "tcp", "Redis"]
  }
  peers = {
    app   = "10.1.0.0/16"
    batch = "10.2.0.0/16"
  }
}

resource "aws_security_group" "dynamic" {
  name        = "dynamic"
  description = "Rules from a dynamic block"
  vpc_id      = "vpc-0123456789abcdef0"

  dynamic "ingress" {
    for_each = var.ingress_rules
    iterator = rule
    content {
      description = "${rule.key} in"
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = rule.value.protocol
      cidr_blocks = rule.value.cidr_blocks
    }
  }
}

resource "aws_security_group" "data" {
  name        = "data"
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
  cidr_blocks       = ["10.0.0.0/16"]
}

resource "aws_security_group_rule" "per_peer" {
  for_each          = local.peers
  type              = "ingress"
  security_group_id = aws_security_group.data.id
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  cidr_blocks       = [each.value]
  description       = "PostgreSQL from ${each.key}"
}
