variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "allowed" {
  type = list(string)
}

variable "port" {
  type    = number
  default = 443
}

resource "aws_security_group" "this" {
  name        = var.name
  description = "Managed by the web module"
  vpc_id      = var.vpc_id

  ingress {
    from_port   = var.port
    to_port     = var.port
    protocol    = "tcp"
    cidr_blocks = var.allowed
  }
}

output "security_group_id" {
  value = aws_security_group.this.id
}
