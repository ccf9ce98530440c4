resource "aws_security_group" "udp" {
  name        = "prod-shop-app-udp"
  description = "UDP on port 22 is not SSH"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    description = "UDP 22"
    from_port   = 22
    to_port     = 22
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
