resource "aws_security_group" "bad" {
  name        = "bad"
  description = "Values AWS rejects"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.1/8"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/33"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tpc"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    from_port   = 443
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["::/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "no_ports" {
  security_group_id = aws_security_group.bad.id
  cidr_ipv4         = "10.0.0.0/8"
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "two_peers" {
  security_group_id = aws_security_group.bad.id
  cidr_ipv4         = "10.0.0.0/8"
  cidr_ipv6         = "::/0"
  ip_protocol       = "-1"
}
