"""Encryption at rest of managed data stores: file systems, caches, search domains, streams, queues, secrets.

Each service has its own switch and its own default, and the defaults have
moved over time (SQS now encrypts unless told not to, Valkey caches encrypt by
default, EFS and the Redis engine of ElastiCache still do not). Every row
states the provider's current default through `absent_ok`, and skips the
cases where the resource does not decide its own encryption, such as a
secondary member of a global replication group.

Database storage (RDS, Aurora, DocumentDB, Neptune, Redshift) is judged by
the database family (`rds.py`, SEC101); EBS volumes by `encryption_volumes`.

Severity follows what is at stake: a file system or search domain left
unencrypted is high; caches, streams and queues, which hold data for a
shorter time, are medium; asking for a customer-managed key where AWS already
encrypts with its own key is low. Those customer-managed-key rules (SEC026 to
SEC028) are opt-in (`default_enabled=False`): the data is encrypted either
way, whether a CMK is wanted is an organisation's policy, and as defaults they
would fire on most log groups and secrets of otherwise sound answers.
"""

from __future__ import annotations

from iacreview.rules.base import Impact, Rule, RuleMeta
from iacreview.rules.catalog.encryption_support import given, tf_doc, unset
from iacreview.rules.context import ResourceView
from iacreview.rules.table import AttributeCheck, Expect, equals, not_equals, truthy_string

UNENCRYPTED_STORE = Impact(
    cost="None: encryption with the AWS managed key is free; a customer-managed key costs about $1 a month plus requests",
    security="Data, automated backups and snapshots sit unencrypted on disk; a leaked snapshot or copied volume is readable",
    performance="None measurable",
)


# --- file systems, caches, search ------------------------------------------------------

EFS = RuleMeta(
    id="SEC020",
    name="efs-file-system-unencrypted",
    severity="high",
    category="security",
    summary="EFS file system is not encrypted at rest",
    rationale="Through the API (and so Terraform) an EFS file system is created unencrypted unless encrypted = true; "
    "only the console turns it on by default. Everything the mounted instances and containers write is then stored "
    "in the clear, and an existing file system cannot be encrypted afterwards: the data must be copied to a new one.",
    fix="Set encrypted = true (and kms_key_id for a customer-managed key) on aws_efs_file_system.",
    bad='resource "aws_efs_file_system" "shared" {\n  creation_token = "shared"\n}\n',
    good='resource "aws_efs_file_system" "shared" {\n  creation_token = "shared"\n  encrypted      = true\n}\n',
    references=(
        "https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
        tf_doc("efs_file_system#encrypted-1"),
    ),
    impact=UNENCRYPTED_STORE,
    training_value="Teaches the model that API-created EFS file systems are unencrypted by default.",
    resource_types=("aws_efs_file_system",),
)

ELASTICACHE_AT_REST = RuleMeta(
    id="SEC021",
    name="elasticache-at-rest-encryption-disabled",
    severity="medium",
    category="security",
    summary="ElastiCache replication group does not encrypt data at rest",
    rationale="With the Redis OSS engine at_rest_encryption_enabled defaults to false (Valkey defaults to true). "
    "Without it, data that the cache writes to disk during synchronisation, swap and backups to S3 is unencrypted. "
    "Caches often hold session tokens and copies of database rows, and the setting is fixed at creation.",
    fix="Set at_rest_encryption_enabled = true (and kms_key_id for a customer-managed key) on the replication group.",
    bad='resource "aws_elasticache_replication_group" "cache" {\n  replication_group_id = "cache"\n'
    '  description          = "sessions"\n  node_type            = "cache.t4g.small"\n}\n',
    good='resource "aws_elasticache_replication_group" "cache" {\n  replication_group_id       = "cache"\n'
    '  description                = "sessions"\n  node_type                  = "cache.t4g.small"\n'
    "  at_rest_encryption_enabled = true\n}\n",
    references=(
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
        tf_doc("elasticache_replication_group#at_rest_encryption_enabled-1"),
    ),
    impact=Impact(
        cost="None",
        security="Cache contents written to disk and backups are unencrypted",
        performance="Negligible for most workloads",
    ),
    training_value="Teaches the model that Redis caches need encryption switched on explicitly.",
    resource_types=("aws_elasticache_replication_group",),
)


def _elasticache_engine(view: ResourceView) -> object:
    return view.py("engine", "redis")


