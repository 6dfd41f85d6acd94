"""Requirements the prompt states explicitly, checked against what the answer builds (category `requirement`).

The review reads the prompt into requirements (`iacreview.task.requirements`),
checks each against the evaluated configuration (plan counts and values) and
passes the deviations in `ctx.options["task"]`, as for the other task rules; a
plain `check` has no prompt and these rules stay silent there. Each finding
quotes the prompt's sentence. Severity is medium, and high where the deviation
changes cost, security or availability materially (a NAT gateway per zone where
one shared one was asked, an open CIDR where one network was named, backups
kept shorter than asked, no encryption where it was asked, a single-AZ database
where Multi-AZ was asked, another region).

A wholly missing service the prompt asks for is CMP001 (completeness), not one
of these.
"""

from __future__ import annotations

from iacreview.rules.base import Impact, Rule, RuleMeta
from iacreview.rules.catalog.task_rules import _task_findings

_TF = "https://developer.hashicorp.com/terraform/language"


def _req(number: int, name: str, summary: str, rationale: str, fix: str, bad: str, good: str,
         references: tuple[str, ...], impact: Impact) -> RuleMeta:
    return RuleMeta(
        id=f"REQ{number:03d}", name=name, severity="medium", category="requirement", summary=summary,
        rationale=rationale + " The finding quotes the prompt's sentence (and its line) beside the model's code; "
        "it is high where the deviation changes cost, security or availability materially.",
        fix=fix, bad=bad, good=good, references=references, impact=impact,
        training_value="Teaches the model to read the prompt as a specification and build exactly what it states.",
        scope="task",
    )


