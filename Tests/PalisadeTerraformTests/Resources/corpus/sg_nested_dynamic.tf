variable "groups" {
  type = map(object({
    description = string
    rules = list(object({
      from     = number
      to       = number
      protocol = string
      cidrs    = list(string)
    }))
  }))
}

resource "aws_security_group" "this" {
  for_each    = var.groups
  name        = each.key
  description = each.value.description
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = each.value.rules
    iterator = rule
    content {
      from_port   = rule.value.from
      to_port     = rule.value.to
      protocol    = rule.value.protocol
      cidr_blocks = rule.value.cidrs
      description = "${each.key} rule ${rule.key}"
    }
  }

  dynamic "egress" {
    for_each = length(each.value.rules) > 0 ? [1] : []
    content {
      from_port   = 0
      to_port     = 0
      protocol    = "-1"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  tags = merge(var.tags, {
    Name = each.key
  })
}
