"""A requirement read from the prompt, and a waiver: what the prompt explicitly lets go."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iacreview.task.requirements.vocabulary import SUBJECT_BY_KEY


def article(label: str) -> str:
    """"an S3 bucket", "an EC2 instance", "a NAT gateway", "a Lambda function"."""
    first = label.split()[0] if label else ""
    if first.upper() in ("NAT", "WAF"):
        return "a"
    if first[:1].lower() in "aeio":
        return "an"
    if first.isupper() or any(ch.isdigit() for ch in first):  # read letter by letter: "an S3", "an RDS"
        return "an" if first[:1] in "AEFHILMNORSX" else "a"
    return "a"


@dataclass(frozen=True)
class Requirement:
    """One explicit, checkable demand of the prompt, with the sentence and line it comes from.

    `kind` is one of: service, count, forbidden, instance_type, db_class, cache_class, engine, region, vpc_cidr,
    subnet_cidr, ingress_cidr, ingress_port, retention, encryption, multi_az, tags, output, layout, file, backend.
    `subject` is a vocabulary key (nat_gateway, s3_bucket, …) or what the kind is about; `value` the asked value.
    """

    kind: str
    subject: str
    value: Any
    text: str
    line: int
    comparison: str = "eq"  # eq | min | max (counts)
    strength: str = "must"  # must | should
    context: str = ""  # the heading it sits under
    negated: bool = False
    shared: bool = False  # "a single NAT gateway shared by both zones"

    @property
    def label(self) -> str:
        subject = SUBJECT_BY_KEY.get(self.subject)
        return subject.label if subject else self.subject.replace("_", " ")

    def describe(self) -> str:
        """The requirement in a few words: "exactly 1 NAT gateway", "db.t3.medium database class"."""
        k, v = self.kind, self.value
        if k == "count":
            if v == "per_az":
                return f"one {self.label} per availability zone"
            word = {"eq": "exactly", "min": "at least", "max": "at most"}[self.comparison]
            return f"{word} {v} {self.label}{'' if v == 1 else 's'}" + (" (shared)" if self.shared else "")
        if k == "forbidden":
            return f"no {self.label}"
        if k == "service":
            return f"{article(self.label)} {self.label}"
        if k in ("instance_type", "db_class", "cache_class"):
            return f"{k.replace('_', ' ')} " + " or ".join(v)
        if k == "engine":
            return f"engine {v[0]}" + (f" {v[1]}" if v[1] else "")
        if k == "region":
            return "region " + " / ".join(v)
        if k in ("vpc_cidr", "subnet_cidr", "ingress_cidr"):
            return f"{k.replace('_', ' ')} {v}"
        if k == "ingress_port":
            return f"ingress on port {v}"
        if k == "retention":
            return f"{self.subject} retention of {v} days"
        if k == "encryption":
            return f"{self.label} encrypted" + {"cmk": " with a customer-managed KMS key", "kms": " with KMS"}.get(v, "")
        if k == "multi_az":
            return f"Multi-AZ {self.label}"
        if k == "tags":
            return "tags " + ", ".join(v) + " on every resource"
        if k == "output":
            return f"output {v}"
        if k == "layout":
            return {"single_file": "everything in a single file", "no_modules": "no modules"}.get(self.subject,
                                                                                               self.subject)
        if k == "file":
            return f"file {v}"
        if k == "backend":
            return "S3 state backend" + (" with locking" if v == "locking" else "")
        return f"{k} {self.subject} {v}"

    def as_dict(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"kind": self.kind, "subject": self.subject, "value": value, "comparison": self.comparison,
                "strength": self.strength, "negated": self.negated, "description": self.describe(),
                "sentence": self.text, "line": self.line}


@dataclass(frozen=True)
class Waiver:
    """An explicit permission of the prompt ("single AZ is fine", "local state"); rules name the waivers that
    turn them off (`RuleMeta.waived_by`)."""

    name: str  # single-az | region-fixed | local-state | no-modules
    text: str
    line: int

    def as_dict(self) -> dict[str, Any]:
        return {"waiver": self.name, "sentence": self.text, "line": self.line}
