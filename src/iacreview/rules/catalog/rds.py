"""Managed databases (RDS, Aurora, DocumentDB, Neptune, Redshift): exposure, encryption, backups, HA, teardown.

Two of these judgements depend on what the task wants, not on the code alone,
so they read the review's options and stay silent without a signal:

- Multi-AZ (REL022) is asked for only when `ctx.options["ha_required"]` is
  true (the review sets it when the prompt asks for high availability) or the
  configuration itself says it is production (see `production_evidence`).
- Teardown: when `ctx.options["destroyable"]` is true (the task asks for
  resources that `terraform destroy` can remove), deletion protection and a
  final snapshot without a name are findings (OPS030, OPS031); when it is not,
  and the configuration is production, a database without deletion
  protection is (OPS032). With neither signal nothing is reported.

The production heuristic, in order, first hit wins: an `Environment`, `Env` or
`Stage` tag on the resource, the same key in the provider's `default_tags`, then
a root variable or local named `environment`, `env`, `stage`,
`environment_name` or `env_name` (its value after defaults, tfvars and -var).
The value counts as production when it is `prod`, `production`, `prd` or
`live`, alone or followed by `-`, `_` or a digit (`prod-eu`, `prod2`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from iacreview.eval.values import Value
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.context import ResourceView, RuleContext, to_py
from iacreview.rules.table import AttributeCheck, not_equals

DB_INSTANCE = "aws_db_instance"
RDS_CLUSTER = "aws_rds_cluster"
RDS_CLUSTER_INSTANCE = "aws_rds_cluster_instance"
DOCDB_CLUSTER = "aws_docdb_cluster"
DOCDB_CLUSTER_INSTANCE = "aws_docdb_cluster_instance"
NEPTUNE_CLUSTER = "aws_neptune_cluster"
REDSHIFT_CLUSTER = "aws_redshift_cluster"

TF_DOCS = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/"
TF_DB_INSTANCE = TF_DOCS + "db_instance"
TF_RDS_CLUSTER = TF_DOCS + "rds_cluster"
RDS_GUIDE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"

# ---------------------------------------------------------------- signals

_ENV_KEYS = frozenset({"environment", "env", "stage"})
_ENV_NAMES = ("environment", "env", "stage", "environment_name", "env_name")
_PRODUCTION = re.compile(r"^(prod|production|prd|live)([-_0-9].*)?$", re.IGNORECASE)


def _env_in_map(value: Value | None) -> str | None:
    """The environment named by a tags map (`Environment`, `Env` or `Stage` key), if known."""
    if value is None or not value.is_known or value.is_null:
        return None
    payload = value.unmark_deep()[0].payload
    if not isinstance(payload, dict):
        return None
    for key, item in payload.items():
        if key.lower() in _ENV_KEYS:
            text = to_py(item)
            if isinstance(text, str):
                return text
    return None


def _default_tags_env(ctx: RuleContext) -> tuple[str, str] | None:
    for provider in ctx.config.root.providers:
        if provider.name != "aws":
            continue
        for block in provider.block.body.blocks("default_tags"):
            attr = block.body.get_attribute("tags")
            if attr is None:
                continue
            env = _env_in_map(ctx.config.scope.try_evaluate(attr.expr))
            if env is not None:
                return env, f'the provider\'s default_tags say "{env}"'
    return None


def _named_env(ctx: RuleContext) -> tuple[str, str] | None:
    scope = ctx.config.scope
    for name in _ENV_NAMES:
        if name in scope.module.variables:
            text = to_py(scope.variable(name))
            if isinstance(text, str):
                return text, f'var.{name} is "{text}"'
    for name in _ENV_NAMES:
        if name in scope.module.locals:
            text = to_py(scope.local(name))
            if isinstance(text, str):
                return text, f'local.{name} is "{text}"'
    return None


def production_evidence(ctx: RuleContext, view: ResourceView) -> str | None:
    """Why the configuration counts as production for `view`, or None (see the module docstring)."""
    tag_env = _env_in_map(view.value("tags"))
    found = (tag_env, f'its tags say "{tag_env}"') if tag_env is not None else None
    found = found or _default_tags_env(ctx) or _named_env(ctx)
    if found is None:
        return None
    env, why = found
    return why if _PRODUCTION.match(env.strip()) else None


def _is_set(view: ResourceView, name: str) -> bool:
    """Whether the argument has a non-null value (unknown counts as set)."""
    return view.py(name) is not None


def _is_replica(view: ResourceView) -> bool:
    return _is_set(view, "replicate_source_db") or _is_set(view, "replication_source_identifier")


def _is_aurora_instance(view: ResourceView) -> bool:
    engine = view.py("engine")
    return isinstance(engine, str) and engine.startswith("aurora")


# ---------------------------------------------------------------- SEC100 public access

PUBLIC = RuleMeta(
    id="SEC100",
    name="db-publicly-accessible",
    severity="high",
    category="security",
    summary="Database is publicly accessible",
    rationale="With publicly_accessible = true the database endpoint resolves to a public IP address; one "
    "security group or route table mistake then exposes the database (and its login prompt to brute force) "
    "to the whole internet. Databases belong in private subnets, reached from the application tier.",
    fix="Set publicly_accessible = false (or remove it: the default is false for RDS) and reach the database "
    "from inside the VPC, through a bastion, SSM port forwarding or a VPN.",
    bad='resource "aws_db_instance" "main" {\n  engine              = "postgres"\n  instance_class      = "db.t3.micro"\n'
    "  publicly_accessible = true\n}\n",
    good='resource "aws_db_instance" "main" {\n  engine               = "postgres"\n  instance_class       = "db.t3.micro"\n'
    "  db_subnet_group_name = aws_db_subnet_group.private.name\n  publicly_accessible  = false\n}\n",
    references=(
        RDS_GUIDE + "USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
        TF_DB_INSTANCE + "#publicly_accessible",
        TF_DOCS + "redshift_cluster#publicly_accessible",
    ),
    impact=Impact(security="The database listens on a public address; data and credentials are one rule away "
                  "from exposure"),
    training_value="Teaches the model to keep data stores private by default and never open them to the internet.",
    resource_types=(DB_INSTANCE, RDS_CLUSTER_INSTANCE, REDSHIFT_CLUSTER),
)

_PUBLIC_CHECK = AttributeCheck(
    PUBLIC, "publicly_accessible", not_equals(True), "{address}: publicly_accessible = true gives the database a public endpoint"
)

# ---------------------------------------------------------------- SEC101 encryption at rest

ENCRYPTION = RuleMeta(
    id="SEC101",
    name="db-storage-not-encrypted",
    severity="high",
    category="security",
    summary="Database storage is not encrypted at rest",
    rationale="RDS, Aurora, DocumentDB and Neptune leave storage unencrypted unless storage_encrypted = true "
    "(Redshift: encrypted = true). Encryption cannot be switched on later without a snapshot copy and a "
    "restore, and unencrypted snapshots and replicas inherit the gap.",
    fix="Set storage_encrypted = true (Redshift: encrypted = true), ideally with kms_key_id pointing at a "
    "customer-managed KMS key.",
    bad='resource "aws_db_instance" "main" {\n  engine         = "postgres"\n  instance_class = "db.t3.micro"\n}\n',
    good='resource "aws_db_instance" "main" {\n  engine            = "postgres"\n  instance_class    = "db.t3.micro"\n'
    "  storage_encrypted = true\n  kms_key_id        = aws_kms_key.db.arn\n}\n",
    references=(
        RDS_GUIDE + "Overview.Encryption.html",
        TF_DB_INSTANCE + "#storage_encrypted",
        TF_RDS_CLUSTER + "#storage_encrypted",
    ),
    impact=Impact(security="Data files, backups and snapshots are stored unencrypted",
                  performance="None: encryption at rest has no measurable cost on current instance classes"),
    training_value="Teaches the model to encrypt every data store at rest explicitly, since the database "
    "defaults do not.",
    resource_types=(DB_INSTANCE, RDS_CLUSTER, DOCDB_CLUSTER, NEPTUNE_CLUSTER, REDSHIFT_CLUSTER),
)

# Arguments that make a database take its encryption from somewhere else (a snapshot, a source, a global cluster).
_INHERITS_ENCRYPTION = ("snapshot_identifier", "replicate_source_db", "replication_source_identifier",
                        "global_cluster_identifier", "s3_import", "restore_to_point_in_time")


def _encryption(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in ctx.of_type(DB_INSTANCE, RDS_CLUSTER, DOCDB_CLUSTER, NEPTUNE_CLUSTER, REDSHIFT_CLUSTER):
        if view.type == REDSHIFT_CLUSTER:
            # The provider's default changed to true in v6: only an explicit false is certain.
            if view.py("encrypted") is False:
                yield finding(meta, view.node("encrypted"), f"{view.address}: encrypted = false", address=view.address)
            continue
        if any(_is_set(view, name) or view.blocks(name) for name in _INHERITS_ENCRYPTION):
            continue
        if view.type == DB_INSTANCE and _is_aurora_instance(view):
            continue
        if view.type == RDS_CLUSTER and view.py("engine_mode") == "serverless":
            continue  # Aurora Serverless v1 is always encrypted
        value = view.py("storage_encrypted", False)
        if value is False:
            shown = "false" if view.attr("storage_encrypted") is not None else "unset (defaults to false)"
            yield finding(meta, view.node("storage_encrypted"), f"{view.address}: storage_encrypted is {shown}",
                          address=view.address)


# ---------------------------------------------------------------- REL020/REL021 backups

_RETENTION_ARG = {REDSHIFT_CLUSTER: "automated_snapshot_retention_period"}
MIN_RETENTION_DAYS = 7

BACKUPS_OFF = RuleMeta(
    id="REL020",
    name="db-automated-backups-disabled",
    severity="medium",
    category="reliability",
    summary="Database automated backups are disabled",
    rationale="A backup retention period of 0 turns automated backups off: there is no point-in-time "
    "recovery, and a bad migration, a dropped table or a deleted instance loses the data for good.",
    fix="Set backup_retention_period (Redshift: automated_snapshot_retention_period) to at least 7 days.",
    bad='resource "aws_db_instance" "main" {\n  engine                  = "mysql"\n  instance_class          = "db.t3.micro"\n'
    "  backup_retention_period = 0\n}\n",
    good='resource "aws_db_instance" "main" {\n  engine                  = "mysql"\n  instance_class          = "db.t3.micro"\n'
    "  backup_retention_period = 7\n}\n",
    references=(
        RDS_GUIDE + "USER_WorkingWithAutomatedBackups.BackupRetention.html",
        TF_DB_INSTANCE + "#backup_retention_period",
        TF_DOCS + "redshift_cluster#automated_snapshot_retention_period",
    ),
    impact=Impact(cost="Saves backup storage, which is free up to the size of the database",
                  security="No recovery from destructive changes or ransomware"),
    training_value="Teaches the model that production data stores always keep automated backups.",
    resource_types=(DB_INSTANCE, REDSHIFT_CLUSTER),
)

SHORT_RETENTION = RuleMeta(
    id="REL021",
    name="db-backup-retention-short",
    severity="low",
    category="reliability",
    summary="Database keeps automated backups for less than 7 days",
    rationale="A retention period of a day or two (the service default when the argument is left out is "
    "one day) means a problem noticed after a weekend can no longer be undone by a point-in-time restore. "
    "Seven days is the usual minimum reviewers and compliance baselines expect.",
    fix="Set backup_retention_period (Redshift: automated_snapshot_retention_period) to 7 or more.",
    bad='resource "aws_rds_cluster" "main" {\n  engine                  = "aurora-postgresql"\n'
    "  backup_retention_period = 1\n}\n",
    good='resource "aws_rds_cluster" "main" {\n  engine                  = "aurora-postgresql"\n'
    "  backup_retention_period = 7\n}\n",
    references=(
        RDS_GUIDE + "USER_WorkingWithAutomatedBackups.BackupRetention.html",
        TF_DB_INSTANCE + "#backup_retention_period",
        TF_RDS_CLUSTER + "#backup_retention_period",
    ),
    impact=Impact(cost="Longer retention adds backup storage beyond the free allowance",
                  security="Short recovery window after data corruption or deletion"),
    training_value="Teaches the model to state a backup retention that covers at least a week.",
    resource_types=(DB_INSTANCE, RDS_CLUSTER, DOCDB_CLUSTER, NEPTUNE_CLUSTER, REDSHIFT_CLUSTER),
)


def _retention(view: ResourceView) -> tuple[str, object]:
    arg = _RETENTION_ARG.get(view.type, "backup_retention_period")
    return arg, view.py(arg)


def _backup_subjects(ctx: RuleContext) -> Iterator[ResourceView]:
    for view in ctx.of_type(DB_INSTANCE, RDS_CLUSTER, DOCDB_CLUSTER, NEPTUNE_CLUSTER, REDSHIFT_CLUSTER):
        if view.type == DB_INSTANCE and (_is_replica(view) or _is_aurora_instance(view)):
            continue  # replicas are backed up through their source, Aurora through its cluster
        yield view


def _backups_off(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in _backup_subjects(ctx):
        arg, days = _retention(view)
        if days == 0 and not isinstance(days, bool):
            yield finding(meta, view.node(arg), f"{view.address}: {arg} = 0 disables automated backups", address=view.address)


def _short_retention(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in _backup_subjects(ctx):
        arg, days = _retention(view)
        if days is None:
            yield finding(meta, view.node(arg), f"{view.address}: {arg} is unset, so the service keeps backups "
                          f"for 1 day; expected at least {MIN_RETENTION_DAYS}", address=view.address)
        elif isinstance(days, int) and not isinstance(days, bool) and 0 < days < MIN_RETENTION_DAYS:
            yield finding(meta, view.node(arg), f"{view.address}: {arg} = {days}; expected at least "
                          f"{MIN_RETENTION_DAYS} days", address=view.address)


# ---------------------------------------------------------------- REL022 Multi-AZ

MULTI_AZ = RuleMeta(
    id="REL022",
    name="db-not-multi-az",
    waived_by=("single-az",),
    severity="medium",
    category="reliability",
    summary="Database runs in a single availability zone where high availability is required",
    rationale="A single-AZ database goes down with its zone and during many maintenance operations. When the "
    "task asks for high availability, or the configuration is production, RDS needs multi_az = true and "
    "Aurora or DocumentDB need at least two instances so a replica in another zone can take over. The rule "
    "only runs on those signals (the review's ha_required option, or a production environment name).",
    fix="RDS: set multi_az = true. Aurora/DocumentDB: create two or more cluster instances (count = 2).",
    bad='resource "aws_db_instance" "main" {\n  engine         = "postgres"\n  instance_class = "db.m6g.large"\n'
    "  multi_az       = false\n}\n",
    good='resource "aws_db_instance" "main" {\n  engine         = "postgres"\n  instance_class = "db.m6g.large"\n'
    "  multi_az       = true\n}\n",
    references=(
        RDS_GUIDE + "Concepts.MultiAZ.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html",
        TF_DB_INSTANCE + "#multi_az",
        TF_DOCS + "rds_cluster_instance",
    ),
    impact=Impact(cost="A standby roughly doubles the instance cost",
                  performance="Failover takes one to two minutes instead of a zone-long outage"),
    training_value="Teaches the model to translate a high-availability requirement into Multi-AZ databases.",
    resource_types=(DB_INSTANCE, RDS_CLUSTER, DOCDB_CLUSTER),
)

_CLUSTER_MEMBERS = {RDS_CLUSTER: RDS_CLUSTER_INSTANCE, DOCDB_CLUSTER: DOCDB_CLUSTER_INSTANCE}


def _ha_reason(ctx: RuleContext, view: ResourceView) -> str | None:
    if ctx.options.get("ha_required"):
        return "the task requires high availability"
    evidence = production_evidence(ctx, view)
    return f"the configuration is production ({evidence})" if evidence else None


def _multi_az(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in ctx.of_type(DB_INSTANCE):
        if _is_replica(view) or _is_aurora_instance(view):
            continue
        if view.py("multi_az", False) is not False:
            continue
        reason = _ha_reason(ctx, view)
        if reason:
            shown = "false" if view.attr("multi_az") is not None else "unset (defaults to false)"
            yield finding(meta, view.node("multi_az"), f"{view.address}: multi_az is {shown}, but {reason}",
                          address=view.address)
    for view in ctx.of_type(RDS_CLUSTER, DOCDB_CLUSTER):
        if view.py("engine_mode") == "serverless" or _is_set(view, "db_cluster_instance_class"):
            continue  # storage and compute are spread over zones by the service itself
        members = ctx.linked(view, _CLUSTER_MEMBERS[view.type])
        if len(members) != 1:
            continue  # none found (defined elsewhere) or already two or more
        reason = _ha_reason(ctx, view)
        if reason:
            yield finding(meta, members[0].block, f"{view.address} has a single instance ({members[0].address}), "
                          f"but {reason}", address=view.address)


# ---------------------------------------------------------------- OPS030–OPS032 teardown

_PROTECTABLE = (DB_INSTANCE, RDS_CLUSTER, DOCDB_CLUSTER, NEPTUNE_CLUSTER)
_SNAPSHOTTING = (DB_INSTANCE, RDS_CLUSTER, DOCDB_CLUSTER, NEPTUNE_CLUSTER, REDSHIFT_CLUSTER)

PROTECTION_BLOCKS_DESTROY = RuleMeta(
    id="OPS030",
    name="db-deletion-protection-blocks-destroy",
    severity="medium",
    category="operations",
    summary="Deletion protection stops `terraform destroy` where the task asks for destroyable resources",
    rationale="With deletion_protection = true the service refuses to delete the database, so `terraform "
    "destroy` fails and the stack (and its cost) stays behind. Test and CI stacks that must be torn down "
    "need it off. The rule runs only when the review's destroyable option is set.",
    fix="Set deletion_protection = false for destroyable stacks, or drive it from a variable that is false "
    "outside production.",
    bad='resource "aws_db_instance" "main" {\n  engine              = "postgres"\n  instance_class      = "db.t3.micro"\n'
    "  deletion_protection = true\n}\n",
    good='resource "aws_db_instance" "main" {\n  engine              = "postgres"\n  instance_class      = "db.t3.micro"\n'
    "  deletion_protection = var.environment == \"prod\"\n}\n",
    references=(
        RDS_GUIDE + "USER_DeleteInstance.html#USER_DeletionProtection",
        TF_DB_INSTANCE + "#deletion_protection",
        "https://developer.hashicorp.com/terraform/cli/commands/destroy",
    ),
    impact=Impact(cost="Resources that cannot be destroyed keep billing"),
    training_value="Teaches the model to honour a destroyability requirement on stateful resources.",
    resource_types=_PROTECTABLE,
)

SNAPSHOT_BLOCKS_DESTROY = RuleMeta(
    id="OPS031",
    name="db-final-snapshot-blocks-destroy",
    severity="medium",
    category="operations",
    summary="Final snapshot without a name makes `terraform destroy` fail where the task asks for destroyable resources",
    rationale="skip_final_snapshot defaults to false, and then the provider needs final_snapshot_identifier "
    "to delete the database; without one, `terraform destroy` stops with 'final_snapshot_identifier is "
    "required when skip_final_snapshot is false'. The rule runs only when the review's destroyable option "
    "is set.",
    fix="Set skip_final_snapshot = true for destroyable stacks, or keep the snapshot and give it a name with "
    "final_snapshot_identifier.",
    bad='resource "aws_db_instance" "main" {\n  engine         = "postgres"\n  instance_class = "db.t3.micro"\n}\n',
    good='resource "aws_db_instance" "main" {\n  engine              = "postgres"\n  instance_class      = "db.t3.micro"\n'
    "  skip_final_snapshot = true\n}\n",
    references=(
        TF_DB_INSTANCE + "#skip_final_snapshot",
        TF_RDS_CLUSTER + "#final_snapshot_identifier",
        RDS_GUIDE + "USER_DeleteInstance.html",
    ),
    impact=Impact(cost="A stack whose destroy fails keeps billing until someone cleans it up by hand"),
    training_value="Teaches the model the skip_final_snapshot / final_snapshot_identifier pairing that "
    "decides whether a database can be destroyed.",
    resource_types=_SNAPSHOTTING,
)

PROTECTION_OFF_IN_PRODUCTION = RuleMeta(
    id="OPS032",
    name="db-deletion-protection-disabled-in-production",
    severity="low",
    category="operations",
    summary="Production database has no deletion protection",
    rationale="Deletion protection is the last guard against a `terraform destroy` in the wrong workspace or "
    "a refactoring that renames the resource. The rule runs only when the configuration names a production "
    "environment and the task does not ask for destroyable resources.",
    fix="Set deletion_protection = true for production databases (a variable keeps test stacks destroyable).",
    bad='variable "environment" {\n  type    = string\n  default = "prod"\n}\n\nresource "aws_db_instance" "main" {\n'
    '  engine         = "postgres"\n  instance_class = "db.m6g.large"\n}\n',
    good='variable "environment" {\n  type    = string\n  default = "prod"\n}\n\nresource "aws_db_instance" "main" {\n'
    '  engine              = "postgres"\n  instance_class      = "db.m6g.large"\n'
    '  deletion_protection = var.environment == "prod"\n}\n',
    references=(
        RDS_GUIDE + "USER_DeleteInstance.html#USER_DeletionProtection",
        TF_DB_INSTANCE + "#deletion_protection",
    ),
    impact=Impact(security="A mistaken destroy or replacement deletes the production database"),
    training_value="Teaches the model to protect production databases against accidental deletion.",
    resource_types=_PROTECTABLE,
)


def _protection_blocks_destroy(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    if not ctx.options.get("destroyable"):
        return
    for view in ctx.of_type(*_PROTECTABLE):
        if view.py("deletion_protection") is True:
            yield finding(meta, view.node("deletion_protection"), f"{view.address}: deletion_protection = true "
                          "makes `terraform destroy` fail", address=view.address)


def _snapshot_blocks_destroy(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    if not ctx.options.get("destroyable"):
        return
    for view in ctx.of_type(*_SNAPSHOTTING):
        if view.type == DB_INSTANCE and _is_replica(view):
            continue  # replicas are deleted without a final snapshot
        skip = view.py("skip_final_snapshot", False)
        if skip is not False or _is_set(view, "final_snapshot_identifier"):
            continue
        shown = "false" if view.attr("skip_final_snapshot") is not None else "unset (defaults to false)"
        yield finding(meta, view.node("skip_final_snapshot"), f"{view.address}: skip_final_snapshot is {shown} and "
                      "final_snapshot_identifier is not set, so `terraform destroy` fails", address=view.address)


def _protection_off_in_production(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    if ctx.options.get("destroyable"):
        return
    for view in ctx.of_type(*_PROTECTABLE):
        if view.py("deletion_protection", False) is not False:
            continue
        evidence = production_evidence(ctx, view)
        if evidence:
            shown = "false" if view.attr("deletion_protection") is not None else "unset (defaults to false)"
            yield finding(meta, view.node("deletion_protection"), f"{view.address}: deletion_protection is {shown}, "
                          f"but the configuration is production ({evidence})", address=view.address)


RULES = [
    _PUBLIC_CHECK.rule(),
    Rule(ENCRYPTION, _encryption),
    Rule(BACKUPS_OFF, _backups_off),
    Rule(SHORT_RETENTION, _short_retention),
    Rule(MULTI_AZ, _multi_az),
    Rule(PROTECTION_BLOCKS_DESTROY, _protection_blocks_destroy),
    Rule(SNAPSHOT_BLOCKS_DESTROY, _snapshot_blocks_destroy),
    Rule(PROTECTION_OFF_IN_PRODUCTION, _protection_off_in_production),
]
