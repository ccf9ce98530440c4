moved {
  from = aws_security_group.old_name
  to   = aws_security_group.new_name
}

import {
  to = aws_security_group.legacy
  id = "sg-0123456789abcdef0"
}

check "sg_has_rules" {
  assert {
    condition     = length(aws_security_group.legacy.ingress) > 0
    error_message = "The legacy group has no ingress rules."
  }
}

removed {
  from = aws_security_group.retired

  lifecycle {
    destroy = false
  }
}
