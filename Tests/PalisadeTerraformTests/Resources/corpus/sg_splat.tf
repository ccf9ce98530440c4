resource "aws_instance" "app" {
  count                  = 3
  ami                    = var.ami
  instance_type          = "t3.small"
  vpc_security_group_ids = [aws_security_group.app.id]
  subnet_id              = element(var.private_subnet_ids, count.index)
}

output "app_private_ips" {
  value = aws_instance.app[*].private_ip
}

output "app_ids_legacy" {
  value = aws_instance.app.*.id
}

output "first_app_ip" {
  value = aws_instance.app[0].private_ip
}

output "legacy_index" {
  value = aws_instance.app.0.id
}

output "ingress_ports" {
  value = aws_security_group.app.ingress[*].from_port
}
