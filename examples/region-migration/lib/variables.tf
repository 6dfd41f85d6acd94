variable "aws_region" {
  description = "Region this workspace deploys into. Each workspace (one per region) sets it in its own .tfvars file; the default is the migration target."
  type        = string
  default     = "us-west-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "The aws_region value must be an AWS region code such as the one in the default."
  }
}

variable "environment" {
  description = "Environment name written to the Environment tag of every resource."
  type        = string
  default     = "dev"
}

variable "environment_suffix" {
  description = "Short suffix appended to every resource name so parallel deployments do not collide."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z0-9]{1,8}$", var.environment_suffix))
    error_message = "The environment_suffix must be 1 to 8 lowercase letters or digits."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC. Give each region its own range so the two stacks can be peered during the cut-over."
  type        = string
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "The vpc_cidr must be a valid IPv4 CIDR block."
  }
}

variable "enable_nat_gateway" {
  description = "Create one shared NAT gateway (and its Elastic IP) so the private subnets have outbound internet access. Turn off to save cost when the instances need no egress."
  type        = bool
  default     = true
}

variable "app_instance_count" {
  description = "Number of application instances, placed round-robin over the private subnets."
  type        = number
  default     = 1

  validation {
    condition     = var.app_instance_count >= 1 && var.app_instance_count <= 4
    error_message = "The app_instance_count must be between 1 and 4."
  }
}

variable "app_instance_type" {
  description = "EC2 instance type of the application instances."
  type        = string
  default     = "t3.small"
}

variable "app_root_volume_size" {
  description = "Size in GiB of the encrypted gp3 root volume of each application instance."
  type        = number
  default     = 20
}

variable "app_port" {
  description = "TCP port the application listens on inside the VPC."
  type        = number
  default     = 8080
}

variable "db_instance_class" {
  description = "Instance class of the PostgreSQL database."
  type        = string
  default     = "db.t3.medium"
}

variable "db_engine_version" {
  description = "PostgreSQL engine version. Keep it identical in both regions so a dump from the source restores cleanly into the target."
  type        = string
  default     = "15.15"
}

variable "db_allocated_storage" {
  description = "Allocated storage of the database in GiB (gp3 needs at least 20)."
  type        = number
  default     = 20
}

variable "db_snapshot_identifier" {
  description = "Snapshot to build the database from. Leave null for an empty database; at cut-over, set it to the source snapshot copied into this region."
  type        = string
  default     = null
}

variable "db_multi_az" {
  description = "Run the database as a Multi-AZ deployment. Off by default to keep the test stack cheap."
  type        = bool
  default     = false
}

variable "db_backup_retention_days" {
  description = "Days of automated database backups to keep."
  type        = number
  default     = 7
}

variable "db_name" {
  description = "Name of the application database created in the instance."
  type        = string
  default     = "appdb"
}

variable "db_username" {
  description = "Master user name of the database."
  type        = string
  default     = "appadmin"
}

variable "db_password" {
  description = "Master password of the database. Pass it with TF_VAR_db_password; it is never written to a file in this repository."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.db_password) >= 12
    error_message = "The db_password must be at least 12 characters long."
  }
}
