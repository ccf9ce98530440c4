variable "environment" {
  type        = string
  description = "Deployment environment"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment must be dev, staging or prod."
  }
}

variable "allowed_cidr" {
  type = string

  validation {
    condition     = can(cidrhost(var.allowed_cidr, 0))
    error_message = "Must be a valid IPv4 CIDR block, such as 10.0.0.0/16."
  }
}

variable "ports" {
  type     = list(number)
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for p in var.ports : p > 0 && p < 65536])
    error_message = "Ports must be between 1 and 65535."
  }
}

variable "sensitive_token" {
  type      = string
  sensitive = true
  default   = null
}
