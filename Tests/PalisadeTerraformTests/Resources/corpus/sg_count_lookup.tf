variable "rules" {
  type = list(map(string))
  default = [
    { type = "https", cidr = "0.0.0.0/0" },
    { type = "ssh", cidr = "10.1.0.0/16" },
    { type = "postgres" },
  ]
}

locals {
  ports = {
    https    = 443
    ssh      = 22
    postgres = 5432
  }
  default_cidr = "10.0.0.0/8"
}

resource "aws_security_group_rule" "from_rules" {
  count             = length(var.rules)
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  from_port         = lookup(local.ports, var.rules[count.index]["type"])
  to_port           = lookup(local.ports, var.rules[count.index]["type"], 0)
  protocol          = "tcp"
  cidr_blocks       = [lookup(var.rules[count.index], "cidr", local.default_cidr)]
  description       = "rule ${count.index + 1} of ${length(var.rules)}"
}