def _elasticache_at_rest_applies(view: ResourceView) -> bool:
    if unset(view, "at_rest_encryption_enabled"):
        if _elasticache_engine(view) != "redis" or given(view, "global_replication_group_id"):
            return False  # Valkey encrypts by default; global secondaries follow the primary
    return True


OPENSEARCH_AT_REST = RuleMeta(
    id="SEC022",
    name="opensearch-at-rest-encryption-disabled",
    severity="high",
    category="security",
    summary="OpenSearch / Elasticsearch domain does not encrypt data at rest",
    rationale="Without an encrypt_at_rest block with enabled = true the domain's indices, swap files, logs and "
    "automated snapshots are stored unencrypted. Search domains usually index application data, logs or customer "
    "records, and disabling encryption later recreates the domain.",
    fix="Add encrypt_at_rest { enabled = true } (kms_key_id optional) to the domain.",
    bad='resource "aws_opensearch_domain" "search" {\n  domain_name    = "search"\n  engine_version = "OpenSearch_2.13"\n}\n',
    good='resource "aws_opensearch_domain" "search" {\n  domain_name    = "search"\n  engine_version = "OpenSearch_2.13"\n\n'
    "  encrypt_at_rest {\n    enabled = true\n  }\n}\n",
    references=(
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html",
        tf_doc("opensearch_domain#encrypt_at_rest"),
    ),
    impact=UNENCRYPTED_STORE,
    training_value="Teaches the model to encrypt search domains, which often hold copies of sensitive data.",
    resource_types=("aws_opensearch_domain", "aws_elasticsearch_domain"),
)

# --- streams, queues, topics ---------------------------------------------------------------------

KINESIS = RuleMeta(
    id="SEC023",
    name="kinesis-stream-unencrypted",
    severity="medium",
    category="security",
    summary="Kinesis data stream is not encrypted server-side",
    rationale="encryption_type defaults to NONE, so records sit unencrypted in the stream for the whole retention "
    "period (24 hours up to a year). Turning on KMS encryption is free with the AWS managed key and can be done "
    "in place.",
    fix='Set encryption_type = "KMS" and kms_key_id = "alias/aws/kinesis" (or a customer-managed key).',
    bad='resource "aws_kinesis_stream" "events" {\n  name        = "events"\n  shard_count = 1\n}\n',
    good='resource "aws_kinesis_stream" "events" {\n  name            = "events"\n  shard_count     = 1\n'
    '  encryption_type = "KMS"\n  kms_key_id      = "alias/aws/kinesis"\n}\n',
    references=(
        "https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html",
        tf_doc("kinesis_stream#encryption_type-1"),
    ),
    impact=Impact(
        cost="KMS requests for customer-managed keys; none with alias/aws/kinesis",
        security="Stream records are stored unencrypted for the retention period",
        performance="Negligible",
    ),
    training_value="Teaches the model that Kinesis streams are unencrypted unless encryption_type is KMS.",
    resource_types=("aws_kinesis_stream",),
)

SQS = RuleMeta(
    id="SEC024",
    name="sqs-queue-encryption-disabled",
    severity="medium",
    category="security",
    summary="SQS queue has server-side encryption switched off",
    rationale="New queues are encrypted with SQS-owned keys (SSE-SQS) unless sqs_managed_sse_enabled is set to false, "
    "so omitting the argument is fine. Setting it to false without a kms_master_key_id stores message bodies "
    "unencrypted while they wait in the queue.",
    fix="Remove sqs_managed_sse_enabled = false, set it to true, or set kms_master_key_id for SSE-KMS.",
    bad='resource "aws_sqs_queue" "jobs" {\n  name                    = "jobs"\n  sqs_managed_sse_enabled = false\n}\n',
    good='resource "aws_sqs_queue" "jobs" {\n  name                    = "jobs"\n  sqs_managed_sse_enabled = true\n}\n',
    references=(
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
        tf_doc("sqs_queue#sqs_managed_sse_enabled-1"),
    ),
    impact=Impact(cost="None", security="Queued messages are stored unencrypted", performance="None"),
    training_value="Teaches the model not to opt out of encryption that SQS applies by default.",
    resource_types=("aws_sqs_queue",),
)

