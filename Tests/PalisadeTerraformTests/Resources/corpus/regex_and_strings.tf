locals {
  sg_id_valid  = can(regex("^sg-[0-9a-f]{8,17}$", var.security_group_id))
  version_part = regex("^v([0-9]+)\\.([0-9]+)", var.release)
  env_short    = substr(var.environment, 0, 3)
  clean_name   = replace(trimspace(var.name), " ", "-")
  slug         = lower(replace(var.name, "/[^a-zA-Z0-9]+/", "-"))
  is_internal  = startswith(var.hostname, "internal.") || endswith(var.hostname, ".local")
  chomped      = chomp(file("${path.module}/motd.txt"))
  padded       = format("%05d", var.port)
  labels       = formatlist("sg-%s", var.names)
  reversed     = reverse(var.names)
}
