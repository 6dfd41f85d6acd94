"""Deployment: RDS and Aurora settings the API rejects.

Master passwords and usernames RDS refuses, identifiers that break its naming
rules, Performance Insights on classes without it, parameter groups of another
engine version's family, engine versions AWS has retired (cfn-lint's data) and
storage below the engine's minimum.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from iacreview.rules import aws_facts as F
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.deployment_support import TF, deploy_meta, hand_table, referenced
from iacreview.rules.context import ResourceView, RuleContext

INSTANCE, CLUSTER, CLUSTER_INSTANCE = "aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance"
SETTINGS_REF = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CreateDBInstance.Settings.html"
LIMITS_REF = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints"
_REJECTED = Impact(performance="The database cannot be created; the application and everything that depends on it "
                   "fail to deploy")
_PASSWORD_ARG = {INSTANCE: "password", CLUSTER: "master_password"}
_USER_ARG = {INSTANCE: "username", CLUSTER: "master_username"}
_DEFAULT_SPECIAL = hand_table(
    "random_password default special characters",
    "https://registry.terraform.io/providers/hashicorp/random/latest/docs/resources/password", "2026-12-07",
    "!@#$%&*()-_=+[]{}<>:?")
_FORBIDDEN = hand_table("RDS master password forbidden characters", SETTINGS_REF, "2026-12-07", {"/": "/", "@": "@", '"': '"', " ": "space"})

PASSWORD_CHARS = deploy_meta(
    "DEP020", "rds-password-forbidden-characters", "critical",
    "RDS master password can contain a character RDS rejects (/, @, \", space)",
    rationale="The master password may contain any printable ASCII character except /, @, \" and space. "
    "CreateDBInstance rejects others (InvalidParameterValue: The parameter MasterUserPassword is not a valid "
    "password. Only printable ASCII characters besides '/', '@', '\"', ' ' may be used). random_password with "
    "special = true and no override_special draws from !@#$%&*()-_=+[]{}<>:?, so about one apply in three fails.",
    fix='Set override_special on the random_password to characters RDS accepts, e.g. "!#$%&*()-_=+[]{}<>:?", '
    "or let RDS manage the password (manage_master_user_password = true).",
    bad='resource "random_password" "db" {\n  length  = 24\n  special = true\n}\n\nresource "aws_db_instance" "db" {\n'
    '  engine   = "postgres"\n  username = "app"\n  password = random_password.db.result\n}\n',
    good='resource "random_password" "db" {\n  length           = 24\n  special          = true\n'
    '  override_special = "!#$%&*()-_=+[]{}<>:?"\n}\n',
    references=(SETTINGS_REF, TF + "db_instance",
                "https://registry.terraform.io/providers/hashicorp/random/latest/docs/resources/password"),
    impact=_REJECTED,
    training_value="Teaches the model RDS's password character rules and how random_password interacts with them.",
    resource_types=(INSTANCE, CLUSTER, "random_password"),
)


def _password_chars(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    seen: set[str] = set()
    for db in ctx.of_type(INSTANCE, CLUSTER):
        arg = _PASSWORD_ARG[db.type]
        value = db.py(arg)
        if isinstance(value, str) and db.attr(arg) is not None and not referenced(ctx, db, arg, "random_password"):
            bad = [name for ch, name in _FORBIDDEN.items() if ch in value]
            if bad:
                yield finding(meta, db.node(arg), f"{db.address}: {arg} contains {', '.join(bad)}", address=db.address)
            continue
        for pw in referenced(ctx, db, arg, "random_password"):
            if pw.address in seen or pw.py("special", True) is not True:
                continue
            chars = pw.py("override_special", _DEFAULT_SPECIAL)
            if not isinstance(chars, str):
                continue
            bad = [name for ch, name in _FORBIDDEN.items() if ch in chars]
            if bad:
                seen.add(pw.address)
                where = "override_special" if pw.attr("override_special") is not None else "special"
                yield finding(meta, pw.node(where), f"{pw.address} (the {arg} of {db.address}) may contain "
                              f"{', '.join(bad)}", address=pw.address)


_RESERVED_ALL = hand_table("RDS reserved master usernames (all engines)", SETTINGS_REF, "2026-12-07", {"rdsadmin", "rdsrepladmin", "rds_superuser", "rdstopmgr"})
_RESERVED = hand_table("RDS reserved master usernames (per engine)", SETTINGS_REF, "2026-12-07", {
    "postgres": {"admin", "user", "all", "select", "table", "grant", "public", "current_user", "session_user"},
    "mysql": {"select", "table", "grant", "all", "mysql.sys", "mysql.session", "mysql.infoschema"},
    "mariadb": {"select", "table", "grant", "all"},
})
_RESERVED["aurora-postgresql"] = _RESERVED["postgres"]
_RESERVED["aurora-mysql"] = _RESERVED["mysql"]

USERNAME_RESERVED = deploy_meta(
    "DEP021", "rds-master-username-reserved", "critical", "RDS master username is a word the engine reserves",
    rationale="The master username can't be a reserved word for the engine. RDS rejects, for example, admin on "
    "PostgreSQL (InvalidParameterValue: MasterUsername admin cannot be used as it is a reserved word used by the "
    "engine), rdsadmin on every engine (RDS's own administrator), and SQL keywords such as user or select.",
    fix='Choose another name (dbadmin, app_admin) and keep it in a variable.',
    bad='resource "aws_db_instance" "db" {\n  engine   = "postgres"\n  username = "admin"\n}\n',
    good='resource "aws_db_instance" "db" {\n  engine   = "postgres"\n  username = "dbadmin"\n}\n',
    references=(SETTINGS_REF, "https://www.postgresql.org/docs/current/sql-keywords-appendix.html", TF + "db_instance"),
    impact=_REJECTED,
    training_value="Teaches the model which master usernames each engine reserves.",
    resource_types=(INSTANCE, CLUSTER),
)


def _engine(db: ResourceView) -> str | None:
    engine = db.py("engine", "aurora-mysql" if db.type == CLUSTER else None)
    if engine == "aurora":
        return "aurora-mysql"
    return engine if isinstance(engine, str) else None


def _username_reserved(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for db in ctx.of_type(INSTANCE, CLUSTER):
        arg = _USER_ARG[db.type]
        name, engine = db.py(arg), _engine(db)
        if not isinstance(name, str) or engine is None:
            continue
        if name.lower() in _RESERVED_ALL | _RESERVED.get(engine, set()):
            yield finding(meta, db.node(arg), f"{db.address}: {arg} {name!r} is reserved by {engine}", address=db.address)


USERNAME_FORM = deploy_meta(
    "DEP022", "rds-master-username-invalid", "critical", "RDS master username does not start with a letter or has characters RDS rejects",
    rationale="A master username must begin with a letter and contain only letters, digits and underscores (1 to "
    "16 characters for MySQL and MariaDB, 63 for PostgreSQL). RDS rejects others (InvalidParameterValue: "
    "MasterUsername must begin with a letter and contain only alphanumeric characters).",
    fix="Use a name that starts with a letter and has only letters, digits and underscores.",
    bad='resource "aws_db_instance" "db" {\n  engine   = "mysql"\n  username = "app-admin"\n}\n',
    good='resource "aws_db_instance" "db" {\n  engine   = "mysql"\n  username = "app_admin"\n}\n',
    references=(SETTINGS_REF, LIMITS_REF, TF + "db_instance"),
    impact=_REJECTED,
    training_value="Teaches the model RDS's master username rules.",
    resource_types=(INSTANCE, CLUSTER),
)
_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_USER_MAX = hand_table("RDS master username lengths", LIMITS_REF, "2026-12-07", {"mysql": 16, "mariadb": 16, "aurora-mysql": 16, "postgres": 63, "aurora-postgresql": 63})


def _username_form(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for db in ctx.of_type(INSTANCE, CLUSTER):
        arg = _USER_ARG[db.type]
        name = db.py(arg)
        if not isinstance(name, str) or db.py("snapshot_identifier") or db.py("replicate_source_db"):
            continue
        limit = _USER_MAX.get(_engine(db) or "", 128)
        if not _USERNAME.fullmatch(name):
            yield finding(meta, db.node(arg), f"{db.address}: {arg} {name!r} must start with a letter and have only "
                          "letters, digits and underscores", address=db.address)
        elif len(name) > limit:
            yield finding(meta, db.node(arg), f"{db.address}: {arg} {name!r} is longer than {limit} characters",
                          address=db.address)


_ID_ARG = {INSTANCE: "identifier", CLUSTER: "cluster_identifier", CLUSTER_INSTANCE: "identifier"}


def _identifier_rule(meta: RuleMeta, problem: Callable[[str], str | None]) -> Rule:
    def check(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
        for db in ctx.of_type(*_ID_ARG):
            arg = _ID_ARG[db.type]
            name = db.py(arg)
            if isinstance(name, str) and name and (why := problem(name)):
                yield finding(meta, db.node(arg), f"{db.address}: {arg} {name!r} {why}", address=db.address)

    return Rule(meta, check)


ID_DIGIT = deploy_meta(
    "DEP023", "rds-identifier-starts-with-digit", "critical", "RDS instance or cluster identifier does not start with a letter",
    rationale="DB instance and cluster identifiers must begin with a letter. RDS rejects an identifier that starts "
    "with a digit or hyphen (InvalidParameterValue: The parameter DBInstanceIdentifier is not a valid identifier. "
    "Identifiers must begin with a letter). Names built from an environment or account number are the usual cause.",
    fix='Start the identifier with a letter: "db-${var.environment}" rather than "${var.account_id}-db".',
    bad='variable "env_number" {\n  default = "01"\n}\n\nresource "aws_db_instance" "db" {\n  identifier     = "${var.env_number}-orders"\n  engine         = "postgres"\n  instance_class = "db.t3.medium"\n}\n',
    good='variable "env_number" {\n  default = "01"\n}\n\nresource "aws_db_instance" "db" {\n  identifier     = "orders-${var.env_number}"\n  engine         = "postgres"\n  instance_class = "db.t3.medium"\n}\n',
    references=(LIMITS_REF, TF + "db_instance"),
    impact=_REJECTED,
    training_value="Teaches the model RDS identifier rules when names are built from variables.",
    resource_types=tuple(_ID_ARG),
)

ID_FORM = deploy_meta(
    "DEP024", "rds-identifier-invalid-characters", "critical",
    "RDS identifier has characters other than letters, digits and single hyphens, ends with a hyphen or is over 63",
    rationale="DB instance and cluster identifiers contain only ASCII letters, digits and hyphens, have no two "
    "consecutive hyphens, do not end with a hyphen and are 1 to 63 characters long. Underscores and dots, common in "
    "names built from variables, make CreateDBInstance fail (InvalidParameterValue: … is not a valid identifier).",
    fix="Build identifiers with hyphens (replace(var.name, \"_\", \"-\")) and keep them within 63 characters.",
    bad='variable "environment" {\n  default = "prod"\n}\n\nresource "aws_db_instance" "db" {\n  identifier     = "orders_db_${var.environment}"\n  engine         = "postgres"\n  instance_class = "db.t3.medium"\n}\n',
    good='variable "environment" {\n  default = "prod"\n}\n\nresource "aws_db_instance" "db" {\n  identifier     = "orders-db-${var.environment}"\n  engine         = "postgres"\n  instance_class = "db.t3.medium"\n}\n',
    references=(LIMITS_REF, TF + "db_instance"),
    impact=_REJECTED,
    training_value="Teaches the model RDS identifier rules.",
    resource_types=tuple(_ID_ARG),
)


def _id_digit(name: str) -> str | None:
    return "starts with a digit or hyphen" if not name[0].isalpha() else None


def _id_form(name: str) -> str | None:
    if not name[0].isalpha():
        return None  # DEP023
    if not re.fullmatch(r"[A-Za-z0-9-]+", name):
        return "has characters other than letters, digits and hyphens"
    if "--" in name or name.endswith("-"):
        return "has two consecutive hyphens or ends with a hyphen"
    if len(name) > 63:
        return f"is {len(name)} characters long (at most 63)"
    return None


PI_CLASSES = hand_table(
    "Instance classes without Performance/Database Insights",
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html", "2026-12-07", {"db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"})
PI_CLASS = deploy_meta(
    "DEP025", "rds-performance-insights-unsupported-class", "critical",
    "Performance Insights is enabled on a MySQL/MariaDB/Aurora MySQL instance class that does not support it",
    rationale="RDS for MySQL and MariaDB do not support Performance Insights on db.t2.micro, db.t2.small, "
    "db.t3.micro, db.t3.small, db.t4g.micro and db.t4g.small. Creating such an instance with Performance Insights "
    "fails (InvalidParameterCombination: Performance Insights not supported for this configuration). Aurora MySQL "
    "instances support it on no db.t2 or db.t3 class, nor on db.t4g.micro and db.t4g.small.",
    fix="Disable performance_insights_enabled on these classes, or use db.t3.medium or larger.",
    bad='resource "aws_db_instance" "db" {\n  engine                       = "mysql"\n  instance_class               = "db.t3.micro"\n'
    "  performance_insights_enabled = true\n}\n",
    good='resource "aws_db_instance" "db" {\n  engine                       = "mysql"\n  instance_class               = "db.t3.medium"\n'
    "  performance_insights_enabled = true\n}\n",
    references=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html",
                "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DatabaseInsights.Engines.html",
                TF + "db_instance"),
    impact=_REJECTED,
    training_value="Teaches the model that Performance Insights depends on engine and instance class.",
    resource_types=(INSTANCE, CLUSTER_INSTANCE),
)


def _pi_unsupported(engine: str | None, cls: str) -> bool:
    if engine in ("mysql", "mariadb"):
        return cls in PI_CLASSES
    if engine == "aurora-mysql":
        return cls.startswith(("db.t2.", "db.t3.")) or cls in PI_CLASSES
    return False


def _pi_class(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for db in ctx.of_type(INSTANCE, CLUSTER_INSTANCE):
        if db.py("performance_insights_enabled") is not True:
            continue
        cls = db.py("instance_class")
        if isinstance(cls, str) and _pi_unsupported(_engine(db), cls):
            yield finding(meta, db.node("performance_insights_enabled"), f"{db.address}: {_engine(db)} on {cls} does "
                          "not support Performance Insights", address=db.address)


def expected_family(engine: str, version: str) -> str | None:
    """The parameter group family of an engine version (postgres15, mysql8.0, aurora-mysql8.0), or None."""
    parts = version.split(".")
    if not parts or not parts[0].isdigit():
        return None
    if engine in ("postgres", "aurora-postgresql"):
        major = parts[0] if int(parts[0]) >= 10 else ".".join(parts[:2])
        return f"{engine}{major}" if len(parts) >= (1 if int(parts[0]) >= 10 else 2) else None
    if engine in ("mysql", "mariadb", "aurora-mysql") and len(parts) >= 2 and parts[1].isdigit():
        return f"{engine}{parts[0]}.{parts[1]}"
    return None


FAMILY = deploy_meta(
    "DEP026", "rds-parameter-group-family-mismatch", "critical",
    "Parameter group family does not match the engine version it is used with",
    rationale="A DB parameter group belongs to one family (postgres15, mysql8.0, aurora-postgresql16). RDS refuses "
    "to create or modify an instance or cluster with a group of another family (InvalidParameterCombination: The "
    "parameter group … with DBParameterGroupFamily postgres14 can't be used for this instance. Use a parameter "
    "group with DBParameterGroupFamily postgres15).",
    fix="Derive the family from the engine version, or change both together.",
    bad='resource "aws_db_parameter_group" "pg" {\n  family = "postgres14"\n}\n\nresource "aws_db_instance" "db" {\n'
    '  engine               = "postgres"\n  engine_version       = "15.5"\n  parameter_group_name = aws_db_parameter_group.pg.name\n}\n',
    good='resource "aws_db_parameter_group" "pg" {\n  family = "postgres15"\n}\n',
    references=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/parameter-groups-overview.html",
                TF + "db_parameter_group"),
    impact=_REJECTED,
    training_value="Teaches the model to keep parameter group families in step with engine versions.",
    resource_types=(INSTANCE, CLUSTER, "aws_db_parameter_group", "aws_rds_cluster_parameter_group"),
)
_GROUP_LINKS = {
    INSTANCE: (("parameter_group_name", "aws_db_parameter_group"),),
    CLUSTER: (("db_cluster_parameter_group_name", "aws_rds_cluster_parameter_group"),),
    CLUSTER_INSTANCE: (("db_parameter_group_name", "aws_db_parameter_group"),),
}


def _family(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for db in ctx.of_type(*_GROUP_LINKS):
        engine, version = _engine(db), db.py("engine_version")
        if engine is None or not isinstance(version, str):
            continue
        want = expected_family(engine, version)
        if want is None:
            continue
        for arg, group_type in _GROUP_LINKS[db.type]:
            for group in referenced(ctx, db, arg, group_type):
                family = group.py("family")
                if isinstance(family, str) and family.lower() != want:
                    yield finding(meta, db.node(arg), f"{db.address}: {engine} {version} needs a {want} parameter group; "
                                  f"{group.address} is {family}", address=db.address)


def _retired_rule(meta: RuleMeta, types: tuple[str, ...], kind: str) -> Rule:
    def check(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
        for db in ctx.of_type(*types):
            engine, version = _engine(db), db.py("engine_version")
            if engine is None or not isinstance(version, str) or db.py("replicate_source_db"):
                continue
            if F.rds_version_retired(kind, engine, version):
                yield finding(meta, db.node("engine_version"), f"{db.address}: {engine} {version} is a deprecated "
                              "version AWS no longer offers for new databases", address=db.address)

    return Rule(meta, check)


_VERSIONS = "Versions come from cfn-lint's RDS schema extensions (see rules/data/aws_lifecycle.json)."
RETIRED = deploy_meta(
    "DEP027", "rds-engine-version-retired", "critical", "RDS engine version is one AWS has deprecated",
    rationale="RDS offers each minor version for a limited time. Creating an instance with a deprecated version fails "
    "(InvalidParameterCombination: Cannot find version 11.22 for postgres); existing ones are upgraded in a "
    "maintenance window. " + _VERSIONS,
    fix="Use a version AWS currently offers, or only the major version (\"16\") with auto_minor_version_upgrade.",
    bad='resource "aws_db_instance" "db" {\n  engine         = "postgres"\n  engine_version = "11.22"\n}\n',
    good='resource "aws_db_instance" "db" {\n  engine         = "postgres"\n  engine_version = "16"\n}\n',
    references=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Maintenance.html",
                "https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-versions.html",
                TF + "db_instance"),
    impact=Impact(security="Deprecated versions stop receiving security fixes", performance="The instance cannot be created"),
    training_value="Teaches the model to choose engine versions AWS still offers.",
    resource_types=(INSTANCE,),
)
RETIRED_CLUSTER = deploy_meta(
    "DEP028", "aurora-engine-version-retired", "critical", "Aurora/RDS cluster engine version is one AWS has deprecated",
    rationale="Aurora retires engine versions (Aurora MySQL 2 / 5.7 compatible reached end of standard support; "
    "old Aurora PostgreSQL minors are removed). CreateDBCluster fails for a deprecated version. " + _VERSIONS,
    fix="Use a current Aurora version (for Aurora MySQL 8.0.mysql_aurora.3.x; for Aurora PostgreSQL a current minor).",
    bad='resource "aws_rds_cluster" "db" {\n  engine         = "aurora-mysql"\n  engine_version = "5.7.mysql_aurora.2.07.2"\n}\n',
    good='resource "aws_rds_cluster" "db" {\n  engine         = "aurora-mysql"\n  engine_version = "8.0"\n}\n',
    references=("https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/AuroraMySQL.release-calendars.html",
                "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html",
                TF + "rds_cluster"),
    impact=Impact(security="Deprecated versions stop receiving security fixes", performance="The cluster cannot be created"),
    training_value="Teaches the model to choose Aurora versions AWS still offers.",
    resource_types=(CLUSTER,),
)

STORAGE = deploy_meta(
    "DEP029", "rds-storage-below-minimum", "critical", "RDS allocated_storage is below the minimum for the engine and storage type",
    rationale="General purpose (gp2, gp3) storage for MySQL, MariaDB, PostgreSQL, Oracle and Db2 starts at 20 GiB, "
    "Provisioned IOPS (io1, io2) at 100 GiB. Smaller values are rejected (InvalidParameterCombination: Invalid "
    "storage size for engine name postgres and storage type gp2: 10).",
    fix="Allocate at least 20 GiB (100 GiB for io1/io2).",
    bad='resource "aws_db_instance" "db" {\n  engine            = "postgres"\n  allocated_storage = 10\n}\n',
    good='resource "aws_db_instance" "db" {\n  engine            = "postgres"\n  allocated_storage = 20\n}\n',
    references=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html", TF + "db_instance"),
    impact=_REJECTED,
    training_value="Teaches the model RDS storage minimums.",
    resource_types=(INSTANCE,),
)
_STORAGE_ENGINES = ("mysql", "mariadb", "postgres", "oracle-ee", "oracle-se2", "oracle-ee-cdb", "oracle-se2-cdb",
                    "db2-ae", "db2-se")


def _storage(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for db in ctx.of_type(INSTANCE):
        if _engine(db) not in _STORAGE_ENGINES or db.py("replicate_source_db") or db.py("snapshot_identifier"):
            continue
        size, kind = db.py("allocated_storage"), db.py("storage_type", "gp2")
        if not isinstance(size, int) or not isinstance(kind, str):
            continue
        minimum = 100 if kind in ("io1", "io2") else 20 if kind in ("gp2", "gp3") else 5
        if size < minimum:
            yield finding(meta, db.node("allocated_storage"), f"{db.address}: {size} GiB of {kind} is below the "
                          f"{minimum} GiB minimum", address=db.address)


PASSWORD_LENGTH = deploy_meta(
    "DEP030", "rds-password-length", "critical", "RDS master password is shorter than 8 or longer than the engine allows",
    rationale="Master passwords are 8 to 41 characters for MySQL and MariaDB (Aurora MySQL 41) and 8 to 128 for "
    "PostgreSQL. RDS rejects others (InvalidParameterValue: The parameter MasterUserPassword is not a valid "
    "password because it is shorter than 8 characters). A random_password longer than 41 fails on MySQL.",
    fix="Generate 16 to 41 characters for MySQL/MariaDB, 16 to 128 for PostgreSQL.",
    bad='resource "random_password" "db" {\n  length = 64\n}\n\nresource "aws_db_instance" "db" {\n  engine   = "mysql"\n'
    "  password = random_password.db.result\n}\n",
    good='resource "random_password" "db" {\n  length = 32\n}\n',
    references=(SETTINGS_REF, LIMITS_REF, TF + "db_instance"),
    impact=_REJECTED,
    training_value="Teaches the model the password length limits of each engine.",
    resource_types=(INSTANCE, CLUSTER, "random_password"),
)
_PASSWORD_MAX = hand_table("RDS master password lengths", LIMITS_REF, "2026-12-07", {"mysql": 41, "mariadb": 41, "aurora-mysql": 41, "postgres": 128, "aurora-postgresql": 128})


def _password_length(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for db in ctx.of_type(INSTANCE, CLUSTER):
        arg = _PASSWORD_ARG[db.type]
        engine = _engine(db)
        if engine not in _PASSWORD_MAX:
            continue
        limit = _PASSWORD_MAX[engine]
        sources = referenced(ctx, db, arg, "random_password")
        if sources:
            for pw in sources:
                length = pw.py("length")
                if isinstance(length, int) and not 8 <= length <= limit:
                    yield finding(meta, pw.node("length"), f"{pw.address}: length {length} for the {arg} of {db.address} "
                                  f"({engine}: 8 to {limit})", address=pw.address)
            continue
        value = db.py(arg)
        if isinstance(value, str) and not 8 <= len(value) <= limit:
            yield finding(meta, db.node(arg), f"{db.address}: {arg} has {len(value)} characters ({engine}: 8 to {limit})",
                          address=db.address)


RULES = [
    Rule(PASSWORD_CHARS, _password_chars),
    Rule(USERNAME_RESERVED, _username_reserved),
    Rule(USERNAME_FORM, _username_form),
    _identifier_rule(ID_DIGIT, _id_digit),
    _identifier_rule(ID_FORM, _id_form),
    Rule(PI_CLASS, _pi_class),
    Rule(FAMILY, _family),
    _retired_rule(RETIRED, (INSTANCE,), "instance"),
    _retired_rule(RETIRED_CLUSTER, (CLUSTER,), "cluster"),
    Rule(STORAGE, _storage),
    Rule(PASSWORD_LENGTH, _password_length),
]
