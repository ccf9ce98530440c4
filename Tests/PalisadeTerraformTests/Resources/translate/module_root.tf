module "web" {
  source      = "./modules/web"
  name        = "web"
  vpc_id      = "vpc-0123456789abcdef0"
  allowed     = ["192.0.2.0/24"]
}

module "missing" {
  source = "./modules/nowhere"
}

module "registry" {
  source  = "terraform-aws-modules/security-group/aws"
  version = "~> 5.1"
}

resource "aws_security_group" "db" {
  name        = "db"
  description = "Database"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [module.web.security_group_id]
  }

  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [module.registry.security_group_id]
  }
}