COUNT = _req(
    1, "requirement-count",
    "The answer builds a different number of something than the prompt asks, or builds what it forbids",
    'The prompt states how many ("a single NAT gateway shared by both zones", "three availability zones", "at '
    'least two instances") or forbids a resource ("no NAT gateway"); the plan builds another number. Counts are '
    "read from the plan after count and for_each; availability zones from the subnets' zones.",
    "Build the number the prompt states: a count or for_each over the right collection, or a single resource.",
    '# Prompt: "a single NAT gateway shared by both zones"\nresource "aws_nat_gateway" "main" {\n'
    '  count         = length(aws_subnet.public)\n  allocation_id = aws_eip.nat[count.index].id\n'
    '  subnet_id     = aws_subnet.public[count.index].id\n}\n',
    'resource "aws_nat_gateway" "main" {\n  allocation_id = aws_eip.nat.id\n  subnet_id     = aws_subnet.public[0].id\n}\n',
    (_TF + "/meta-arguments/count", "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html"),
    Impact(cost="Each extra NAT gateway, instance or database is billed by the hour",
           performance="Fewer zones or instances than asked lower availability"),
)
SIZE = _req(
    2, "requirement-size",
    "An instance, database or cache class differs from the one the prompt names",
    "The prompt names the class (t3.micro, db.t3.medium, cache.t3.small); the answer uses another, which changes "
    "cost and capacity from what was sized and approved.",
    "Use the class the prompt names, or a variable whose default is that class.",
    '# Prompt: "RDS PostgreSQL on db.t3.medium"\nresource "aws_db_instance" "main" {\n'
    '  instance_class = "db.r5.large"\n}\n',
    'resource "aws_db_instance" "main" {\n  instance_class = "db.t3.medium"\n}\n',
    ("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html",
     "https://aws.amazon.com/ec2/instance-types/"),
    Impact(cost="A larger class costs more every hour; a smaller one may not carry the load"),
)
ENGINE = _req(
    3, "requirement-engine",
    "A database or cache engine or its version differs from the one the prompt names",
    'The prompt names the engine and version ("PostgreSQL 15", "MySQL 8.0", "Redis 7"); the answer uses another '
    "engine or major version, so the application, drivers and migrations meet a database they were not written for.",
    "Set engine and engine_version to what the prompt names.",
    '# Prompt: "PostgreSQL 15"\nresource "aws_db_instance" "main" {\n  engine         = "postgres"\n'
    '  engine_version = "13.7"\n}\n',
    'resource "aws_db_instance" "main" {\n  engine         = "postgres"\n  engine_version = "15.4"\n}\n',
    ("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_PostgreSQL.html",),
    Impact(performance="Incompatible features and drivers"),
)
REGION = _req(
    4, "requirement-region",
    "The provider deploys to another region than the prompt names",
    "The prompt names the region; the provider's region evaluates to another one, so everything lands where it "
    "was not asked for (data residency, latency, the region's prices).",
    "Set the provider's region (or the default of its variable) to the region the prompt names.",
    '# Prompt: "deploy in eu-central-1"\nprovider "aws" {\n  region = "us-east-1"\n}\n',
    'provider "aws" {\n  region = "eu-central-1"\n}\n',
    ("https://docs.aws.amazon.com/general/latest/gr/rande.html",),
    Impact(cost="Prices differ by region", security="Data may leave the required jurisdiction"),
)
NETWORK = _req(
    5, "requirement-network",
    "A CIDR block or port differs from what the prompt specifies",
    "The prompt specifies the VPC's or subnets' CIDR blocks, the network allowed in, or the port to open; the "
    "answer uses other ranges or never opens the port, so it does not fit the addressing plan or the access the "
    "task describes.",
    "Use the CIDR blocks and ports the prompt specifies.",
    '# Prompt: "VPC 10.0.0.0/16; SSH only from 203.0.113.0/24"\nresource "aws_vpc" "main" {\n'
    '  cidr_block = "172.16.0.0/16"\n}\n',
    'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n',
    ("https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html",
     "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"),
    Impact(security="Access opened wider (or elsewhere) than the prompt allows",
           performance="Overlapping ranges break peering and VPN routes"),
)
RETENTION = _req(
    6, "requirement-retention",
    "A retention or backup period differs from the one the prompt states",
    'The prompt states how long to keep logs or backups ("retain logs for 90 days", "7-day backup retention"); '
    "the answer keeps them for another period: shorter loses what must be kept, longer pays for what need not be.",
    "Set retention_in_days or backup_retention_period to the period the prompt states.",
    '# Prompt: "retain logs for 90 days"\nresource "aws_cloudwatch_log_group" "app" {\n'
    '  retention_in_days = 14\n}\n',
    'resource "aws_cloudwatch_log_group" "app" {\n  retention_in_days = 90\n}\n',
    ("https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html",
     "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html"),
    Impact(cost="Storage for longer retention", security="Audit records lost before they must be"),
)
ENCRYPTION = _req(
    7, "requirement-encryption",
    "A store the prompt asks to be encrypted (or encrypted with KMS) is not",
    "The prompt asks for encryption at rest, or for a KMS key, for this store; the answer leaves it unencrypted "
    "or uses the AWS-managed default where a customer-managed key was asked. When a security rule already reports "
    "the same resource, that failure stands for it.",
    "Enable encryption at rest on the store, with the KMS key the prompt asks for.",
    '# Prompt: "an encrypted S3 bucket (KMS)"\nresource "aws_s3_bucket" "data" {\n  bucket = "data"\n}\n',
    'resource "aws_s3_bucket_server_side_encryption_configuration" "data" {\n  bucket = aws_s3_bucket.data.id\n'
    '  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = "aws:kms"\n'
    '      kms_master_key_id = aws_kms_key.data.arn\n    }\n  }\n}\n',
    ("https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html",),
    Impact(security="Data at rest not protected as the task requires"),
)
MULTI_AZ = _req(
    8, "requirement-multi-az",
    "A database the prompt asks to be Multi-AZ runs in one zone",
    "The prompt asks for a Multi-AZ database; the answer's database has no standby in another zone (multi_az "
    "unset or false, or an Aurora cluster with one instance). When REL022 already reports it, that failure stands "
    "for it.",
    "Set multi_az = true (RDS) or create two or more cluster instances (Aurora).",
    '# Prompt: "a Multi-AZ PostgreSQL database"\nresource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n',
    'resource "aws_db_instance" "main" {\n  engine   = "postgres"\n  multi_az = true\n}\n',
    ("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html",),
    Impact(cost="None", performance="The database goes down with its zone"),
)
TAGS = _req(
    9, "requirement-tags",
    "Resources lack a tag the prompt requires on every resource",
    'The prompt requires tags on every resource ("tag all resources with Environment, Owner and CostCenter"); '
    "neither the provider's default_tags nor the resources' tags carry them all.",
    "Put the required tags in the provider's default_tags (or a common local merged into every tags argument).",
    '# Prompt: "tag every resource with Environment and Owner"\nprovider "aws" {\n  region = var.region\n}\n',
    'provider "aws" {\n  region = var.region\n\n  default_tags {\n    tags = {\n      Environment = var.environment\n'
    '      Owner       = var.owner\n    }\n  }\n}\n',
    ("https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html",),
    Impact(cost="Costs cannot be allocated by the tags the organisation uses"),
)
OUTPUTS = _req(
    10, "requirement-outputs",
    "An output the prompt asks for is missing",
    'The prompt lists the outputs it needs ("output the VPC ID and the ALB DNS name"); the answer has no output '
    "for one of them, so the pipeline or the next stack cannot read it.",
    "Add an output for each value the prompt lists.",
    '# Prompt: "output the ALB DNS name"\noutput "vpc_id" {\n  value = aws_vpc.main.id\n}\n',
    'output "alb_dns_name" {\n  value = aws_lb.main.dns_name\n}\n',
    (_TF + "/values/outputs",),
    Impact(performance="Consumers of the stack cannot find its endpoints"),
)
LAYOUT = _req(
    11, "requirement-layout",
    "The answer's files or modules differ from the layout the prompt asks for",
    'The prompt asks for a layout ("everything in a single file", "no modules", "put the variables in '
    'variables.tf"); the answer is organised otherwise, so it does not drop into the pipeline that expects it.',
    "Organise the answer the way the prompt asks: the named files, one file, or no module calls.",
    '# Prompt: "a single tap_stack.tf, no modules"\nmodule "vpc" {\n  source = "./modules/vpc"\n}\n',
    'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n',
    (_TF + "/files", _TF + "/modules"),
    Impact(performance="The answer does not fit the pipeline that runs it"),
)
BACKEND = _req(
    12, "requirement-backend",
    "The state backend differs from the one the prompt asks for",
    'The prompt asks for remote state in S3 (with locking); the answer keeps state locally or leaves locking out, '
    "so two runs can corrupt the state. When OPS027 already reports the missing backend, that failure stands for it.",
    'Configure backend "s3" with a key, region and use_lockfile = true (or a dynamodb_table).',
    '# Prompt: "S3 backend with DynamoDB state locking"\nterraform {\n  backend "s3" {\n    bucket = "state"\n'
    '    key    = "app.tfstate"\n  }\n}\n',
    'terraform {\n  backend "s3" {\n    bucket         = "state"\n    key            = "app.tfstate"\n'
    '    dynamodb_table = "state-lock"\n  }\n}\n',
    (_TF + "/backend/s3",),
    Impact(performance="Concurrent runs can corrupt the state"),
)

METAS = (COUNT, SIZE, ENGINE, REGION, NETWORK, RETENTION, ENCRYPTION, MULTI_AZ, TAGS, OUTPUTS, LAYOUT, BACKEND)
RULES = [Rule(m, _task_findings) for m in METAS]
