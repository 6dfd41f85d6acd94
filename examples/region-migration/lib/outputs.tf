output "aws_region" {
  description = "Region this workspace deployed into."
  value       = var.aws_region
}

output "workspace" {
  description = "Terraform workspace that owns this state."
  value       = terraform.workspace
}

output "vpc_id" {
  description = "Id of the VPC."
  value       = aws_vpc.main.id
}

output "availability_zones" {
  description = "Availability zones the subnets were placed in, in subnet order."
  value       = local.az_names
}

output "public_subnet_ids" {
  description = "Ids of the public subnets, one per availability zone."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Ids of the private subnets, one per availability zone."
  value       = aws_subnet.private[*].id
}

output "nat_gateway_public_ip" {
  description = "Public address of the NAT gateway, or null when enable_nat_gateway is false. Allow-lists of partner systems must be updated with it at cut-over."
  value       = one(aws_eip.nat[*].public_ip)
}

output "app_security_group_id" {
  description = "Id of the application tier security group."
  value       = aws_security_group.app.id
}

output "app_instance_ids" {
  description = "Ids of the application instances."
  value       = aws_instance.app[*].id
}

output "app_private_ips" {
  description = "Private addresses of the application instances."
  value       = aws_instance.app[*].private_ip
}

output "app_role_arn" {
  description = "ARN of the IAM role the application instances run as."
  value       = aws_iam_role.app.arn
}

output "app_data_bucket_name" {
  description = "Name of the application data bucket."
  value       = aws_s3_bucket.app_data.id
}

output "app_data_bucket_arn" {
  description = "ARN of the application data bucket."
  value       = aws_s3_bucket.app_data.arn
}

output "db_address" {
  description = "Host name of the PostgreSQL instance."
  value       = aws_db_instance.main.address
}

output "db_port" {
  description = "Port of the PostgreSQL instance."
  value       = aws_db_instance.main.port
}

output "db_master_username" {
  description = "Master user name of the database (half of the credentials, so it is kept out of plain output)."
  value       = aws_db_instance.main.username
  sensitive   = true
}

output "id_mapping" {
  description = "Terraform address to AWS id of every managed resource. Run `terraform output -json id_mapping` in each workspace and join the two maps on the address to fill id-mapping.csv."
  value = merge(
    {
      "aws_vpc.main"                                                = aws_vpc.main.id
      "aws_internet_gateway.main"                                   = aws_internet_gateway.main.id
      "aws_route_table.public"                                      = aws_route_table.public.id
      "aws_route_table.private"                                     = aws_route_table.private.id
      "aws_security_group.app"                                      = aws_security_group.app.id
      "aws_security_group.database"                                 = aws_security_group.database.id
      "aws_iam_role.app"                                            = aws_iam_role.app.id
      "aws_iam_role_policy.app_data_access"                         = aws_iam_role_policy.app_data_access.id
      "aws_iam_instance_profile.app"                                = aws_iam_instance_profile.app.id
      "aws_db_subnet_group.main"                                    = aws_db_subnet_group.main.id
      "aws_db_instance.main"                                        = aws_db_instance.main.identifier
      "aws_s3_bucket.app_data"                                      = aws_s3_bucket.app_data.id
      "aws_s3_bucket_versioning.app_data"                           = aws_s3_bucket_versioning.app_data.id
      "aws_s3_bucket_server_side_encryption_configuration.app_data" = aws_s3_bucket_server_side_encryption_configuration.app_data.id
      "aws_s3_bucket_public_access_block.app_data"                  = aws_s3_bucket_public_access_block.app_data.id
    },
    { for i, subnet in aws_subnet.public : "aws_subnet.public[${i}]" => subnet.id },
    { for i, subnet in aws_subnet.private : "aws_subnet.private[${i}]" => subnet.id },
    { for i, eip in aws_eip.nat : "aws_eip.nat[${i}]" => eip.allocation_id },
    { for i, nat in aws_nat_gateway.main : "aws_nat_gateway.main[${i}]" => nat.id },
    { for i, assoc in aws_route_table_association.public : "aws_route_table_association.public[${i}]" => assoc.id },
    { for i, assoc in aws_route_table_association.private : "aws_route_table_association.private[${i}]" => assoc.id },
    { for i, instance in aws_instance.app : "aws_instance.app[${i}]" => instance.id },
  )
}
