# Security group whose ingress rules come from a variable, through a dynamic block.
variable "ingress_rules" {
  description = "Ingress rules keyed by name"
  type = map(object({
    port        = number
    protocol    = string
    cidr_blocks = list(string)
  }))
  default = {
    https = { port = 443, protocol = "tcp", cidr_blocks = ["0.0.0.0/0"] }
    ssh   = { port = 22, protocol = "tcp", cidr_blocks = ["10.0.0.0/8"] }
  }
}

resource "aws_security_group" "web" {
  name        = "web-${var.environment}"
  description = "Web servers"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = var.ingress_rules
    content {
      description = ingress.key
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = ingress.value.protocol
      cidr_blocks = ingress.value.cidr_blocks
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
