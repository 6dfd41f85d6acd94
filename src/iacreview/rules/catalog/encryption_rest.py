"""Encryption at rest of managed data stores: databases, file systems, caches, streams, queues, secrets.

Each service has its own switch and its own default, and the defaults have
moved over time (SQS and Redshift now encrypt unless told not to; RDS, EFS and
the Redis engine of ElastiCache still do not). Every row below states the
provider's current default through `absent_ok`, and skips the cases where the
resource does not decide its own encryption: read replicas and snapshot
restores inherit it from their source, Aurora instances from their cluster,
secondary members of a global database from the primary.

Severity follows what is at stake: a database, warehouse, file system or
search domain left unencrypted is high; caches, streams and queues, which hold
data for a shorter time, are medium; asking for a customer-managed key where
AWS already encrypts with its own key is low.
"""

from __future__ import annotations

from iacreview.eval.values import UNKNOWN
from iacreview.rules.base import Impact, Rule, RuleMeta
from iacreview.rules.context import ResourceView, references
from iacreview.rules.table import AttributeCheck, Expect, equals, not_equals, truthy_string


def tf_doc(resource: str) -> str:
    """The Terraform registry page of an AWS provider resource."""
    return f"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/{resource}"


def given(view: ResourceView, name: str) -> bool:
    """Whether argument `name` is set to something other than null (unknown counts as set)."""
    return view.py(name) is not None


def unset(view: ResourceView, name: str) -> bool:
    return view.py(name) is None


UNENCRYPTED_STORE = Impact(
    cost="None: encryption with the AWS managed key is free; a customer-managed key costs about $1 a month plus requests",
    security="Data, automated backups and snapshots sit unencrypted on disk; a leaked snapshot or copied volume is readable",
    performance="None measurable",
)


# --- relational and graph databases --------------------------------------------------------------

RDS_INSTANCE = RuleMeta(
    id="SEC020",
    name="rds-instance-storage-unencrypted",
    severity="high",
    category="security",
    summary="RDS DB instance storage is not encrypted",
    rationale="aws_db_instance leaves storage_encrypted false unless told otherwise, so the database files, its "
    "automated backups, read replicas and snapshots are all stored in the clear. Encryption can only be chosen "
    "when the instance is created: turning it on later means snapshot, copy with encryption, and restore into a "
    "new instance, with downtime.",
    fix="Set storage_encrypted = true (optionally kms_key_id = a customer-managed key ARN). On an existing instance "
    "this replaces the database, so migrate through an encrypted snapshot copy.",
    bad='resource "aws_db_instance" "app" {\n  engine            = "postgres"\n  instance_class    = "db.t3.micro"\n'
    '  allocated_storage = 20\n  username          = "app"\n  password          = var.db_password\n}\n',
    good='resource "aws_db_instance" "app" {\n  engine            = "postgres"\n  instance_class    = "db.t3.micro"\n'
    '  allocated_storage = 20\n  username          = "app"\n  password          = var.db_password\n'
    "  storage_encrypted = true\n}\n",
    references=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
        tf_doc("db_instance#storage_encrypted-1"),
    ),
    impact=UNENCRYPTED_STORE,
    training_value="Teaches the model that RDS storage is unencrypted by default and must be encrypted at creation.",
    resource_types=("aws_db_instance",),
)


def _rds_instance_decides_encryption(view: ResourceView) -> bool:
    engine = view.py("engine")
    if isinstance(engine, str) and engine.startswith("aurora"):
        return False  # an Aurora instance's storage belongs to its cluster
    if given(view, "replicate_source_db"):
        return False  # a replica inherits the source's encryption
    restores = given(view, "snapshot_identifier") or view.blocks("restore_to_point_in_time")
    return not (restores and unset(view, "storage_encrypted"))  # restores inherit unless overridden


