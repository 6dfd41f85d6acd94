"""Model against ideal by meaning: matching, evaluated differences, and the A/B/C classification."""

from __future__ import annotations

from iacreview.diff import MISSING, classify, diff_configurations, one_a_per_added_service
from iacreview.model.config import Configuration

BUCKET = 'resource "aws_s3_bucket" "data" {\n  bucket = "app-data"\n  tags   = { Team = "a" }\n}\n'


def diff(model: str, ideal: str):
    return diff_configurations(Configuration.from_files({"main.tf": model}), Configuration.from_files({"main.tf": ideal}))


def test_identical_meaning_is_no_difference_even_when_written_differently():
    model = 'variable "name" {\n  default = "app-data"\n}\n\nresource "aws_s3_bucket" "data" {\n  bucket = var.name\n}\n'
    ideal = 'variable "name" {\n  default = "app-data"\n}\n\nresource "aws_s3_bucket" "data" {\n    bucket = "app-data"\n}\n'
    changes = diff(model, ideal)
    assert [c.what for c in changes] == []


def test_added_removed_and_changed():
    model = BUCKET + 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n'
    ideal = BUCKET.replace('"a"', '"b"') + 'resource "aws_sns_topic" "t" {\n  name = "t"\n}\n'
    changes = {(c.kind, c.address) for c in diff(model, ideal)}
    assert changes == {
        ("changed", "aws_s3_bucket.data"),
        ("added", "aws_sns_topic.t"),
        ("removed", "aws_sqs_queue.q"),
    }


def test_renamed_resource_is_matched_by_content():
    ideal = BUCKET.replace('"data"', '"primary"', 1)
    changes = diff(BUCKET, ideal)
    assert [(c.kind, c.old_address, c.address) for c in changes] == [
        ("renamed", "aws_s3_bucket.data", "aws_s3_bucket.primary")
    ]


def test_an_argument_only_the_ideal_sets_is_missing_in_the_model():
    (change,) = diff(BUCKET, BUCKET.replace('  tags', '  force_destroy = true\n  tags'))
    assert [(a.path, a.model, a.ideal) for a in change.attrs] == [("force_destroy", MISSING, True)]


def test_nested_block_differences_have_paths():
    model = 'resource "aws_instance" "web" {\n  root_block_device {\n    encrypted = false\n  }\n}\n'
    ideal = 'resource "aws_instance" "web" {\n  root_block_device {\n    encrypted = true\n  }\n}\n'
    (change,) = diff(model, ideal)
    assert [(a.path, a.model, a.ideal) for a in change.attrs] == [("root_block_device[0].encrypted", False, True)]


def test_classification():
    model = BUCKET + 'resource "aws_db_instance" "db" {\n  instance_class    = "db.t3.micro"\n  storage_encrypted = false\n}\n'
    ideal = (BUCKET.replace('"a"', '"b"')
             + 'resource "aws_db_instance" "db" {\n  instance_class    = "db.t3.micro"\n  storage_encrypted = true\n}\n'
             + 'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n}\n'
             + 'resource "aws_s3_bucket_versioning" "data" {\n  bucket = aws_s3_bucket.data.id\n}\n'
             + 'variable "env" {\n  default = "dev"\n}\n')
    services = {"s3", "rds"}
    got = {c.address: classify(c, services, {}).klass for c in diff(model, ideal)}
    assert got == {
        "aws_s3_bucket.data": "B",  # tags: RUBRICS.md's "standard patterns (naming, tags)"
        "aws_db_instance.db": "A",  # encryption
        "aws_lambda_function.fn": "A",  # a service added
        "aws_s3_bucket_versioning.data": "B",  # a resource of a service already used
        "var.env": "C",
    }


def test_a_rule_finding_fixed_in_the_ideal_explains_the_change():
    model = 'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n'
    ideal = 'resource "aws_db_instance" "db" {\n  publicly_accessible = false\n}\n'
    (change,) = diff(model, ideal)
    fixed = classify(change, {"rds"}, {"aws_db_instance.db": ("SEC100", "high", "security")})
    assert (fixed.klass, fixed.rule) == ("A", "SEC100")
    assert change.attrs[0].model is True and change.attrs[0].ideal is False


