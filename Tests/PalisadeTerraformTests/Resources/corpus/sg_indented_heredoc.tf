locals {
  banner = <<-EOT
    Security groups managed by Terraform.
      Environment: ${var.environment}
    Do not edit by hand.
    EOT
}

resource "aws_instance" "bastion" {
  ami                    = data.aws_ami.al2023.id
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.bastion.id]
  user_data              = <<-USERDATA
    #!/bin/bash
    echo "${local.banner}" > /etc/motd
    systemctl enable --now sshd
  USERDATA
}