RDS_CLUSTER = RuleMeta(
    id="SEC021",
    name="rds-cluster-storage-unencrypted",
    severity="high",
    category="security",
    summary="Aurora / Multi-AZ RDS cluster storage is not encrypted",
    rationale="For provisioned clusters (Aurora, including Serverless v2, and Multi-AZ DB clusters) storage_encrypted "
    "defaults to false. The cluster volume, its backups and every snapshot are then unencrypted, and the setting "
    "cannot be changed in place later.",
    fix="Set storage_encrypted = true on the aws_rds_cluster (and kms_key_id for a customer-managed key). Existing "
    "clusters must be rebuilt from an encrypted snapshot copy.",
    bad='resource "aws_rds_cluster" "db" {\n  engine          = "aurora-postgresql"\n  master_username = "app"\n'
    "  manage_master_user_password = true\n}\n",
    good='resource "aws_rds_cluster" "db" {\n  engine                      = "aurora-postgresql"\n'
    '  master_username             = "app"\n  manage_master_user_password = true\n  storage_encrypted           = true\n}\n',
    references=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html",
        tf_doc("rds_cluster#storage_encrypted-1"),
    ),
    impact=UNENCRYPTED_STORE,
    training_value="Teaches the model that Aurora clusters, unlike Serverless v1, are not encrypted unless asked.",
    resource_types=("aws_rds_cluster",),
)


def _joins_encrypted_global_cluster(view: ResourceView) -> bool:
    attr = view.attr("global_cluster_identifier")
    if attr is None or view.py("global_cluster_identifier") is None:
        return False
    known = [
        g for g in view.ctx.of_type("aws_rds_global_cluster")
        if g.instance.scope is view.instance.scope and references(attr, g.ref)
    ]
    if not known:
        return True  # a global cluster defined elsewhere decides; do not guess
    return any(g.py("storage_encrypted") in (True, UNKNOWN) or given(g, "source_db_cluster_identifier") for g in known)


def _rds_cluster_decides_encryption(view: ResourceView) -> bool:
    if view.py("engine_mode") == "serverless":
        return False  # Serverless v1 clusters are always encrypted
    if unset(view, "storage_encrypted"):
        inherits = (
            given(view, "snapshot_identifier")
            or given(view, "replication_source_identifier")
            or view.blocks("restore_to_point_in_time")
            or _joins_encrypted_global_cluster(view)
        )
        return not inherits
    return True


DOCDB_CLUSTER = RuleMeta(
    id="SEC022",
    name="docdb-cluster-storage-unencrypted",
    severity="high",
    category="security",
    summary="DocumentDB cluster storage is not encrypted",
    rationale="aws_docdb_cluster defaults storage_encrypted to false. Documents, indexes, backups and snapshots are "
    "then stored unencrypted, and encryption cannot be added to an existing cluster.",
    fix="Set storage_encrypted = true (and kms_key_id for a customer-managed key) when creating the cluster.",
    bad='resource "aws_docdb_cluster" "docs" {\n  cluster_identifier = "docs"\n  master_username    = "app"\n'
    "  master_password    = var.docdb_password\n}\n",
    good='resource "aws_docdb_cluster" "docs" {\n  cluster_identifier = "docs"\n  master_username    = "app"\n'
    "  master_password    = var.docdb_password\n  storage_encrypted  = true\n}\n",
    references=(
        "https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html",
        tf_doc("docdb_cluster#storage_encrypted-1"),
    ),
    impact=UNENCRYPTED_STORE,
    training_value="Teaches the model to encrypt every database engine, not only RDS.",
    resource_types=("aws_docdb_cluster",),
)

NEPTUNE_CLUSTER = RuleMeta(
    id="SEC023",
    name="neptune-cluster-storage-unencrypted",
    severity="high",
    category="security",
    summary="Neptune cluster storage is not encrypted",
    rationale="aws_neptune_cluster leaves storage_encrypted false when it is omitted, so the graph data, its backups "
    "and snapshots are unencrypted; the choice is fixed when the cluster is created.",
    fix="Set storage_encrypted = true (and kms_key_arn for a customer-managed key).",
    bad='resource "aws_neptune_cluster" "graph" {\n  cluster_identifier = "graph"\n  engine             = "neptune"\n}\n',
    good='resource "aws_neptune_cluster" "graph" {\n  cluster_identifier = "graph"\n  engine             = "neptune"\n'
    "  storage_encrypted  = true\n}\n",
    references=(
        "https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html",
        tf_doc("neptune_cluster#storage_encrypted-1"),
    ),
    impact=UNENCRYPTED_STORE,
    training_value="Teaches the model to encrypt every database engine, not only RDS.",
    resource_types=("aws_neptune_cluster",),
)