def test_a_changed_local_is_one_difference_not_one_per_resource_reading_it():
    template = ('locals {\n  prefix = "%s"\n}\n\n'
                'resource "aws_s3_bucket" "a" {\n  bucket = "${local.prefix}-a"\n}\n\n'
                'resource "aws_s3_bucket" "b" {\n  bucket = "${local.prefix}-b"\n}\n')
    changes = diff(template % "App", template % "app")
    assert [(c.what, c.address) for c in changes] == [("local", "local.prefix")]


def test_an_added_service_is_one_significant_fix():
    model = 'resource "aws_s3_bucket" "data" {\n  bucket = "data"\n}\n'
    ideal = (model + 'resource "aws_dynamodb_table" "main" {\n  name = "main"\n}\n'
             + 'resource "aws_dynamodb_table_item" "a" {\n  table_name = aws_dynamodb_table.main.name\n}\n'
             + 'resource "aws_dynamodb_table_item" "b" {\n  table_name = aws_dynamodb_table.main.name\n}\n'
             + 'resource "random_id" "suffix" {\n  byte_length = 4\n}\n')
    fixes = one_a_per_added_service([classify(c, {"s3"}, {}) for c in diff(model, ideal)])
    got = {f.change.address: (f.klass, f.reason) for f in fixes}
    assert got["aws_dynamodb_table.main"] == ("A", "adds the dynamodb service")
    assert got["aws_dynamodb_table_item.a"][0] == "B"
    assert got["aws_dynamodb_table_item.b"] == ("B", "part of adding the dynamodb service")
    assert got["random_id.suffix"] == ("C", "adds a random helper resource")


def test_renamed_resources_are_matched_through_what_points_at_them():
    # Bucket names and tags both changed, so content alone cannot tell the buckets apart; the
    # versioning resources (matched by content) point at them from the same argument.
    model = ('resource "aws_s3_bucket" "main" {\n  bucket = local.names.main\n  tags = local.tags\n}\n'
             'resource "aws_s3_bucket" "logs" {\n  bucket = local.names.logs\n  tags = local.tags\n}\n'
             'resource "aws_s3_bucket_versioning" "main" {\n  bucket = aws_s3_bucket.main.id\n'
             '  versioning_configuration {\n    status = "Enabled"\n  }\n}\n'
             'resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
             '  versioning_configuration {\n    status = "Suspended"\n  }\n}\n'
             'locals {\n  names = { main = "a", logs = "b" }\n  tags = {}\n}\n')
    ideal = ('resource "aws_s3_bucket" "primary" {\n  bucket = "app-primary"\n  tags = { Name = "primary" }\n}\n'
             'resource "aws_s3_bucket" "access_logs" {\n  bucket = "app-access-logs"\n  tags = { Name = "logs" }\n}\n'
             'resource "aws_s3_bucket_versioning" "primary_versioning" {\n  bucket = aws_s3_bucket.primary.id\n'
             '  versioning_configuration {\n    status = "Enabled"\n  }\n}\n'
             'resource "aws_s3_bucket_versioning" "access_logs_versioning" {\n  bucket = aws_s3_bucket.access_logs.id\n'
             '  versioning_configuration {\n    status = "Suspended"\n  }\n}\n'
             'locals {\n  names = { main = "a", logs = "b" }\n  tags = {}\n}\n')
    got = {(c.kind, c.old_address, c.address) for c in diff(model, ideal) if c.what == "resource"}
    assert got == {
        ("renamed", "aws_s3_bucket.main", "aws_s3_bucket.primary"),
        ("renamed", "aws_s3_bucket.logs", "aws_s3_bucket.access_logs"),
        ("renamed", "aws_s3_bucket_versioning.main", "aws_s3_bucket_versioning.primary_versioning"),
        ("renamed", "aws_s3_bucket_versioning.logs", "aws_s3_bucket_versioning.access_logs_versioning"),
    }


