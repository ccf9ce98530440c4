resource "aws_security_group" "rds" {
  name_prefix = "${var.identifier}-rds-"
  description = "Controls access to ${var.identifier}"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { "Name" = "${var.identifier}-rds" })

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [description]
  }
}

resource "aws_security_group_rule" "rds_ingress" {
  for_each = { for idx, sg in var.allowed_security_groups : idx => sg }

  type                     = "ingress"
  from_port                = var.port
  to_port                  = var.port
  protocol                 = "tcp"
  source_security_group_id = each.value
  security_group_id        = aws_security_group.rds.id
  description              = "From ${each.value} (${each.key})"
}

resource "aws_db_instance" "main" {
  identifier             = var.identifier
  engine                 = "postgres"
  engine_version         = "16.3"
  instance_class         = "db.t4g.medium"
  allocated_storage      = 20
  vpc_security_group_ids = concat([aws_security_group.rds.id], var.extra_security_group_ids)
  port                   = var.port
  skip_final_snapshot    = var.environment != "prod"
}
