"""The words prompts use for AWS things, numbers and obligations.

Each subject is a key, the phrases that name it, and the Terraform resource
types that implement it. Phrases are matched on word boundaries, longest and
earliest first, so "RDS instance" is a database and never an EC2 instance,
and "NAT instance" is not a NAT gateway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Subject:
    key: str
    label: str
    types: tuple[str, ...]
    pattern: re.Pattern[str]


def _s(key: str, label: str, phrases: str, *types: str) -> Subject:
    return Subject(key, label, types, re.compile(rf"\b(?:{phrases})\b", re.IGNORECASE))


SUBJECTS: tuple[Subject, ...] = (
    _s("nat_gateway", "NAT gateway", r"nat[\s-]*gateways?|nat\s*gws?|ngws?", "aws_nat_gateway"),
    _s("availability_zone", "availability zone", r"availability[\s-]+zones?|azs?|zones", ),
    _s("public_subnet", "public subnet", r"public\s+subnets?", "aws_subnet"),
    _s("private_subnet", "private subnet", r"private(?:\s+(?:app(?:lication)?|db|database|data))?\s+subnets?",
       "aws_subnet"),
    _s("subnet", "subnet", r"subnets?", "aws_subnet"),
    _s("vpc", "VPC", r"vpcs?", "aws_vpc"),
    _s("s3_bucket", "S3 bucket", r"s3\s+buckets?|buckets?", "aws_s3_bucket"),
    _s("database", "database", r"(?:rds|aurora)(?:\s+(?:postgres(?:ql)?|mysql))?(?:\s+(?:db\s+)?(?:instances?|databases?|"
       r"clusters?))?|db\s+instances?|databases?", "aws_db_instance", "aws_rds_cluster"),
    _s("nat_instance", "NAT instance", r"nat\s+instances?", "aws_instance"),
    _s("ec2_instance", "EC2 instance", r"ec2(?:\s+instances?)?|(?<!resource\s)instances?|web\s+servers?|app(?:lication)?\s+servers?|"
       r"bastion(?:\s+hosts?)?", "aws_instance"),
    _s("lambda", "Lambda function", r"lambda(?:\s+functions?)?", "aws_lambda_function"),
    _s("dynamodb", "DynamoDB table", r"dynamodb(?:\s+tables?)?", "aws_dynamodb_table"),
    _s("sqs", "SQS queue", r"sqs(?:\s+(?:fifo\s+)?queues?)?|dead[\s-]letter\s+queues?|dlqs?", "aws_sqs_queue"),
    _s("sns", "SNS topic", r"sns(?:\s+topics?)?", "aws_sns_topic"),
    _s("kms_key", "KMS key", r"kms\s+keys?|customer[\s-]managed\s+(?:kms\s+)?keys?|cmks?", "aws_kms_key"),
    _s("load_balancer", "load balancer", r"application\s+load\s+balancers?|network\s+load\s+balancers?|albs?|nlbs?|"
       r"load\s+balancers?", "aws_lb", "aws_alb", "aws_elb"),
    _s("internet_gateway", "internet gateway", r"internet\s+gateways?|igws?", "aws_internet_gateway"),
    _s("cloudtrail", "CloudTrail trail", r"cloudtrail(?:\s+trails?)?", "aws_cloudtrail"),
    _s("log_group", "CloudWatch log group", r"(?:cloudwatch\s+)?log\s+groups?", "aws_cloudwatch_log_group"),
    _s("alarm", "CloudWatch alarm", r"(?:cloudwatch\s+)?alarms?", "aws_cloudwatch_metric_alarm"),
    _s("autoscaling_group", "Auto Scaling group", r"auto[\s-]?scaling\s+groups?|asgs?", "aws_autoscaling_group"),
    _s("ecs_cluster", "ECS cluster", r"ecs\s+clusters?", "aws_ecs_cluster"),
    _s("eks_cluster", "EKS cluster", r"eks\s+clusters?", "aws_eks_cluster"),
    _s("cloudfront", "CloudFront distribution", r"cloudfront(?:\s+distributions?)?", "aws_cloudfront_distribution"),
    _s("secret", "Secrets Manager secret", r"secrets\s+manager(?:\s+secrets?)?", "aws_secretsmanager_secret"),
    _s("elasticache", "ElastiCache cluster", r"elasticache(?:\s+(?:redis\s+)?clusters?)?|redis\s+clusters?",
       "aws_elasticache_replication_group", "aws_elasticache_cluster"),
    _s("api_gateway", "API Gateway", r"api\s+gateway", "aws_api_gateway_rest_api", "aws_apigatewayv2_api"),
    _s("waf", "WAF web ACL", r"waf(?:v2)?(?:\s+web\s+acls?)?", "aws_wafv2_web_acl", "aws_waf_web_acl"),
    _s("security_group", "security group", r"security\s+groups?", "aws_security_group"),
    _s("vpc_endpoint", "VPC endpoint", r"vpc\s+endpoints?|gateway\s+endpoints?|interface\s+endpoints?",
       "aws_vpc_endpoint"),
    _s("flow_log", "VPC flow log", r"(?:vpc\s+)?flow\s+logs?", "aws_flow_log"),
    _s("route53_zone", "Route 53 hosted zone", r"route\s*53(?:\s+(?:hosted\s+)?zones?)?|hosted\s+zones?",
       "aws_route53_zone", "aws_route53_record"),
    _s("ecr", "ECR repository", r"ecr(?:\s+repositor(?:y|ies))?", "aws_ecr_repository"),
    _s("step_functions", "Step Functions state machine", r"step\s+functions?|state\s+machines?",
       "aws_sfn_state_machine"),
    _s("kinesis", "Kinesis stream", r"kinesis(?:\s+data)?\s+streams?", "aws_kinesis_stream"),
    _s("efs", "EFS file system", r"efs(?:\s+file\s+systems?)?|elastic\s+file\s+system", "aws_efs_file_system"),
    _s("backup_plan", "AWS Backup plan", r"aws\s+backup(?:\s+plans?)?|backup\s+plans?", "aws_backup_plan"),
    _s("guardduty", "GuardDuty detector", r"guardduty", "aws_guardduty_detector"),
    _s("config_recorder", "AWS Config recorder", r"aws\s+config(?:\s+recorder)?|config\s+rules?",
       "aws_config_configuration_recorder", "aws_config_config_rule"),
)
SUBJECT_BY_KEY = {s.key: s for s in SUBJECTS}

NUMBER_WORDS = {
    "zero": 0, "one": 1, "single": 1, "a single": 1, "only one": 1, "two": 2, "both": 2, "a pair of": 2, "pair of": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "fourteen": 14, "fifteen": 15, "thirty": 30, "sixty": 60, "ninety": 90,
}
NUMBER = r"(?:\d{1,4}|a\s+single|only\s+one|a\s+pair\s+of|pair\s+of|" + "|".join(
    sorted((w for w in NUMBER_WORDS if " " not in w), key=len, reverse=True)) + r")"


def number_value(word: str) -> int | None:
    word = " ".join(word.lower().split())
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


# ------------------------------------------------------------------ obligation, negation, alternatives

#: A statement that asks for something (imperative verb, modal, or a list of deliverables).
ASKS = re.compile(
    r"\b(?:must|shall|should|need(?:s|ed)?\s+(?:to|a|an)|needs?|require[sd]?|requirements?|create|provision|deploy|"
    r"set\s+up|build|add|include|implement|configure|use|enable|launch|run|spin\s+up|establish|define|write|"
    r"we\s+want|i\s+want|i\s+need|we\s+need|has\s+to|have\s+to|make\s+sure|ensure|split|organi[sz]e|put|place|"
    r"structure)\b",
    re.IGNORECASE,
)
#: A subject named as something that already exists or comes from elsewhere: not to be built by the answer.
EXISTING = re.compile(
    r"\b(?:existing|pre-?existing|already|provided|supplied|passed\s+in|imported|import|look(?:ed)?\s*up|"
    r"data\s+sources?|referenc(?:e|ed|ing)|external|managed\s+by\s+another)\b",
    re.IGNORECASE,
)
#: A statement that makes something optional or conditional.
OPTIONAL = re.compile(
    r"\b(?:optional(?:ly)?|if\s+(?:needed|required|necessary|desired|applicable|possible|you)|where\s+(?:needed|"
    r"applicable|possible)|may|could|can\s+be|for\s+example|such\s+as|like|consider|nice\s+to\s+have|"
    r"future|later|eventually|toggle|feature\s+flag|when\s+enabled)\b|\be\.g\.|\?",
    re.IGNORECASE,
)
#: Words right before a subject that forbid it ("no NAT gateway", "without a NAT gateway", "instead of NAT gateways").
NEGATION_BEFORE = re.compile(
    r"(?:\bno|\bwithout(?:\s+(?:a|an|any|using|creating|deploying|provisioning))?|\binstead\s+of(?:\s+(?:a|an))?|"
    r"\bavoid(?:\s+(?:a|an|any|using))?|"
    r"\b(?:do\s+not|don't|must\s+not|should\s+not|shouldn't|never|not)\s+(?:\w+\s+){0,2}?(?:create|use|deploy|"
    r"provision|add|include|need|want|set\s+up|build)(?:\s+(?:a|an|any))?)"
    r"\s*(?:aws\s+|amazon\s+)?$",
    re.IGNORECASE,
)
#: A subject followed by a verb is talked about, not forbidden: "no security groups have open rules".
TALKED_ABOUT = re.compile(r"^\s*(?:have|has|are|is|should|can|may|must|will|with|that|which|allow|expose|get|"
                          r"charges?|costs?|fees?|pricing)\b",
                          re.IGNORECASE)
#: Names before a number that make it a version, not a count: "PostgreSQL 14 database", "Python 3.12 function".
VERSIONED = re.compile(r"(?:postgres(?:ql)?|mysql|mariadb|aurora|redis|python|node(?:\.?js)?|java|go|ruby|terraform|"
                       r"provider|version|v|engine|kubernetes|eks|dotnet|\.net)\s*$", re.IGNORECASE)
