locals {
  port_string  = tostring(var.port)
  port_number  = tonumber("8080")
  as_list      = tolist(toset(var.cidrs))
  as_map       = tomap({ a = "1", b = "2" })
  zipped       = zipmap(var.names, var.ports)
  keys_only    = keys(local.zipped)
  values_only  = values(local.zipped)
  index_of     = index(var.names, "web")
  has_web      = contains(var.names, "web")
  first_nonnil = coalescelist(var.overrides, var.defaults)
  maybe        = try(var.settings.optional_port, 8080)
  lengths      = [length("abc"), length([1, 2]), length({ a = 1 })]
  math         = [abs(-5), ceil(1.2), floor(1.8), min(3, 1, 2)]
  range_list   = range(1, 10, 3)
}
