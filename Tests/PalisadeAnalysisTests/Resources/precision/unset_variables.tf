variable "admin_cidrs" {
  type = list(string)
}

resource "aws_security_group" "admin" {
  name        = "prod-shop-management-admin"
  description = "Admin access"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    description = "SSH from admins"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs
  }
}
