variable "allowed_ports" {
  type    = list(number)
  default = [80, 443, 8080]
}

locals {
  port_list   = "%{for p in var.allowed_ports}${p} %{endfor}"
  environment = "%{if var.production}prod%{else}dev%{endif}"
  csv         = "%{ for i, p in var.allowed_ports }%{ if i > 0 },%{ endif }${p}%{ endfor }"
  trimmed     = "%{~ for p in var.allowed_ports ~} ${p} %{~ endfor ~}"
  literal     = "dollar $${not_interpolated} percent %%{not_a_directive}"
}

output "summary" {
  value = "Open ports: ${local.port_list}(${local.environment})"
}
