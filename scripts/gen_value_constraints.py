#!/usr/bin/env python3
"""Generate the AWS API value constraints the deployment rule DEP080 checks (rules/data/aws_value_constraints.json).

Sources, both named and versioned in the output's header:
- botocore's service models (the `botocore` package: enums, min/max length,
  patterns and numeric ranges of every API input member), the way
  tflint-ruleset-aws generates most of its rules;
- the shipped hashicorp/aws provider schemas, read through `iacreview.schema`
  (the schemas the validator uses), for which arguments exist, whether a
  configuration may set them, and their types.

A provider argument gets a constraint only where the mapping is unambiguous:
1. the resource type `aws_<prefix>_<rest>` names a botocore service through its
   prefix (the service name itself, or one of the few `PREFIXES` below where
   Terraform's prefix differs), and exactly one `Create<Rest>` operation of that
   service matches `<rest>` (case and underscores ignored);
2. the argument is a top-level, settable (required or optional) string or number
   whose snake_case name is the member's (`MemorySize` -> `memory_size`), or
   `name` for the member `<Rest>Name`/`Name`;
3. the member is a scalar with at least one constraint, and its pattern (if
   any) compiles in Python.
Everything else is left out, and the count of what is covered is printed and
recorded.

Usage: python scripts/gen_value_constraints.py   (needs botocore installed; it is a dev dependency)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "iacreview" / "rules" / "data" / "aws_value_constraints.json"

#: Terraform prefixes that differ from the botocore service name: prefix -> (service, keep prefix in the operation).
PREFIXES = {
    "lb": ("elbv2", False),
    "alb": ("elbv2", False),
    "db": ("rds", True),
    "rds": ("rds", True),
    "cloudwatch_log": ("logs", False),
    "cloudwatch_event": ("events", False),
    "cloudwatch_metric": ("cloudwatch", True),
    "sfn": ("stepfunctions", False),
    "cognito_user": ("cognito-idp", True),
    "elasticache": ("elasticache", True),
    "api_gateway": ("apigateway", False),
    "apigatewayv2": ("apigatewayv2", False),
    "kinesis_firehose": ("firehose", False),
    "secretsmanager": ("secretsmanager", False),
    "ssm": ("ssm", False),
    "efs": ("efs", True),
    "ecr": ("ecr", False),
    "ecs": ("ecs", False),
    "eks": ("eks", False),
    "wafv2": ("wafv2", False),
}


def _snake(name: str) -> str:
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return s.lower()


def _schema() -> tuple[str, dict[str, dict[str, str]]]:
    """Settable top-level string/number arguments of every resource type, over every shipped aws schema.

    Read through iacreview.schema (the provider schemas the validator uses): resource type -> argument -> "string"
    or "number".
    """
    from iacreview.eval.types import NUMBER, STRING
    from iacreview.schema import load_provider, shipped_providers

    found: dict[str, dict[str, str]] = {}
    versions = []
    for shipped in shipped_providers():
        if shipped.name != "aws":
            continue
        versions.append(f"{shipped.short_source} {shipped.version}")
        schema = load_provider(shipped)
        for rtype in schema.types("resource"):
            block = schema.resource(rtype)
            if block is None:
                continue
            for name, attr in block.attributes.items():
                if attr.configurable and attr.nested is None and attr.type in (STRING, NUMBER):
                    found.setdefault(rtype, {})[name] = "string" if attr.type == STRING else "number"
    return f"provider schemas {', '.join(versions)} (iacreview.schema)", found


def _candidates(rtype: str, services: set[str]) -> list[tuple[str, str]]:
    """(service, operation-key) candidates for a resource type: the operation key is 'create' + rest, lowercased."""
    rest = rtype[len("aws_"):]
    found = []
    for prefix, (service, keep) in PREFIXES.items():
        if rest.startswith(prefix + "_") and service in services:
            tail = rest if keep else rest[len(prefix) + 1:]
            found.append((service, "create" + tail.replace("_", "")))
    if not found:
        head = rest.split("_", 1)
        if len(head) == 2 and head[0] in services:
            found.append((head[0], "create" + head[1].replace("_", "")))
    return found


def _constraint(shape) -> dict | None:
    meta = shape.metadata
    out: dict = {}
    if shape.type_name == "string":
        if getattr(shape, "enum", None):
            out["enum"] = list(shape.enum)
        if "min" in meta and meta["min"] > 0:
            out["min"] = meta["min"]
        if "max" in meta:
            out["max"] = meta["max"]
        if "pattern" in meta:
            try:
                re.compile(meta["pattern"])
                out["pattern"] = meta["pattern"]
            except re.error:
                pass
        kind = "string"
    elif shape.type_name in ("integer", "long"):
        if "min" in meta:
            out["min"] = meta["min"]
        if "max" in meta:
            out["max"] = meta["max"]
        kind = "number"
    else:
        return None
    if not out:
        return None
    out["kind"] = kind
    return out


def generate() -> dict:
    import botocore
    import botocore.session

    session = botocore.session.get_session()
    services = set(session.get_available_services())
    origin, blocks = _schema()
    constraints: dict[str, dict] = {}
    for rtype in sorted(blocks):
        matches = []
        for service, key in _candidates(rtype, services):
            model = session.get_service_model(service)
            ops = [op for op in model.operation_names if op.lower() == key]
            matches.extend((service, model, op) for op in ops)
        if len(matches) != 1:
            continue
        service, model, op_name = matches[0]
        op = model.operation_model(op_name)
        if op.input_shape is None:
            continue
        attrs = blocks[rtype]
        rest = op_name[len("Create"):]
        for member, shape in op.input_shape.members.items():
            attr = _snake(member)
            if attr not in attrs and member.lower() in (rest.lower() + "name", "name"):
                attr = "name"
            kind = attrs.get(attr)
            c = _constraint(shape) if kind is not None else None
            if c is None or c["kind"] != kind:
                continue
            c["api"] = f"{service}.{op_name}.{member}"
            constraints.setdefault(rtype, {})[attr] = c
    return {
        "_generated": "by scripts/gen_value_constraints.py; do not edit",
        "_source": f"botocore {botocore.__version__} service models; {origin}",
        "_source_date": _today(),
        "_counts": {"resource_types": len(constraints), "arguments": sum(len(v) for v in constraints.values())},
        # One JSON string per resource type: loading decodes only the types a configuration uses.
        "constraints": {t: json.dumps(c, sort_keys=True, separators=(",", ":")) for t, c in constraints.items()},
    }


def _today() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).strftime("%Y-%m-%d")


def main() -> int:
    data = generate()
    OUT.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {data['_source']}: {data['_counts']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