def test_a_reference_to_a_renamed_resource_is_not_a_change_of_its_own():
    model = BUCKET + 'resource "aws_s3_bucket_versioning" "v" {\n  bucket = aws_s3_bucket.data.id\n}\n'
    ideal = model.replace('"data"', '"primary"', 1).replace("aws_s3_bucket.data.id", "aws_s3_bucket.primary.id")
    (change,) = diff(model, ideal)
    assert (change.kind, change.address) == ("renamed", "aws_s3_bucket.primary")


def test_similar_names_decide_between_resources_of_one_type():
    model = ('resource "aws_sqs_queue" "orders" {\n  name = "app-orders-queue"\n}\n'
             'resource "aws_sqs_queue" "dlq" {\n  name = "app-orders-dead-letter"\n}\n')
    ideal = ('resource "aws_sqs_queue" "main" {\n  name = "app-orders-queue-v2"\n}\n'
             'resource "aws_sqs_queue" "dead_letter" {\n  name = "app-orders-dead-letter-v2"\n}\n')
    got = {(c.old_address, c.address) for c in diff(model, ideal)}
    assert got == {("aws_sqs_queue.orders", "aws_sqs_queue.main"), ("aws_sqs_queue.dlq", "aws_sqs_queue.dead_letter")}


def test_the_only_resource_of_a_type_pairs_with_the_ideals_only_one_even_when_much_changed():
    model = 'resource "aws_db_instance" "db" {\n  instance_class = "db.t3.micro"\n  engine = "mysql"\n}\n'
    ideal = ('resource "aws_db_instance" "primary" {\n  instance_class = "db.r5.large"\n  engine = "mysql"\n'
             '  multi_az = true\n  storage_encrypted = true\n}\n')
    (change,) = diff(model, ideal)
    assert (change.kind, change.old_address) == ("renamed", "aws_db_instance.db")
    two = model + model.replace('"db"', '"replica"', 1)
    assert {c.kind for c in diff(two, ideal)} == {"added", "removed"}  # two candidates: content must decide


def test_security_and_availability_are_significant_when_the_ideal_adds_protection():
    def klass(model_args: str, ideal_args: str) -> tuple[str, str]:
        block = 'resource "aws_db_instance" "db" {\n%s}\n'
        (change,) = diff(block % model_args, block % ideal_args)
        fixed = classify(change, {"rds"}, {})
        return fixed.klass, fixed.reason

    assert klass("", "  storage_encrypted = true\n") == ("A", "adds security settings: storage_encrypted")
    assert klass("  multi_az = false\n", "  multi_az = true\n") == ("A", "raises availability: multi_az")
    # Written differently, with no finding of the model's that the ideal fixes: an adjustment.
    assert klass('  kms_key_id = "key-a"\n', '  kms_key_id = "key-b"\n') == (
        "B", "adjusts security settings: kms_key_id")
    assert klass("  multi_az = true\n", "  multi_az = false\n")[0] == "B"
    assert klass('  subnet_ids = ["a"]\n', '  subnet_ids = ["b"]\n') == (
        "B", "adjusts availability settings: subnet_ids")


def test_the_only_resources_of_a_type_do_not_pair_when_neither_content_nor_name_is_alike():
    model = 'resource "aws_s3_bucket" "terraform_state" {\n  bucket = "acme-tf-state"\n}\n'
    ideal = 'resource "aws_s3_bucket" "app_bucket" {\n  bucket = "web-assets-prod"\n  force_destroy = true\n}\n'
    assert {c.kind for c in diff(model, ideal)} == {"added", "removed"}
    # The same purpose, told by the name; the ideal renamed it and its bucket.
    alike = ideal.replace('"app_bucket"', '"tf_state"').replace("web-assets-prod", "acme-terraform-state")
    assert [c.kind for c in diff(model, alike)] == ["renamed"]


