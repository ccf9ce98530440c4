locals {
  base_port    = 8000
  offset       = 80
  http_port    = local.base_port + local.offset
  next_port    = local.http_port + 1
  scaled       = 2 * (local.offset + 10) - 5
  remainder    = 17 % 5
  half         = 10 / 4
  negative     = -1
  neg_expr     = -local.offset * 2
  precedence   = 1 + 2 * 3 - 4 / 2
  comparison   = 1 + 1 == 2 && 3 > 2 || false
  float_value  = 0.5
  exponent     = 1e3
  float_exp    = 2.5e2
}
