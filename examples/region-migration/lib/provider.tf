terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

# One configuration serves both regions: the workspace picks the state file,
# and var.aws_region (set from the matching <region>.tfvars) picks the region.
provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Environment       = var.environment
      ManagedBy         = "Terraform"
      Project           = "RegionMigration"
      EnvironmentSuffix = var.environment_suffix
    }
  }
}
