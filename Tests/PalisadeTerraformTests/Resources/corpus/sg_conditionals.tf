variable "enable_ssh" {
  type    = bool
  default = false
}

resource "aws_security_group_rule" "ssh" {
  count             = var.enable_ssh ? 1 : 0
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = var.environment == "prod" ? var.vpn_cidrs : ["0.0.0.0/0"]
  security_group_id = aws_security_group.app.id
}

locals {
  db_port      = var.engine == "postgres" ? 5432 : var.engine == "mysql" ? 3306 : 1433
  needs_egress = !var.isolated && (var.environment != "prod" || var.allow_prod_egress)
  range_ok     = var.port >= 1024 && var.port <= 65535
}
