# Hash comment
// Double-slash comment
/* Block comment */
/*
 * Multi-line block comment with "quotes" and { braces }
 */
resource "aws_security_group" "commented" { # trailing hash
  name = "commented" // trailing slashes
  /* inline */ vpc_id = var.vpc_id

  ingress {
    from_port = 22 /* the SSH port */
    to_port   = 22
    protocol  = "tcp"
    cidr_blocks = [
      "10.0.0.0/8", # private
      # "192.168.0.0/16",
      "172.16.0.0/12", // also private
    ]
  }
}
