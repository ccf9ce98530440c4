resource "aws_security_group" "open" {
  name        = "prod-shop-app-open"
  description = "Everything from everywhere"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    description = "All traffic"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}
