variable "admin_cidrs" {
  type = list(string)
}

variable "db_port" {
  type = number
}

variable "vpc_id" {
  type = string
}

variable "extra_groups" {
  type    = set(string)
  default = ["a", "b"]
}

resource "aws_security_group" "admin" {
  name        = "admin"
  description = "Admin access"
  vpc_id      = var.vpc_id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs
  }

  ingress {
    from_port       = var.db_port
    to_port         = var.db_port
    protocol        = "tcp"
    security_groups = values(aws_security_group.peer)[*].id
  }
}

resource "aws_security_group" "peer" {
  for_each    = var.extra_groups
  name        = "peer-${each.key}"
  description = "Peer ${each.value}"
  vpc_id      = var.vpc_id
}
