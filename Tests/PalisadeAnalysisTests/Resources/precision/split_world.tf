resource "aws_security_group" "split" {
  name        = "prod-shop-app-windows"
  description = "The world in two halves"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    description = "RDP"
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/1", "128.0.0.0/1"]
  }
}