SNS = RuleMeta(
    id="SEC025",
    name="sns-topic-unencrypted",
    severity="low",
    category="security",
    summary="SNS topic has no server-side encryption key",
    rationale="Unlike SQS, SNS does not encrypt topics by default: without kms_master_key_id, messages are held "
    "unencrypted until every subscriber has received them. The exposure is short-lived, and most topics in "
    "generated code carry alarm notifications, hence low severity; topics that carry application data deserve "
    "more. Note that CloudWatch alarms and EventBridge cannot publish to a topic encrypted with the AWS managed "
    "key alias/aws/sns; they need a customer-managed key whose policy lets those services use it.",
    fix="Set kms_master_key_id to a customer-managed KMS key whose key policy allows the publishing services "
    "(cloudwatch.amazonaws.com, events.amazonaws.com, …) kms:GenerateDataKey* and kms:Decrypt; alias/aws/sns is "
    "enough when only IAM principals in the account publish.",
    bad='resource "aws_sns_topic" "alerts" {\n  name = "alerts"\n}\n',
    good='resource "aws_sns_topic" "alerts" {\n  name              = "alerts"\n'
    "  kms_master_key_id = aws_kms_key.sns.arn\n}\n",
    references=(
        "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
        "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html",
        tf_doc("sns_topic#kms_master_key_id-1"),
    ),
    impact=Impact(
        cost="About $1 a month per customer-managed key plus KMS requests",
        security="Messages are unencrypted while SNS stores them for delivery",
        performance="None",
    ),
    training_value="Teaches the model that SNS is not encrypted by default and how encrypted topics interact with "
    "the AWS services that publish to them.",
    resource_types=("aws_sns_topic",),
)

# --- customer-managed keys where AWS already encrypts ------------------------------------------

DYNAMODB_KEY = RuleMeta(
    id="SEC026",
    name="dynamodb-table-aws-owned-key",
    severity="low",
    category="security",
    summary="DynamoDB table uses the AWS-owned encryption key",
    rationale="Every DynamoDB table is encrypted at rest; without a server_side_encryption block (or with enabled = "
    "false) the key is owned by AWS and invisible to you. A KMS key (the AWS managed aws/dynamodb or a "
    "customer-managed one) adds a CloudTrail record of every use and, for customer-managed keys, the ability to "
    "restrict or revoke access to the data through the key policy. The data is never unencrypted, hence low.",
    fix="Add server_side_encryption { enabled = true } and, for full control, kms_key_arn = a customer-managed key.",
    bad='resource "aws_dynamodb_table" "orders" {\n  name         = "orders"\n  billing_mode = "PAY_PER_REQUEST"\n'
    '  hash_key     = "id"\n\n  attribute {\n    name = "id"\n    type = "S"\n  }\n}\n',
    good='resource "aws_dynamodb_table" "orders" {\n  name         = "orders"\n  billing_mode = "PAY_PER_REQUEST"\n'
    '  hash_key     = "id"\n\n  attribute {\n    name = "id"\n    type = "S"\n  }\n\n'
    "  server_side_encryption {\n    enabled     = true\n    kms_key_arn = aws_kms_key.dynamodb.arn\n  }\n}\n",
    references=(
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html",
        tf_doc("dynamodb_table#server_side_encryption"),
    ),
    impact=Impact(
        cost="KMS request charges on reads and writes; about $1 a month per customer-managed key",
        security="No audit trail or key-policy control over who can decrypt the table",
        performance="None noticeable",
    ),
    training_value="Teaches the model the difference between AWS-owned, AWS managed and customer-managed keys.",
    resource_types=("aws_dynamodb_table",),
    default_enabled=False,
)

LOG_GROUP_KEY = RuleMeta(
    id="SEC027",
    name="cloudwatch-log-group-no-kms-key",
    severity="low",
    category="security",
    summary="CloudWatch log group is not encrypted with a KMS key",
    rationale="CloudWatch Logs always encrypts log data with a service key. A kms_key_id adds a customer-managed key, "
    "so access to the logs can be limited through the key policy and every decryption is audited; that matters "
    "when logs may contain personal data, tokens or request payloads. Without it the logs are still encrypted, "
    "hence low.",
    fix="Set kms_key_id to a customer-managed key whose policy allows logs.<region>.amazonaws.com to use it.",
    bad='resource "aws_cloudwatch_log_group" "app" {\n  name              = "/app/api"\n  retention_in_days = 30\n}\n',
    good='resource "aws_cloudwatch_log_group" "app" {\n  name              = "/app/api"\n  retention_in_days = 30\n'
    "  kms_key_id        = aws_kms_key.logs.arn\n}\n",
    references=(
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
        tf_doc("cloudwatch_log_group#kms_key_id-1"),
    ),
    impact=Impact(
        cost="About $1 a month per key plus KMS requests",
        security="Anyone with logs:GetLogEvents can read the logs; no key-level control or audit",
        performance="None",
    ),
    training_value="Teaches the model to protect logs that may carry sensitive data with a customer-managed key.",
    resource_types=("aws_cloudwatch_log_group",),
    default_enabled=False,
)

