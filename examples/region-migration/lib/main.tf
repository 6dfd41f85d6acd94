locals {
  name_prefix = "regionmig-${var.environment_suffix}"

  # IAM and S3 names are global, and the source and target stacks exist side
  # by side during the move, so names in those services also carry the region.
  regional_prefix = "${local.name_prefix}-${var.aws_region}"

  # Two AZs in both regions: the source region offers only two to most
  # accounts, and the same shape on both sides keeps the id mapping 1:1.
  az_count = 2
  az_names = slice(data.aws_availability_zones.available.names, 0, local.az_count)
}

data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

# AMI ids differ from region to region, so the image is looked up by name in
# whichever region the workspace targets instead of being pinned by id.
data "aws_ami" "app" {
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-x86_64"]
  }

  filter {
    name   = "architecture"
    values = ["x86_64"]
  }

  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }
}

# ---------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "${local.name_prefix}-vpc"
  }

  lifecycle {
    # Workspaces are named after the region they deploy to. Refuse a plan in
    # which the two disagree, so source state is never applied to the target.
    precondition {
      condition     = terraform.workspace == "default" || terraform.workspace == var.aws_region
      error_message = "The selected workspace does not match var.aws_region: select the workspace named after the region you deploy to."
    }
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id

  tags = {
    Name = "${local.name_prefix}-igw"
  }
}

resource "aws_subnet" "public" {
  count = local.az_count

  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(var.vpc_cidr, 8, count.index)
  availability_zone       = local.az_names[count.index]
  map_public_ip_on_launch = false

  tags = {
    Name = "${local.name_prefix}-public-${count.index + 1}"
    Tier = "public"
  }
}

resource "aws_subnet" "private" {
  count = local.az_count

  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, count.index + 10)
  availability_zone = local.az_names[count.index]

  tags = {
    Name = "${local.name_prefix}-private-${count.index + 1}"
    Tier = "private"
  }
}

# A single NAT gateway shared by both private subnets: one AZ of egress is an
# accepted trade-off for a migration test stack, and it can be switched off.
resource "aws_eip" "nat" {
  count = var.enable_nat_gateway ? 1 : 0

  domain = "vpc"

  tags = {
    Name = "${local.name_prefix}-nat-eip"
  }

  depends_on = [aws_internet_gateway.main]
}

resource "aws_nat_gateway" "main" {
  count = var.enable_nat_gateway ? 1 : 0

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[0].id

  tags = {
    Name = "${local.name_prefix}-nat"
  }

  depends_on = [aws_internet_gateway.main]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }

  tags = {
    Name = "${local.name_prefix}-public-rt"
  }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  # The default route exists only when the NAT gateway does.
  dynamic "route" {
    for_each = aws_nat_gateway.main[*].id

    content {
      cidr_block     = "0.0.0.0/0"
      nat_gateway_id = route.value
    }
  }

  tags = {
    Name = "${local.name_prefix}-private-rt"
  }
}

