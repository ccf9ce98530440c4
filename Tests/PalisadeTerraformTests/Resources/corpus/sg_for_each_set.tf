variable "admin_cidrs" {
  type    = list(string)
  default = ["203.0.113.10/32", "198.51.100.0/24", "203.0.113.10/32"]
}

resource "aws_security_group_rule" "admin_ssh" {
  for_each          = toset(var.admin_cidrs)
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = [each.value]
  security_group_id = aws_security_group.bastion.id
  description       = "SSH from ${each.key}"
}

resource "aws_security_group" "bastion" {
  name_prefix = "bastion-"
  vpc_id      = data.aws_vpc.main.id

  lifecycle {
    create_before_destroy = true
  }
}