SECRET_KEY = RuleMeta(
    id="SEC028",
    name="secretsmanager-secret-aws-managed-key",
    severity="low",
    category="security",
    summary="Secrets Manager secret uses the default aws/secretsmanager key",
    rationale="Secrets are always encrypted; without kms_key_id Secrets Manager uses the account's AWS managed key "
    "aws/secretsmanager, whose policy cannot be changed. A customer-managed key lets the key policy decide who may "
    "decrypt the secret (independently of IAM) and is required to share the secret with another account.",
    fix="Set kms_key_id to a customer-managed KMS key (aws_kms_key with rotation enabled).",
    bad='resource "aws_secretsmanager_secret" "db" {\n  name = "app/db"\n}\n',
    good='resource "aws_secretsmanager_secret" "db" {\n  name       = "app/db"\n  kms_key_id = aws_kms_key.secrets.arn\n}\n',
    references=(
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
        tf_doc("secretsmanager_secret#kms_key_id-1"),
    ),
    impact=Impact(
        cost="About $1 a month per key plus KMS requests",
        security="Any principal allowed secretsmanager:GetSecretValue can read the secret; no key-policy boundary",
        performance="None",
    ),
    training_value="Teaches the model to put secrets behind a customer-managed key it controls.",
    resource_types=("aws_secretsmanager_secret",),
    default_enabled=False,
)

_AWS_MANAGED_SECRETS_KEYS = {"alias/aws/secretsmanager"}


def _customer_key() -> Expect:
    return Expect(
        lambda v: isinstance(v, str) and v != "" and v not in _AWS_MANAGED_SECRETS_KEYS,
        "a customer-managed KMS key",
        False,
    )


CHECKS = [
    AttributeCheck(
        EFS, "encrypted", equals(True),
        "{address}: encrypted is {value}; the file system stores its data unencrypted",
    ),
    AttributeCheck(
        ELASTICACHE_AT_REST, "at_rest_encryption_enabled", equals(True),
        "{address}: at_rest_encryption_enabled is {value}; cache data on disk and in backups is unencrypted",
        applies=_elasticache_at_rest_applies,
    ),
    AttributeCheck(
        OPENSEARCH_AT_REST, "encrypt_at_rest.enabled", equals(True),
        "{address}: encrypt_at_rest.enabled is {value}; indices and snapshots are stored unencrypted",
    ),
    AttributeCheck(
        KINESIS, "encryption_type", equals("KMS"),
        "{address}: encryption_type is {value} (default NONE); records are stored unencrypted",
    ),
    AttributeCheck(
        SQS, "sqs_managed_sse_enabled", not_equals(False, absent_ok=True),
        "{address}: sqs_managed_sse_enabled is false and no kms_master_key_id is set; messages are stored unencrypted",
        applies=lambda view: unset(view, "kms_master_key_id"),
    ),
    AttributeCheck(
        SNS, "kms_master_key_id", truthy_string(),
        "{address}: kms_master_key_id is {value}; messages are not encrypted at rest",
    ),
    AttributeCheck(
        DYNAMODB_KEY, "server_side_encryption.enabled", equals(True),
        "{address}: server_side_encryption.enabled is {value}; the table uses an AWS-owned key you cannot audit or control",
    ),
    AttributeCheck(
        LOG_GROUP_KEY, "kms_key_id", truthy_string(),
        "{address}: kms_key_id is {value}; the log group is not encrypted with a customer-managed key",
    ),
    AttributeCheck(
        SECRET_KEY, "kms_key_id", _customer_key(),
        "{address}: kms_key_id is {value}; the secret uses the AWS managed key aws/secretsmanager",
    ),
]

RULES: list[Rule] = [check.rule() for check in CHECKS]
