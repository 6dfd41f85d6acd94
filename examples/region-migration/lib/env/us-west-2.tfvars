# Target workspace: the region the application moves to.
aws_region = "us-west-2"
vpc_cidr   = "10.20.0.0/16"
