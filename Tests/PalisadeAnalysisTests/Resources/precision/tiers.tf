resource "aws_security_group" "lb" {
  name        = "prod-shop-public-alb"
  description = "Load balancer"
  vpc_id      = "vpc-0123456789abcdef0"
  tags        = { Tier = "public" }
}

resource "aws_security_group" "db" {
  name        = "prod-shop-data-postgres"
  description = "Database"
  vpc_id      = "vpc-0123456789abcdef0"
  tags        = { Tier = "data" }
}

resource "aws_vpc_security_group_egress_rule" "lb_to_db" {
  security_group_id            = aws_security_group.lb.id
  referenced_security_group_id = aws_security_group.db.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "Straight to the database"
}

resource "aws_vpc_security_group_ingress_rule" "db_from_lb" {
  security_group_id            = aws_security_group.db.id
  referenced_security_group_id = aws_security_group.lb.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "From the load balancer"
}

resource "aws_vpc_security_group_egress_rule" "db_out" {
  security_group_id = aws_security_group.db.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
  description       = "Everything out"
}

resource "aws_vpc_security_group_ingress_rule" "db_broad" {
  security_group_id = aws_security_group.db.id
  cidr_ipv4         = "10.0.0.0/8"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  description       = "Whole private range"
}

resource "aws_vpc_security_group_ingress_rule" "db_narrow" {
  security_group_id = aws_security_group.db.id
  cidr_ipv4         = "10.1.0.0/24"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  description       = "Covered by the /8"
}

resource "aws_instance" "api" {
  ami                    = "ami-12345678"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.lb.id]
}
