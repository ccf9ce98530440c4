resource "aws_ec2_managed_prefix_list" "office" {
  name           = "office"
  address_family = "IPv4"
  max_entries    = 2

  entry {
    cidr        = "192.0.2.0/24"
    description = "HQ"
  }
  entry {
    cidr = "198.51.100.0/25"
  }
}

resource "aws_security_group" "app" {
  name        = "prod-shop-app-api"
  description = "App servers"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_security_group" "lb" {
  name        = "prod-shop-public-alb"
  description = "Load balancer"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_vpc_security_group_ingress_rule" "ssh_from_lb" {
  security_group_id            = aws_security_group.app.id
  referenced_security_group_id = aws_security_group.lb.id
  ip_protocol                  = "tcp"
  from_port                    = 22
  to_port                      = 22
  description                  = "SSH from the load balancer group"
}

resource "aws_vpc_security_group_ingress_rule" "ssh_from_office" {
  security_group_id = aws_security_group.app.id
  prefix_list_id    = aws_ec2_managed_prefix_list.office.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  description       = "SSH from the office"
}

resource "aws_vpc_security_group_ingress_rule" "web_v6" {
  security_group_id = aws_security_group.lb.id
  cidr_ipv6         = "::/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "HTTPS from the internet"
}
