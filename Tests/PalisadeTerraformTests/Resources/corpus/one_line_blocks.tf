resource "aws_security_group" "tiny" {
  name = "tiny"
  timeouts { create = "5m" }
  lifecycle { prevent_destroy = true }
}

locals { single = "value" }

variable "empty" {}

resource "null_resource" "noop" {}

terraform { required_version = ">= 1.3" }