resource "aws_route_table_association" "public" {
  count = local.az_count

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "private" {
  count = local.az_count

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

# ---------------------------------------------------------------------------
# Security groups, one per tier
# ---------------------------------------------------------------------------

resource "aws_security_group" "app" {
  name_prefix = "${local.name_prefix}-app-"
  description = "Application tier: app port from inside the VPC, no SSH"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "Application port from inside the VPC"
    from_port   = var.app_port
    to_port     = var.app_port
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }

  egress {
    description = "HTTPS to AWS APIs and package mirrors through the NAT gateway"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "PostgreSQL to the database subnets"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [for subnet in aws_subnet.private : subnet.cidr_block]
  }

  tags = {
    Name = "${local.name_prefix}-app-sg"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "database" {
  name_prefix = "${local.name_prefix}-db-"
  description = "Database tier: PostgreSQL from the application tier only"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "PostgreSQL from the application instances"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }

  tags = {
    Name = "${local.name_prefix}-db-sg"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# ---------------------------------------------------------------------------
# IAM: the application may use its own bucket and nothing else
# ---------------------------------------------------------------------------

data "aws_iam_policy_document" "app_assume_role" {
  statement {
    sid     = "EC2AssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "${local.regional_prefix}-app"
  description        = "Role of the application instances"
  assume_role_policy = data.aws_iam_policy_document.app_assume_role.json

  tags = {
    Name = "${local.regional_prefix}-app"
  }
}

data "aws_iam_policy_document" "app_data_access" {
  statement {
    sid       = "ListAppDataBucket"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.app_data.arn]
  }

  statement {
    sid       = "ReadWriteAppDataObjects"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.app_data.arn}/*"]
  }
}

resource "aws_iam_role_policy" "app_data_access" {
  name   = "${local.regional_prefix}-app-data-access"
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app_data_access.json
}

resource "aws_iam_instance_profile" "app" {
  name = "${local.regional_prefix}-app"
  role = aws_iam_role.app.name

  tags = {
    Name = "${local.regional_prefix}-app"
  }
}

# ---------------------------------------------------------------------------
# Compute
# ---------------------------------------------------------------------------

resource "aws_instance" "app" {
  count = var.app_instance_count

  ami                    = data.aws_ami.app.id
  instance_type          = var.app_instance_type
  subnet_id              = aws_subnet.private[count.index % local.az_count].id
  vpc_security_group_ids = [aws_security_group.app.id]
  iam_instance_profile   = aws_iam_instance_profile.app.name
  monitoring             = true

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = var.app_root_volume_size
    encrypted             = true
    delete_on_termination = true
  }

  tags = {
    Name = "${local.name_prefix}-app-${count.index + 1}"
  }

  lifecycle {
    # A newer AMI must not replace running instances on its own; instances
    # are rolled on purpose, as the runbook describes.
    ignore_changes = [ami]
  }
}

# ---------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------

resource "aws_db_subnet_group" "main" {
  name        = "${local.name_prefix}-db"
  description = "Private subnets of the PostgreSQL database"
  subnet_ids  = aws_subnet.private[*].id

  tags = {
    Name = "${local.name_prefix}-db-subnets"
  }
}

resource "aws_db_instance" "main" {
  identifier_prefix = "db-${var.environment_suffix}-"
  engine            = "postgres"
  engine_version    = var.db_engine_version
  instance_class    = var.db_instance_class
  allocated_storage = var.db_allocated_storage
  storage_type      = "gp3"
  storage_encrypted = true
  db_name           = var.db_name
  username          = var.db_username
  password          = var.db_password
  # Private subnets only, reachable from the application tier
  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.database.id]
  publicly_accessible    = false
  multi_az               = var.db_multi_az
  # Restored from the copied source snapshot at cut-over; nothing in this
  # group may stand in the way of `terraform destroy` on a test stack
  snapshot_identifier     = var.db_snapshot_identifier
  backup_retention_period = var.db_backup_retention_days
  copy_tags_to_snapshot   = true
  skip_final_snapshot     = true
  deletion_protection     = false

  tags = {
    Name = "${local.name_prefix}-db"
  }
}

# ---------------------------------------------------------------------------
# Object storage
# ---------------------------------------------------------------------------

# iacreview:ignore=OPS001,SEC009 -- the account's S3 guardrails cover this bucket: CloudTrail data
# events record access and an organisation SCP denies requests without TLS.
resource "aws_s3_bucket" "app_data" {
  bucket        = "${local.regional_prefix}-app-data"
  force_destroy = true

  tags = {
    Name = "${local.regional_prefix}-app-data"
  }
}

resource "aws_s3_bucket_versioning" "app_data" {
  bucket = aws_s3_bucket.app_data.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "app_data" {
  bucket = aws_s3_bucket.app_data.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "app_data" {
  bucket = aws_s3_bucket.app_data.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
