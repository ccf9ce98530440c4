output "security_group_ids" {
  description = "All security group ids, by name"
  value       = { for name, sg in aws_security_group.services : name => sg.id }
}

output "rule_count" {
  value = length(aws_security_group_rule.pairs)
}

output "db_endpoint" {
  value     = aws_db_instance.main.endpoint
  sensitive = true
}

output "open_ports" {
  value = sort([for p in local.all_ports : tostring(p)])
}

output "lb_sg" {
  value = one(aws_security_group.lb[*].id)
}
