terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40"
    }
  }
}

locals {
  parsed_arn = provider::aws::arn_parse(aws_security_group.web.arn)
  account_id = local.parsed_arn.account_id
}
