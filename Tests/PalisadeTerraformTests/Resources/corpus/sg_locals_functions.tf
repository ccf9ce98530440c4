locals {
  name_prefix = lower(format("%s-%s", var.project, var.environment))
  common_tags = {
    Project     = var.project
    Environment = title(var.environment)
    ManagedBy   = "terraform"
  }
  subnet_cidrs   = cidrsubnets("10.20.0.0/16", 4, 4, 8)
  gateway_ip     = cidrhost(var.vpc_cidr, 1)
  netmask        = cidrnetmask("172.16.0.0/12")
  all_ports      = distinct(concat(var.web_ports, var.app_ports))
  sorted_names   = sort(keys(var.services))
  first_port     = element(local.all_ports, 0)
  port_count     = length(local.all_ports)
  nonempty_cidrs = compact(var.extra_cidrs)
  joined         = join(",", local.nonempty_cidrs)
  parts          = split(",", "a,b,c")
  max_port       = max(local.all_ports...)
  fallback_cidr  = coalesce(var.override_cidr, "10.0.0.0/8")
}
