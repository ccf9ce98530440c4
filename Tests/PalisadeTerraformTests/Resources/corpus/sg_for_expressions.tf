variable "services" {
  type = map(object({ port = number, public = bool }))
}

locals {
  public_services  = { for name, svc in var.services : name => svc if svc.public }
  service_ports    = [for svc in var.services : svc.port]
  ports_by_public  = { for name, svc in var.services : tostring(svc.public) => svc.port... }
  upper_names      = [for name in keys(var.services) : upper(name)]
  indexed          = { for i, name in var.names : name => i }
  rule_pairs = flatten([
    for name, svc in var.services : [
      for cidr in var.cidrs : {
        name = name
        port = svc.port
        cidr = cidr
      }
    ]
  ])
}

resource "aws_security_group_rule" "pairs" {
  for_each          = { for pair in local.rule_pairs : "${pair.name}-${pair.cidr}" => pair }
  type              = "ingress"
  from_port         = each.value.port
  to_port           = each.value.port
  protocol          = "tcp"
  cidr_blocks       = [each.value.cidr]
  security_group_id = aws_security_group.services[each.value.name].id
}
