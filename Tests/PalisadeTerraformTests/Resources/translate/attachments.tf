resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Web"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group" "lb" {
  name        = "lb"
  description = "Load balancer"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group" "extra" {
  name        = "extra"
  description = "Attached separately"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group" "unused" {
  name        = "unused"
  description = "Attached to nothing"
  vpc_id      = aws_vpc.main.id
}

resource "aws_instance" "web" {
  count                  = 2
  ami                    = "ami-12345678"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.app.id
  vpc_security_group_ids = [aws_security_group.web.id]
}

resource "aws_lb" "front" {
  name            = "front"
  subnets         = [aws_subnet.app.id]
  security_groups = [aws_security_group.lb.id]
}

resource "aws_network_interface" "extra" {
  subnet_id       = aws_subnet.app.id
  private_ips     = ["10.0.1.10"]
  security_groups = [aws_security_group.web.id]
}

resource "aws_network_interface_sg_attachment" "extra" {
  security_group_id    = aws_security_group.extra.id
  network_interface_id = aws_network_interface.extra.id
}

output "web_ids" {
  value = aws_instance.web[*].id
}
