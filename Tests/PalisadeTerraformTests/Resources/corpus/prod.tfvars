environment = "prod"
region      = "eu-west-1"
vpc_id      = "vpc-0123456789abcdef0"
vpc_cidr    = "10.20.0.0/16"

allowed_ports = [80, 443, 8443]

services = {
  api = {
    port   = 8080
    public = true
  }
  worker = {
    port   = 9090
    public = false
  }
}

tags = {
  "cost-center" = "1234"
  Team          = "platform"
}
