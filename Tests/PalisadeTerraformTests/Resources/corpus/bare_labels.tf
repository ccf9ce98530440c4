resource aws_security_group bare {
  name   = "bare-labels"
  vpc_id = var.vpc_id
}

resource "aws_security_group_rule" mixed {
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.bare.id
}

module network {
  source = "./network"
}