def test_moving_a_resource_to_another_provider_configuration_is_minor_wiring():
    model = ('provider "aws" {\n  alias = "primary"\n}\n'
             'resource "aws_vpc" "v" {\n  provider   = aws.primary\n  cidr_block = "10.0.0.0/16"\n}\n'
             'resource "aws_vpc" "w" {\n  provider   = aws.primary\n  cidr_block = "10.1.0.0/16"\n}\n')
    ideal = ('resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
             'resource "aws_vpc" "w" {\n  cidr_block = "10.2.0.0/16"\n}\n')
    fixes = {c.change.address: c for c in (classify(ch, {"vpc"}, {}) for ch in diff(model, ideal))}
    assert fixes["aws_vpc.v"].klass == "C" and "wiring" in fixes["aws_vpc.v"].reason
    assert fixes["aws_vpc.w"].klass == "B"  # the CIDR changed too: a real adjustment


def test_iam_additions_opened_traffic_and_dependencies_are_not_significant():
    """RUBRICS.md: A is a security hole fixed, an architecture change, a whole feature, an integration fixed."""
    sg = 'resource "aws_security_group" "db" {\n  name = "db"\n}\n'
    model = BUCKET + sg + 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n'
    ideal = (BUCKET + sg.replace('  name = "db"\n', '  name = "db"\n  ingress {\n    from_port   = 5432\n'
                                 '    to_port     = 5432\n    protocol    = "tcp"\n    cidr_blocks = ["10.0.0.0/16"]\n  }\n')
             + 'resource "aws_sqs_queue" "q" {\n  name       = "q"\n  depends_on = [aws_s3_bucket.data]\n}\n'
             + 'resource "aws_iam_role" "fn" {\n  name = "fn"\n}\n')
    got = {c.address: (classify(c, {"s3", "ec2", "sqs"}, {}).klass, classify(c, {"s3", "ec2", "sqs"}, {}).reason)
           for c in diff(model, ideal)}
    assert got["aws_iam_role.fn"][0] == "B"
    assert got["aws_security_group.db"][0] == "B"  # traffic opened: an adjustment, not a hole fixed
    assert got["aws_sqs_queue.q"][0] == "C"  # a dependency only: wiring


def _classes(model: str, ideal: str, services: set[str], types: set[str] = frozenset()) -> dict[str, tuple[str, str]]:
    fixes = one_a_per_added_service([classify(c, services, {}, types) for c in diff(model, ideal)])
    return {f.change.address: (f.klass, f.reason) for f in fixes}


def test_names_and_tags_are_standard_patterns_and_descriptions_cosmetic():
    """RUBRICS.md puts "standard patterns (naming, tags)" in B; they were C."""
    block = 'resource "aws_sqs_queue" "q" {\n%s}\n'
    got = _classes(block % '  name = "q"\n', block % '  name = "q-dev"\n', {"sqs"})
    assert got["aws_sqs_queue.q"] == ("B", "naming or tagging standard: name")
    got = _classes(block % '  tags = { A = "1" }\n', block % '  tags = { A = "2" }\n', {"sqs"})
    assert got["aws_sqs_queue.q"][0] == "B"
    got = _classes(block % '  description = "x"\n', block % '  description = "y"\n', {"sqs"})
    assert got["aws_sqs_queue.q"] == ("C", "descriptions")


ALARM = 'resource "aws_cloudwatch_metric_alarm" "%s" {\n  alarm_name = "%s"\n}\n'


def test_a_feature_is_one_significant_fix_and_extending_one_the_model_has_is_not():
    """A whole feature added is A once; more alarms where the model already has alarms are B."""
    model = 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n'
    ideal = model + ALARM % ("a", "a") + ALARM % ("b", "b")
    got = _classes(model, ideal, {"sqs", "cloudwatch"}, {"aws_sqs_queue"})
    assert sorted(k for k, _ in got.values()) == ["A", "B"]
    assert ("B", "part of adding the aws_cloudwatch_metric_alarm feature") in got.values()
    with_alarm = model + ALARM % ("old", "old")
    got = _classes(with_alarm, with_alarm + ALARM % ("a", "a"), {"sqs", "cloudwatch"},
                   {"aws_sqs_queue", "aws_cloudwatch_metric_alarm"})
    assert got["aws_cloudwatch_metric_alarm.a"][0] == "B"


