"""Deployment: schedule expressions EventBridge and EventBridge Scheduler refuse (rate and cron grammar, rates under a minute).
"""

from __future__ import annotations

import re

from iacreview.rules.catalog.deployment_support import REJECTED, TF, deploy_meta, string_rule

SCHEDULE_REF = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html"
SCHEDULER_REF = "https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html"
SCHEDULE_TYPES = ("aws_cloudwatch_event_rule", "aws_scheduler_schedule")
_RATE = re.compile(r"rate\(\s*(\d+)\s+([a-zA-Z]+)\s*\)")


def _rate_too_fast(expr: str) -> str | None:
    m = _RATE.fullmatch(expr.strip())
    if m is None:
        return None
    value, unit = int(m.group(1)), m.group(2).lower()
    if unit in ("second", "seconds"):
        return "is below the one-minute minimum"
    if value == 0:
        return "must be a positive number"
    return None


def _rate_unit(expr: str) -> str | None:
    m = _RATE.fullmatch(expr.strip())
    if m is None:
        return None
    value, unit = int(m.group(1)), m.group(2).lower()
    if unit.rstrip("s") not in ("minute", "hour", "day"):
        return None if unit.rstrip("s") == "second" else f"has unit {unit!r}; use minute(s), hour(s) or day(s)"
    if value == 1 and unit.endswith("s"):
        return f"needs the singular unit for 1: rate(1 {unit[:-1]})"
    if value > 1 and not unit.endswith("s"):
        return f"needs the plural unit for {value}: rate({value} {unit}s)"
    return None


RATE_FAST = deploy_meta(
    "DEP045", "schedule-rate-below-one-minute", "critical", "EventBridge schedule rate is below one minute",
    rationale="EventBridge rules and EventBridge Scheduler run at most once a minute: rate expressions take minutes, "
    "hours or days, and rate(10 seconds) is rejected (ValidationException: Parameter ScheduleExpression is not "
    "valid).",
    fix="Use rate(1 minute) or slower; for sub-minute work, loop inside the target or use Step Functions.",
    bad='resource "aws_cloudwatch_event_rule" "tick" {\n  schedule_expression = "rate(30 seconds)"\n}\n',
    good='resource "aws_cloudwatch_event_rule" "tick" {\n  schedule_expression = "rate(1 minute)"\n}\n',
    references=(SCHEDULE_REF, SCHEDULER_REF, TF + "cloudwatch_event_rule"),
    impact=REJECTED,
    training_value="Teaches the model EventBridge's one-minute schedule resolution.",
    resource_types=SCHEDULE_TYPES,
)

RATE_UNIT = deploy_meta(
    "DEP046", "schedule-rate-unit-mismatch", "critical", "EventBridge rate expression uses the wrong singular/plural unit",
    rationale="A rate expression takes a singular unit for the value 1 (rate(1 minute)) and a plural unit for larger "
    "values (rate(5 minutes)). EventBridge rejects rate(1 minutes) and rate(5 minute) (ValidationException: "
    "Parameter ScheduleExpression is not valid).",
    fix="Write rate(1 minute|hour|day) or rate(N minutes|hours|days).",
    bad='resource "aws_cloudwatch_event_rule" "hourly" {\n  schedule_expression = "rate(1 hours)"\n}\n',
    good='resource "aws_cloudwatch_event_rule" "hourly" {\n  schedule_expression = "rate(1 hour)"\n}\n',
    references=(SCHEDULE_REF, TF + "cloudwatch_event_rule"),
    impact=REJECTED,
    training_value="Teaches the model the exact rate-expression grammar.",
    resource_types=SCHEDULE_TYPES,
)


def _cron(expr: str) -> str | None:
    expr = expr.strip()
    if not (expr.startswith("cron(") and expr.endswith(")")):
        return None
    fields = expr[5:-1].split()
    if len(fields) != 6:
        return (f"has {len(fields)} fields; EventBridge cron takes 6 (minutes hours day-of-month month day-of-week "
                "year)")
    dom, dow = fields[2], fields[4]
    if dom != "?" and dow != "?":
        return "sets both day-of-month and day-of-week; one of them must be ?"
    if dom == "?" and dow == "?":
        return "has ? in both day-of-month and day-of-week; only one may be ?"
    return None


CRON = deploy_meta(
    "DEP047", "schedule-cron-invalid", "critical", "EventBridge cron expression does not have six fields with one ? day field",
    rationale="EventBridge cron expressions have six fields (minutes, hours, day-of-month, month, day-of-week, year), "
    "not Unix cron's five, and exactly one of day-of-month and day-of-week must be ?. Others are rejected "
    "(ValidationException: Parameter ScheduleExpression is not valid).",
    fix='Write e.g. cron(0 2 * * ? *) for 02:00 UTC daily.',
    bad='resource "aws_cloudwatch_event_rule" "nightly" {\n  schedule_expression = "cron(0 2 * * *)"\n}\n',
    good='resource "aws_cloudwatch_event_rule" "nightly" {\n  schedule_expression = "cron(0 2 * * ? *)"\n}\n',
    references=(SCHEDULE_REF, SCHEDULER_REF, TF + "cloudwatch_event_rule"),
    impact=REJECTED,
    training_value="Teaches the model EventBridge's cron dialect.",
    resource_types=SCHEDULE_TYPES,
)


RULES = [
    string_rule(RATE_FAST, "schedule_expression", _rate_too_fast),
    string_rule(RATE_UNIT, "schedule_expression", _rate_unit),
    string_rule(CRON, "schedule_expression", _cron),
]
