data "aws_vpc" "main" {
  filter {
    name   = "tag:Name"
    values = ["main-${var.environment}"]
  }
}

data "aws_security_group" "shared" {
  name   = "shared-services"
  vpc_id = data.aws_vpc.main.id
}

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_ec2_managed_prefix_list" "cloudfront" {
  name = "com.amazonaws.global.cloudfront.origin-facing"
}

resource "aws_security_group_rule" "from_shared" {
  type                     = "ingress"
  from_port                = 9100
  to_port                  = 9100
  protocol                 = "tcp"
  security_group_id        = aws_security_group.app.id
  source_security_group_id = data.aws_security_group.shared.id
}
