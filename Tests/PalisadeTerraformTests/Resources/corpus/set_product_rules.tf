locals {
  ports    = [80, 443]
  cidrs    = ["10.0.0.0/16", "10.1.0.0/16"]
  products = setproduct(local.ports, local.cidrs)
  rule_map = {
    for pair in local.products : "${pair[0]}_${replace(pair[1], "/", "_")}" => {
      port = pair[0]
      cidr = pair[1]
    }
  }
}

resource "aws_security_group_rule" "product" {
  for_each          = local.rule_map
  type              = "ingress"
  from_port         = each.value.port
  to_port           = each.value.port
  protocol          = "tcp"
  cidr_blocks       = [each.value.cidr]
  security_group_id = aws_security_group.app.id
}
