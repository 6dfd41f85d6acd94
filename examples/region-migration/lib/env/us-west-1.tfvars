# Source workspace: the region the application runs in before the move.
aws_region = "us-west-1"
vpc_cidr   = "10.10.0.0/16"
