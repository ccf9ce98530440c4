locals {
  a = local.b
  b = local.a
}

resource "aws_security_group" "loop" {
  name        = "loop"
  description = "Refers to itself"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    from_port       = 80
    to_port         = 80
    protocol        = "tcp"
    security_groups = [aws_security_group.loop.id]
  }
}

resource "aws_security_group" "a" {
  name        = "a"
  description = "a"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_security_group_rule" "a_from_b" {
  type                     = "ingress"
  from_port                = 80
  to_port                  = 80
  protocol                 = "tcp"
  security_group_id        = aws_security_group.a.id
  source_security_group_id = aws_security_group.b.id
}

resource "aws_security_group" "b" {
  name        = "b"
  description = "b"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_security_group_rule" "b_from_a" {
  type                     = "ingress"
  from_port                = 80
  to_port                  = 80
  protocol                 = "tcp"
  security_group_id        = aws_security_group.b.id
  source_security_group_id = aws_security_group.a.id
}
