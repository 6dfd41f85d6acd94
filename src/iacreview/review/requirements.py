"""Each requirement of the prompt checked against the model's evaluated configuration.

The requirements model (`iacreview.task.requirements`) says what the prompt
asks; this module says whether the answer does it, from the plan (instances
after count and for_each) and evaluated values, never from the answer's text.
Every requirement ends met, not met or not checkable (a value unknown before
apply, nothing of the kind to look at), with the evidence. Deviations become
findings of the REQ rules (category `requirement`); a service the answer
wholly leaves out is CMP001's, and a deviation a rule already reports on the
same resource (SEC008 for an unencrypted bucket, REL022, OPS027) is left to
that rule, so nothing is charged twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from iacreview.eval.values import UNKNOWN
from iacreview.review.analysis import AnswerAnalysis
from iacreview.review.failures import REQUIREMENT_SEPARATOR
from iacreview.rules.base import Finding
from iacreview.rules.context import ResourceView, RuleContext
from iacreview.task.requirements import Requirement, Requirements
from iacreview.task.requirements.vocabulary import SUBJECT_BY_KEY

MET, NOT_MET, NOT_CHECKABLE = "met", "not met", "not checkable"

#: Rules that report a store's missing encryption themselves: a requirement they cover is theirs to charge.
ENCRYPTION_RULES = ("SEC008", "SEC020", "SEC023", "SEC024", "SEC025", "SEC026", "SEC027", "SEC101")

#: Subjects whose number changes the bill or the availability materially.
COSTLY = {"nat_gateway", "availability_zone", "database", "ec2_instance", "nat_instance", "load_balancer",
          "elasticache", "eks_cluster", "ecs_cluster", "kms_key", "vpc"}
RULE_OF = {"count": "REQ001", "forbidden": "REQ001", "instance_type": "REQ002", "db_class": "REQ002",
           "cache_class": "REQ002", "engine": "REQ003", "region": "REQ004", "vpc_cidr": "REQ005",
           "subnet_cidr": "REQ005", "ingress_cidr": "REQ005", "ingress_port": "REQ005", "retention": "REQ006",
           "encryption": "REQ007", "multi_az": "REQ008", "tags": "REQ009", "output": "REQ010", "layout": "REQ011",
           "file": "REQ011", "backend": "REQ012", "service": "CMP001"}


@dataclass
class Checked:
    requirement: Requirement
    status: str
    evidence: str
    severity: str = "medium"
    place: ResourceView | None = None  # the model's code the deviation is about
    covered_by: str | None = None  # a rule that already reports the deviation

    def as_dict(self) -> dict[str, Any]:
        out = self.requirement.as_dict()
        out.update({"status": self.status, "evidence": self.evidence, "rule": RULE_OF.get(self.requirement.kind)})
        if self.covered_by:
            out["reported_by"] = self.covered_by
        return out


def check_requirements(reqs: Requirements, model: AnswerAnalysis, declared_types: set[str],
                       findings: Iterable[Finding]) -> list[Checked]:
    """Every requirement with its status; `declared_types` are the resource types the answer's text declares."""
    if model.config is None:
        return [Checked(r, NOT_CHECKABLE, "the answer has no Terraform configuration") for r in reqs.items]
    ctx = RuleContext(model.config, {})
    findings = list(findings)
    by_address: dict[str, set[str]] = {}
    for f in findings:
        if f.address:
            by_address.setdefault(f.address.split("[")[0], set()).add(f.rule)
    checker = _Checker(ctx, model, declared_types, by_address, {f.rule for f in findings})
    return [checker.check(r) for r in reqs.items]


#: Rules a requirement finding stands for when both are about the same thing: only one is charged.
SUPERSEDES = {("count", "nat_gateway"): ("COST010",), ("forbidden", "nat_gateway"): ("COST010",)}


def superseded_rules(checked: list[Checked]) -> set[str]:
    """Rules whose findings a requirement not met already reports (the NAT count the prompt states is COST010's
    finding too)."""
    return {rule for c in checked if c.status == NOT_MET and not c.covered_by
            for rule in SUPERSEDES.get((c.requirement.kind, c.requirement.subject), ())}


def service_sentences(checked: list[Checked]) -> dict[str, Requirement]:
    """The prompt's sentence for each service it asks for, by the types that implement it."""
    return {t: c.requirement for c in checked if c.requirement.kind == "service" for t in c.requirement.value}