def test_supporting_services_are_minor_service_additions():
    """RUBRICS.md's B includes "minor service additions" and "best practices (VPC endpoints, private subnets)"."""
    model = 'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n}\n'
    ideal = (model + 'resource "aws_ssm_parameter" "p" {\n  name = "p"\n}\n'
             + 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n'
             + 'resource "aws_flow_log" "main" {\n  vpc_id = aws_vpc.main.id\n}\n')
    got = _classes(model, ideal, {"lambda"}, {"aws_lambda_function"})
    assert got["aws_ssm_parameter.p"] == ("B", "adds the supporting ssm service (a minor service addition)")
    assert got["aws_vpc.main"][0] == "B"
    assert got["aws_flow_log.main"][0] == "A"  # logging: a whole feature


def test_pinning_a_zone_does_not_raise_availability():
    block = 'resource "aws_db_subnet_group" "x" {\n%s}\n'
    got = _classes(block % "", block % '  availability_zone = "eu-west-1a"\n', {"rds"})
    assert got["aws_db_subnet_group.x"][0] == "B"
    got = _classes(block % '  subnet_ids = ["a"]\n', block % '  subnet_ids = ["a", "b", "c"]\n', {"rds"})
    assert got["aws_db_subnet_group.x"] == ("A", "raises availability: subnet_ids")
    got = _classes(block % "", block % "  subnet_ids = aws_subnet.p[*].id\n", {"rds"})
    assert got["aws_db_subnet_group.x"][0] == "B"


def test_a_fixed_finding_takes_the_class_the_rubric_gives_its_kind():
    """Lint and boilerplate findings are C, naming standards B, medium security holes A."""
    from iacreview.diff.finding_class import finding_class

    assert finding_class("OPS028", "low", "operations")[0] == "C"
    assert finding_class("OPS024", "low", "operations")[0] == "C"
    assert finding_class("REQ010", "medium", "requirement")[0] == "C"
    assert finding_class("CMP004", "high", "completeness")[0] == "B"
    assert finding_class("SEC031", "medium", "security")[0] == "A"
    assert finding_class("REL020", "medium", "reliability")[0] == "B"
    model = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n'
    (change,) = diff(model, model.replace('"b"\n', '"b-dev"\n'))
    fixed = classify(change, {"s3"}, {"aws_s3_bucket.b": ("CMP004", "high", "completeness")})
    assert (fixed.klass, fixed.rule) == ("B", "CMP004")
    assert finding_class("CMP005", "high", "completeness")[0] == "B"  # its content is classified on its own


def test_blocks_and_a_list_of_objects_for_one_setting_are_compared_by_what_they_set():
    """aws_security_group accepts `ingress { … }` blocks or `ingress = [{ … }]` (attributes as blocks):
    the same rules written either way are no difference; a changed port still is."""
    blocks = ('resource "aws_security_group" "web" {\n  name = "web"\n  ingress {\n    from_port   = 443\n'
              '    to_port     = 443\n    protocol    = "tcp"\n    cidr_blocks = ["10.0.0.0/8"]\n  }\n}\n')
    listed = ('resource "aws_security_group" "web" {\n  name = "web"\n  ingress = [{\n    from_port = 443\n'
              '    to_port = 443\n    protocol = "tcp"\n    cidr_blocks = ["10.0.0.0/8"]\n    ipv6_cidr_blocks = []\n'
              '    prefix_list_ids = []\n    security_groups = []\n    self = null\n    description = ""\n  }]\n}\n')
    assert diff(blocks, listed) == []
    changed = diff(blocks, listed.replace("443", "8443"))
    assert [(c.kind, [a.path for a in c.attrs]) for c in changed] == [("changed", ["ingress"])]
