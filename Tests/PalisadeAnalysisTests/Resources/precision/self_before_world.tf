resource "aws_security_group" "cluster" {
  name        = "prod-shop-app-cluster"
  description = "Cluster nodes"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    description = "Node to node"
    from_port   = 0
    to_port     = 65535
    protocol    = "tcp"
    self        = true
  }

  ingress {
    description = "SSH from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