def requirement_findings(checked: list[Checked]) -> dict[str, list[dict[str, Any]]]:
    """The REQ rules' findings (as task-rule items): every requirement not met that no other rule reports."""
    found: dict[str, list[dict[str, Any]]] = {}
    for c in sorted(checked, key=lambda c: c.severity != "high"):
        rule = RULE_OF.get(c.requirement.kind)
        if c.status != NOT_MET or c.covered_by or rule is None or rule == "CMP001":
            continue
        r = c.requirement
        item: dict[str, Any] = {
            "message": f"the prompt asks for {r.describe()} (PROMPT.md line {r.line}: \"{_short(r.text)}\")"
                       f"{REQUIREMENT_SEPARATOR}{c.evidence}",
            "severity": c.severity,
            "address": c.place.address if c.place is not None else f"requirement.{r.kind}.{r.subject}",
        }
        if c.place is not None:
            block = c.place.block
            item.update(file=block.filename or "", line=block.line, col=block.col, end_line=block.end_line)
        found.setdefault(rule, []).append(item)
    return found


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _known(value: Any) -> bool:
    return value is not None and value is not UNKNOWN


class _Checker:
    def __init__(self, ctx: RuleContext, model: AnswerAnalysis, declared: set[str],
                 by_address: dict[str, set[str]], rules_found: set[str]) -> None:
        self.rules_found = rules_found
        self.ctx = ctx
        self.model = model
        self.declared = declared
        self.by_address = by_address
        self.undetermined = {u.address.split("[")[0] for u in (model.plan.undetermined if model.plan else [])}

    def check(self, r: Requirement) -> Checked:
        method = getattr(self, f"_{r.kind}", None)
        if method is None:
            return Checked(r, NOT_CHECKABLE, "no check for this kind of requirement")
        return method(r)

    # ------------------------------------------------------------ helpers

    def views(self, *types: str) -> list[ResourceView]:
        return self.ctx.of_type(*types)

    def covered(self, view: ResourceView | None, *rules: str) -> str | None:
        if view is None:
            return None
        found = self.by_address.get(view.address.split("[")[0], set()) & set(rules)
        return sorted(found)[0] if found else None

    def _undetermined(self, types: Iterable[str]) -> bool:
        return any(a.split(".")[-2] in types for a in self.undetermined if "." in a)

    def az_count(self) -> tuple[int | None, str]:
        """How many availability zones the subnets span (per region): known zone values, else how the zone is written.

        Zones known before apply are counted per region (a two-region answer has two zones in each). Otherwise
        each subnet instance's zone expression, with its count index or each key, is one zone: `names[0]` in one
        resource and `names[1]` in another are two. Answers with several VPCs are counted only from known zones.
        """
        subnets = self.views("aws_subnet")
        if not subnets:
            return None, "no subnets"
        zones = [s.py("availability_zone") for s in subnets]
        if all(isinstance(z, str) for z in zones):
            by_region: dict[str, set[str]] = {}
            for z in zones:
                by_region.setdefault(z[:-1], set()).add(z)
            region, names = max(by_region.items(), key=lambda kv: len(kv[1]))
            return len(names), f"subnets in {len(names)} zone(s): {', '.join(sorted(names))}"
        if len(self.views("aws_vpc")) > 1:
            return None, "several VPCs whose subnets' zones are known only at apply time"
        keys: set[str] = set()
        for s in subnets:
            attr = s.attr("availability_zone") or s.attr("availability_zone_id")
            if attr is None:
                continue
            text = " ".join(attr.expr.text().split())
            index = s.address[len(s.address.split("[")[0]):]
            keys.add(text + index if re.search(r"count\.index|each\.", text) else text)
        if not keys:
            return None, "subnets without a stated zone"
        return len(keys), f"{len(keys)} distinct zone(s) among the subnets"

    # ------------------------------------------------------------ counts

    def _count(self, r: Requirement) -> Checked:
        subject = SUBJECT_BY_KEY.get(r.subject)
        if r.subject == "availability_zone":
            n, how = self.az_count()
            if n is None:
                return Checked(r, NOT_CHECKABLE, how)
            return self._compare(r, n, how, None)
        if subject is None or not subject.types:
            return Checked(r, NOT_CHECKABLE, "nothing to count")
        if self._undetermined(subject.types) or self._undetermined(("aws_rds_cluster_instance",)) and \
                r.subject == "database":
            return Checked(r, NOT_CHECKABLE, f"the number of {subject.label}s is known only at apply time")
        views = self.views(*subject.types)
        if r.subject == "database" and self.views("aws_rds_cluster_instance"):
            # Aurora: the instances are the databases that run; the cluster is their shared storage.
            views = self.views("aws_db_instance", "aws_rds_cluster_instance")
        if r.subject == "sqs":  # dead-letter queues serve the queues asked for; they are not more of them
            views = [v for v in views if not re.search(r"dlq|dead", v.address, re.I)]
        if r.subject in ("public_subnet", "private_subnet"):
            word = r.subject.split("_")[0]
            views = [v for v in views if word in v.address.lower() or word in str(v.py("tags", {}) or "").lower()]
            if not views and self.views("aws_subnet"):
                return Checked(r, NOT_CHECKABLE, f"no subnet is named {word}")
        if r.value == "per_az":
            zones, how = self.az_count()
            if zones is None:
                return Checked(r, NOT_CHECKABLE, how)
            place = views[0] if views else None
            if len(views) == zones:
                return Checked(r, MET, f"{len(views)} {subject.label}(s) for {zones} zone(s)")
            severity = "high" if r.subject in COSTLY else "medium"
            return Checked(r, NOT_MET, f"{len(views)} {subject.label}(s) for {zones} zone(s) ({how})", severity, place)
        if not views and subject.types[0] not in self.declared and r.comparison != "max":
            return Checked(r, NOT_CHECKABLE, f"no {subject.label} at all (a missing service, CMP001's to report)")
        names = ", ".join(dict.fromkeys(v.address.split("[")[0] for v in views))
        return self._compare(r, len(views), f"{len(views)} planned ({names})" if views else "none planned",
                             views[0] if views else None)

    def _compare(self, r: Requirement, n: int, how: str, place: ResourceView | None) -> Checked:
        want = r.value
        ok = n == want if r.comparison == "eq" else n >= want if r.comparison == "min" else n <= want
        if ok:
            return Checked(r, MET, how)
        severity = "high" if r.subject in COSTLY else "medium"
        return Checked(r, NOT_MET, how, severity, place)

    def _forbidden(self, r: Requirement) -> Checked:
        subject = SUBJECT_BY_KEY[r.subject]
        views = self.views(*subject.types)
        if not views:
            return Checked(r, MET, f"no {subject.label}")
        names = ", ".join(dict.fromkeys(v.address.split("[")[0] for v in views))
        return Checked(r, NOT_MET, f"{len(views)} {subject.label}(s) planned ({names})",
                       "high" if r.subject in COSTLY else "medium", views[0])

    def _service(self, r: Requirement) -> Checked:
        present = [t for t in r.value if t in self.declared]
        if present:
            return Checked(r, MET, "declares " + ", ".join(present))
        return Checked(r, NOT_MET, "declares no " + " or ".join(r.value), "high")

    # ------------------------------------------------------------ values

    def _one_of(self, r: Requirement, targets: list[tuple[ResourceView, Any]], what: str,
                severity: str = "medium") -> Checked:
        known = [(v, x) for v, x in targets if _known(x)]
        if not targets:
            return Checked(r, NOT_CHECKABLE, f"no resource with a {what}")
        wanted = {str(x).lower() for x in r.value}
        if any(str(x).lower() in wanted for _, x in known):
            return Checked(r, MET, ", ".join(f"{v.address}: {x}" for v, x in known if str(x).lower() in wanted))
        if len(known) < len(targets):
            return Checked(r, NOT_CHECKABLE, f"the {what} is known only at apply time")
        return Checked(r, NOT_MET, ", ".join(f"{v.address}: {what} = {x}" for v, x in known[:4]), severity,
                       known[0][0])

    def _instance_type(self, r: Requirement) -> Checked:
        targets = [(v, v.py("instance_type")) for v in self.views("aws_instance", "aws_launch_template",
                                                                 "aws_launch_configuration")]
        return self._one_of(r, [(v, x) for v, x in targets if v.attr("instance_type") is not None or
                                v.type == "aws_instance"], "instance_type")

    def _db_class(self, r: Requirement) -> Checked:
        targets = [(v, v.py("instance_class")) for v in self.views("aws_db_instance", "aws_rds_cluster_instance")]
        targets += [(v, v.py("db_cluster_instance_class")) for v in self.views("aws_rds_cluster")
                    if v.attr("db_cluster_instance_class") is not None]
        return self._one_of(r, targets, "instance_class")

    def _cache_class(self, r: Requirement) -> Checked:
        targets = [(v, v.py("node_type")) for v in self.views("aws_elasticache_cluster",
                                                              "aws_elasticache_replication_group")]
        return self._one_of(r, targets, "node_type")

    def _engine(self, r: Requirement) -> Checked:
        name, version = r.value
        cache = name in ("redis", "memcached")
        types = ("aws_elasticache_cluster", "aws_elasticache_replication_group") if cache else (
            "aws_db_instance", "aws_rds_cluster")
        views = [v for v in self.views(*types) if not (v.type == "aws_db_instance" and v.attr("replicate_source_db"))]
        if not views:
            return Checked(r, NOT_CHECKABLE, f"no {'cache' if cache else 'database'} resource")
        family = name.replace("aurora-", "")
        engines = [(v, v.py("engine", "redis" if cache else None)) for v in views]
        if any(not _known(e) for _, e in engines):
            return Checked(r, NOT_CHECKABLE, "the engine is known only at apply time")
        matching = [(v, e) for v, e in engines if family in str(e).lower()]
        if not matching:
            return Checked(r, NOT_MET, ", ".join(f"{v.address}: engine = {e}" for v, e in engines[:3]), "high",
                           engines[0][0])
        if not version:
            return Checked(r, MET, ", ".join(f"{v.address}: engine = {e}" for v, e in matching))
        versions = [(v, v.py("engine_version")) for v, _ in matching]
        if any(_known(x) and (str(x) == version or str(x).startswith(version + ".")) for _, x in versions):
            return Checked(r, MET, ", ".join(f"{v.address}: engine_version = {x}" for v, x in versions))
        if any(not _known(x) for _, x in versions):
            return Checked(r, NOT_CHECKABLE, "engine_version is unset (AWS picks the default) or known at apply")
        return Checked(r, NOT_MET, ", ".join(f"{v.address}: engine_version = {x}" for v, x in versions[:3]),
                       "medium", versions[0][0])

    def _region(self, r: Requirement) -> Checked:
        from iacreview.review.facts import provider_regions

        assert self.model.config is not None
        regions, _, count = provider_regions(self.model.config)
        if not regions:
            return Checked(r, NOT_CHECKABLE, "no provider region known before apply" if count else "no aws provider")
        if regions & set(r.value):
            return Checked(r, MET, "provider region " + ", ".join(sorted(regions)))
        return Checked(r, NOT_MET, "provider region " + ", ".join(sorted(regions)), "high")

    def _vpc_cidr(self, r: Requirement) -> Checked:
        targets = [(v, v.py("cidr_block")) for v in self.views("aws_vpc")]
        checked = self._one_of(r.__class__(**{**r.__dict__, "value": (r.value,)}), targets, "cidr_block")
        return Checked(r, checked.status, checked.evidence, checked.severity, checked.place)

    def _subnet_cidr(self, r: Requirement) -> Checked:
        views = self.views("aws_subnet")
        cidrs = [(v, v.py("cidr_block")) for v in views]
        if not views:
            return Checked(r, NOT_CHECKABLE, "no subnets")
        if any(x == r.value for _, x in cidrs):
            return Checked(r, MET, next(f"{v.address}: cidr_block = {x}" for v, x in cidrs if x == r.value))
        if any(not _known(x) for _, x in cidrs):
            return Checked(r, NOT_CHECKABLE, "subnet CIDRs known only at apply time")
        return Checked(r, NOT_MET, "no subnet has it (" + ", ".join(str(x) for _, x in cidrs[:6]) + ")", "medium",
                       views[0])

    def _ingress(self) -> list[tuple[ResourceView, Any, Any, Any, Any]]:
        """(view, from_port, to_port, protocol, cidrs) of every ingress rule."""
        rules = []
        for sg in self.views("aws_security_group"):
            for block in sg.blocks("ingress"):
                rules.append((sg, block.py("from_port"), block.py("to_port"), block.py("protocol"),
                              block.py("cidr_blocks", [])))
        for rule in self.views("aws_security_group_rule"):
            if rule.py("type") == "ingress":
                rules.append((rule, rule.py("from_port"), rule.py("to_port"), rule.py("protocol"),
                              rule.py("cidr_blocks", [])))
        for rule in self.views("aws_vpc_security_group_ingress_rule"):
            cidr = rule.py("cidr_ipv4")
            rules.append((rule, rule.py("from_port"), rule.py("to_port"), rule.py("ip_protocol"),
                          [cidr] if cidr else []))
        return rules

    def _ingress_port(self, r: Requirement) -> Checked:
        rules = self._ingress()
        if not rules:
            return Checked(r, NOT_CHECKABLE, "no ingress rules")
        for view, low, high, protocol, _ in rules:
            if str(protocol) in ("-1", "all"):
                return Checked(r, MET, f"{view.address} allows all ports")
            if isinstance(low, int) and isinstance(high, int) and low <= r.value <= high:
                return Checked(r, MET, f"{view.address} allows {low}-{high}")
        if any(not isinstance(low, int) or not isinstance(high, int) for _, low, high, _, _ in rules):
            return Checked(r, NOT_CHECKABLE, "some ingress ports are known only at apply time")
        opened = sorted({f"{low}" if low == high else f"{low}-{high}" for _, low, high, _, _ in rules})
        return Checked(r, NOT_MET, "ingress opens only " + ", ".join(opened[:6]), "medium", rules[0][0])

    def _ingress_cidr(self, r: Requirement) -> Checked:
        rules = self._ingress()
        if not rules:
            return Checked(r, NOT_CHECKABLE, "no ingress rules")
        cidrs = [(view, c) for view, _, _, _, cs in rules if isinstance(cs, list) for c in cs]
        if any(c == r.value for _, c in cidrs):
            return Checked(r, MET, next(f"{v.address} allows {c}" for v, c in cidrs if c == r.value))
        if any(not isinstance(c, str) for _, c in cidrs):
            return Checked(r, NOT_CHECKABLE, "some ingress CIDRs are known only at apply time")
        open_world = [(v, c) for v, c in cidrs if c in ("0.0.0.0/0", "::/0")]
        if open_world:
            return Checked(r, NOT_MET, f"{open_world[0][0].address} allows {open_world[0][1]}", "high",
                           open_world[0][0])
        return Checked(r, NOT_MET, "ingress allows " + ", ".join(sorted({c for _, c in cidrs})[:5]), "medium",
                       cidrs[0][0] if cidrs else rules[0][0])

    def _retention(self, r: Requirement) -> Checked:
        if r.subject == "logs":
            targets = [(v, v.py("retention_in_days", 0)) for v in self.views("aws_cloudwatch_log_group")]
            what = "retention_in_days"
        else:
            targets = [(v, v.py("backup_retention_period")) for v in self.views("aws_db_instance", "aws_rds_cluster")
                       if not (v.type == "aws_db_instance" and v.attr("replicate_source_db"))]
            what = "backup_retention_period"
        if not targets:
            return Checked(r, NOT_CHECKABLE, f"no resource with a {what}")
        if any(x == r.value for _, x in targets):
            return Checked(r, MET, ", ".join(f"{v.address}: {what} = {x}" for v, x in targets if x == r.value))
        if any(not isinstance(x, int) for _, x in targets):
            return Checked(r, NOT_CHECKABLE, f"{what} unset or known only at apply time")
        shorter = any(x < r.value and x != 0 for _, x in targets) or (r.subject == "backup" and any(
            x < r.value for _, x in targets))
        severity = "high" if shorter and r.subject == "backup" else "medium"
        return Checked(r, NOT_MET, ", ".join(f"{v.address}: {what} = {x}" + (" (never expires)" if x == 0 and
                                                                               r.subject == "logs" else "")
                                             for v, x in targets[:4]), severity, targets[0][0])

    def _encryption(self, r: Requirement) -> Checked:
        """`any`: encrypted at rest; `kms`: with KMS (an AWS-managed key will do); `cmk`: with a key of the answer's."""
        how = r.value
        cmk = how == "cmk"

        def key(value: Any) -> bool:  # a KMS key is named, and for `cmk` not an AWS-managed alias
            return _known(value) and not (cmk and str(value).startswith("alias/aws/"))

        checks = {
            "s3_bucket": lambda v: self._bucket_encryption(v, how),
            "database": lambda v: v.attr("replicate_source_db") is not None or self._db_encryption(v, cmk),
            "dynamodb": lambda v: (_truthy(_first(v, "server_side_encryption", "enabled")) or how == "any") and (
                not cmk or key(_first(v, "server_side_encryption", "kms_key_arn"))),
            "sqs": lambda v: key(v.py("kms_master_key_id")) or (how == "any" and v.py("sqs_managed_sse_enabled", True)
                                                                is not False),
            "sns": lambda v: key(v.py("kms_master_key_id")),
            "log_group": lambda v: key(v.py("kms_key_id")) or how == "any",
            "efs": lambda v: _truthy(v.py("encrypted")) and (not cmk or key(v.py("kms_key_id"))),
            "kinesis": lambda v: v.py("encryption_type") == "KMS",
        }
        subject = SUBJECT_BY_KEY[r.subject]
        test = checks.get(r.subject)
        views = self.views(*subject.types)
        if test is None or not views:
            return Checked(r, NOT_CHECKABLE, f"no {subject.label}")
        bad = [v for v in views if not test(v)]
        suffix = {"cmk": " with a customer-managed KMS key", "kms": " with KMS"}.get(how, "")
        if not bad:
            return Checked(r, MET, f"{len(views)} {subject.label}(s) encrypted{suffix}")
        covered = self.covered(bad[0], *ENCRYPTION_RULES)
        return Checked(r, NOT_MET, ", ".join(v.address for v in bad[:4]) + f" not encrypted{suffix}", "high", bad[0],
                       covered)

    def _bucket_encryption(self, bucket: ResourceView, how: str) -> bool:
        for conf in self.ctx.linked(bucket, "aws_s3_bucket_server_side_encryption_configuration"):
            for rule in conf.blocks("rule"):
                for default in rule.blocks("apply_server_side_encryption_by_default"):
                    algorithm = str(default.py("sse_algorithm") or "")
                    if how == "any" or ("kms" in algorithm and (how == "kms" or _known(
                            default.py("kms_master_key_id")))):
                        return True
        for rule in bucket.blocks("server_side_encryption_configuration"):
            return how == "any" or "kms" in str(rule.block.text())
        return how == "any"  # S3 encrypts every new object with SSE-S3 by default (since January 2023)

    def _db_encryption(self, db: ResourceView, cmk: bool) -> bool:
        encrypted = db.py("storage_encrypted")
        return _truthy(encrypted) and (not cmk or _known(db.py("kms_key_id")))

    def _multi_az(self, r: Requirement) -> Checked:
        instances = [v for v in self.views("aws_db_instance") if not v.attr("replicate_source_db")]
        clusters = self.views("aws_rds_cluster")
        if not instances and not clusters:
            return Checked(r, NOT_CHECKABLE, "no database")
        single = [v for v in instances if v.py("multi_az") is not True and _known(v.py("multi_az", False))]
        members = len(self.views("aws_rds_cluster_instance"))
        if clusters and members < 2 and not self._undetermined(("aws_rds_cluster_instance",)):
            single += clusters
        if not single:
            return Checked(r, MET, "multi_az = true" if instances else f"{members} cluster instances")
        return Checked(r, NOT_MET, ", ".join(f"{v.address} runs in one zone" for v in single[:3]), "high", single[0],
                       self.covered(single[0], "REL022"))

    def _tags(self, r: Requirement) -> Checked:
        assert self.model.config is not None
        default_keys: set[str] = set()
        for provider in self.model.config.root.providers:
            for block in provider.block.body.blocks("default_tags"):
                text = block.text()
                default_keys |= {k for k in r.value if k in text}
        missing = [k for k in r.value if k not in default_keys]
        if not missing:
            return Checked(r, MET, "default_tags carry " + ", ".join(r.value))
        tagged = [v for v in self.ctx.resources if v.attr("tags") is not None]
        if not tagged:
            return Checked(r, NOT_MET, "no default_tags and no resource sets tags", "medium")
        lacking: list[ResourceView] = []
        for v in tagged:
            tags = v.py("tags")
            if not isinstance(tags, dict):
                return Checked(r, NOT_CHECKABLE, f"{v.address}: tags known only at apply time")
            if any(k not in tags for k in missing):
                lacking.append(v)
        if not lacking:
            return Checked(r, MET, "every tagged resource carries " + ", ".join(missing))
        keys = [k for k in missing if any(k not in (v.py("tags") or {}) for v in lacking)]
        return Checked(r, NOT_MET, f"{len(lacking)} resource(s) lack tag(s) {', '.join(keys)}, e.g. "
                       f"{lacking[0].address}", "medium", lacking[0])

    def _output(self, r: Requirement) -> Checked:
        assert self.model.config is not None
        outputs = {name: out for m in self.model.config.modules() if m is self.model.config.root
                   for name, out in m.outputs.items()}
        words = r.value.replace("load balancer", "lb").split()
        thing, attr = words[0], words[-1].rstrip("s")
        synonyms = {"lb": ("lb", "alb", "load_balancer", "nlb"), "alb": ("alb", "lb", "load_balancer"),
                    "db": ("db", "database", "rds"), "database": ("db", "database", "rds"),
                    "rds": ("rds", "db", "database"), "function": ("function", "lambda"),
                    "lambda": ("lambda", "function"), "api": ("api", "gateway", "endpoint")}.get(thing, (thing,))
        attrs = {"id": ("id",), "arn": ("arn",), "name": ("name", "dns"), "dns": ("dns",), "url": ("url", "endpoint",
                 "dns"), "endpoint": ("endpoint", "url", "address", "dns"), "address": ("address", "endpoint", "dns",
                 "ip")}.get(attr, (attr,))
        for name, out in outputs.items():
            low = name.lower()
            value = out.block.text().lower()
            if any(s in low or f"_{s}" in value for s in synonyms) and any(a in low or a in value for a in attrs):
                return Checked(r, MET, f"output {name}")
        if not outputs:
            return Checked(r, NOT_MET, "the root module has no outputs", "medium")
        return Checked(r, NOT_MET, "no output for it (outputs: " + ", ".join(sorted(outputs)[:8]) + ")", "medium")

    def _layout(self, r: Requirement) -> Checked:
        assert self.model.config is not None
        if r.subject == "single_file":
            # Files the answer names itself; unnamed blocks and the later turns of a conversation are not files.
            names = sorted(n for n in self.model.files if n.endswith(".tf") and not n.startswith("(")
                           and not re.search(r"\.turn\d+\.", n) and not getattr(self.model.answer.files.get(n), "generated_name", False))
            if len(names) <= 1:
                return Checked(r, MET, "one file: " + ", ".join(names))
            return Checked(r, NOT_MET, f"{len(names)} .tf files: " + ", ".join(names[:6]), "medium")
        calls = [f"module.{name}" for m in self.model.config.modules() for name in m.module_calls]
        if not calls:
            return Checked(r, MET, "no module calls")
        return Checked(r, NOT_MET, "module calls: " + ", ".join(calls[:5]), "medium")

    def _file(self, r: Requirement) -> Checked:
        names = {n.rsplit("/", 1)[-1] for n in self.model.answer.files}
        if r.value in names:
            return Checked(r, MET, f"{r.value} is in the answer")
        if not names:
            return Checked(r, NOT_CHECKABLE, "the answer names no files")
        return Checked(r, NOT_MET, f"no file named {r.value} (files: " + ", ".join(sorted(names)[:6]) + ")", "medium")

    def _backend(self, r: Requirement) -> Checked:
        assert self.model.config is not None
        backend = self.model.config.root.settings.backend
        if backend is None:
            return Checked(r, NOT_MET, "no backend: state stays local", "medium", None,
                           "OPS027" if "OPS027" in self.rules_found else None)
        kind = backend.labels[0] if backend.labels else ""
        if kind != "s3":
            return Checked(r, NOT_MET, f'backend "{kind}"', "medium")
        if r.value == "locking":
            text = backend.text()
            if "dynamodb_table" not in text and "use_lockfile" not in text:
                return Checked(r, NOT_MET, 'backend "s3" without dynamodb_table or use_lockfile', "medium")
        return Checked(r, MET, 'backend "s3"')


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _first(view: ResourceView, block: str, name: str) -> Any:
    blocks = view.blocks(block)
    return blocks[0].py(name) if blocks else None