def _cluster_decides_encryption(view: ResourceView) -> bool:
    """DocumentDB and Neptune: restores, replicas and global secondaries inherit when the flag is unset."""
    if unset(view, "storage_encrypted"):
        return not any(
            given(view, name)
            for name in ("snapshot_identifier", "replication_source_identifier", "global_cluster_identifier")
        )
    return True


# --- file systems, warehouses, caches, search ------------------------------------------------------

EFS = RuleMeta(
    id="SEC024",
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

REDSHIFT = RuleMeta(
    id="SEC025",
    name="redshift-cluster-encryption-disabled",
    severity="high",
    category="security",
    summary="Redshift cluster is created with encryption disabled",
    rationale="Since January 2025 AWS encrypts every new provisioned Redshift cluster, and AWS provider v6 defaults "
    "encrypted to true, so leaving the argument out is fine. Writing encrypted = false asks for an unencrypted data "
    "warehouse: new clusters reject it at apply time, and on older clusters it keeps the warehouse's data and "
    "snapshots unencrypted.",
    fix="Remove encrypted = false or set encrypted = true; add kms_key_id to use a customer-managed key.",
    bad='resource "aws_redshift_cluster" "dw" {\n  cluster_identifier = "dw"\n  node_type          = "ra3.xlplus"\n'
    "  encrypted          = false\n}\n",
    good='resource "aws_redshift_cluster" "dw" {\n  cluster_identifier = "dw"\n  node_type          = "ra3.xlplus"\n'
    "  encrypted          = true\n}\n",
    references=(
        "https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html",
        tf_doc("redshift_cluster#encrypted-1"),
    ),
    impact=UNENCRYPTED_STORE,
    training_value="Teaches the model not to switch off encryption that the platform provides by default.",
    resource_types=("aws_redshift_cluster",),
)

ELASTICACHE_AT_REST = RuleMeta(
    id="SEC026",
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
    id="SEC027",
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
    id="SEC028",
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
    id="SEC029",
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
    id="SEC030",
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
    id="SEC031",
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
)

LOG_GROUP_KEY = RuleMeta(
    id="SEC032",
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
)

SECRET_KEY = RuleMeta(
    id="SEC033",
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
        RDS_INSTANCE, "storage_encrypted", equals(True),
        "{address}: storage_encrypted is {value}; the database, its backups and snapshots are stored unencrypted",
        applies=_rds_instance_decides_encryption,
    ),
    AttributeCheck(
        RDS_CLUSTER, "storage_encrypted", equals(True),
        "{address}: storage_encrypted is {value}; the cluster volume, backups and snapshots are stored unencrypted",
        applies=_rds_cluster_decides_encryption,
    ),
    AttributeCheck(
        DOCDB_CLUSTER, "storage_encrypted", equals(True),
        "{address}: storage_encrypted is {value}; the cluster's data and snapshots are stored unencrypted",
        applies=_cluster_decides_encryption,
    ),
    AttributeCheck(
        NEPTUNE_CLUSTER, "storage_encrypted", equals(True),
        "{address}: storage_encrypted is {value}; the graph data and snapshots are stored unencrypted",
        applies=_cluster_decides_encryption,
    ),
    AttributeCheck(
        EFS, "encrypted", equals(True),
        "{address}: encrypted is {value}; the file system stores its data unencrypted",
    ),
    AttributeCheck(
        REDSHIFT, "encrypted", not_equals(False, absent_ok=True),
        "{address}: encrypted is {value}; the data warehouse would be stored unencrypted",
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
