"""Gathering the score's facts from the task, both answers and the diff.

Each fact is read the same documented way every time: regions from provider
blocks, workspaces from `terraform.workspace`, documents by file name, tests by
counting test functions and assertions.
"""

from __future__ import annotations

import posixpath
import re

from iacreview.eval.values import UNKNOWN
from iacreview.hcl import nodes as N
from iacreview.hcl import parse_with_errors
from iacreview.model.config import Configuration
from iacreview.review.analysis import AnswerAnalysis
from iacreview.task.requirements.signals import REGION
from iacreview.rules.context import to_py
from iacreview.rules.services import service_from_name, service_of
from iacreview.task import Answer

_DECLARED = re.compile(r'^[ \t]*resource[ \t]+"([a-z][a-z0-9]*_[a-z0-9_]+)"[ \t]+"[^"\n]+"', re.MULTILINE)
_TEST_CASE = re.compile(
    r"^\s*(?:def test_\w+|func Test\w+|(?:it|test|describe)\s*\(|run\s+\"[^\"]+\"\s*\{|@Test\b)", re.MULTILINE
)
_ASSERTION = re.compile(r"\bassert\w*\b|\bexpect\s*\(|\[\[ .* \]\]|\bcondition\s*=", re.IGNORECASE)
# Services that can stand in for each other when checking "is the required service there".
# (Security groups, subnets and gateways are EC2 API resources, so VPC resources satisfy "EC2".)
EQUIVALENT = {"ec2": {"ec2", "autoscaling", "vpc"}, "elb": {"elb"}, "cloudwatch": {"cloudwatch", "eventbridge"},
              "ecs": {"ecs", "eks"}}


def count_tests(answer: Answer) -> tuple[int, list[str]]:
    """Test functions (or, failing those, assertions) in the answer's tests."""
    cases = 0
    names = []
    for f in answer.tests:
        found = len(_TEST_CASE.findall(f.text)) or len(_ASSERTION.findall(f.text))
        cases += found
        names.append(f.name or f"(unnamed {f.lang} block)")
    for name, f in answer.files.items():
        if name.endswith(".tftest.hcl") and f not in answer.tests:
            cases += len(re.findall(r'^\s*run\s+"', f.text, re.MULTILINE))
            names.append(name)
    return cases, names


def present_documents(answer: Answer, requested: list[str]) -> dict[str, bool]:
    """For each requested document: does the answer hold it with real content (≥ 200 characters)?"""
    by_base: dict[str, str] = {}
    for name, f in answer.files.items():
        by_base[name.rsplit("/", 1)[-1].lower()] = f.text
    result = {}
    for doc in requested:
        text = by_base.get(doc.lower())
        result[doc] = text is not None and len(text.strip()) >= 200
    return result


def provider_regions(config: Configuration) -> tuple[set[str], bool, int]:
    """(known region values of aws provider blocks, region comes from a variable, provider count)."""
    regions: set[str] = set()
    from_var = False
    count = 0
    for provider in config.root.providers:
        if provider.name != "aws":
            continue
        count += 1
        attr = provider.block.body.get_attribute("region")
        if attr is None:
            continue
        if any(isinstance(n, N.Variable) and n.name == "var" for n in attr.expr.walk()):
            from_var = True
        value = to_py(config.scope.try_evaluate(attr.expr), None)
        if isinstance(value, str) and value is not UNKNOWN:
            regions.add(value)
    return regions, from_var, count


def uses_workspaces(files: dict[str, str]) -> bool:
    return any("terraform.workspace" in text for text in files.values())


def region_var_files(answer: Answer) -> int:
    """Variable files that set a region, counted once per distinct region."""
    regions = set()
    for name, f in answer.files.items():
        if name.endswith(".tfvars"):
            for m in re.finditer(r"^\s*\w*region\w*\s*=\s*\"([^\"]+)\"", f.text, re.MULTILINE):
                if REGION.fullmatch(m.group(1)):
                    regions.add(m.group(1))
    return len(regions)


def resource_types(analysis: AnswerAnalysis | None) -> set[str]:
    """Every managed resource type the answer declares, in any file of any directory.

    Answers often show module files that no root module calls, or end in a
    truncated file; what they declare still counts as implemented, so each file
    is read on its own and even a partial parse contributes its blocks.
    """
    if analysis is None:
        return set()
    if analysis.declared_types is None:
        types: set[str] = set()
        for _, tree in _file_trees(analysis):
            for block in tree.body.blocks("resource"):
                if block.labels:
                    types.add(block.labels[0])
        # A block no parse could read (broken where it opens) is still declared in the answer's text: the
        # review never calls a type missing that the answer writes out.
        for name, text in analysis.files.items():
            if name.endswith(".tf"):
                types.update(_DECLARED.findall(text))
        analysis.declared_types = types
    return set(analysis.declared_types)


def _file_trees(analysis: AnswerAnalysis) -> list[tuple[str, N.ConfigFile]]:
    """Each .tf file of the answer as a tree: the loaded one, or a partial parse of what the model skipped.

    Kept on the analysis: several facts read them, and files outside the model are parsed only here.
    """
    if analysis.file_trees is None:
        loaded = {}
        if analysis.config is not None:
            loaded = {name: tree for module in analysis.config.modules() for name, tree in module.files.items()}
        analysis.file_trees = [
            (name, loaded.get(name) or parse_with_errors(text, name)[0])
            for name, text in analysis.files.items()
            if name.endswith(".tf")
        ]
    return analysis.file_trees


def cross_service_links(analysis: AnswerAnalysis | None) -> int:
    """References from a resource of one service to a resource of another (IAM aside)."""
    if analysis is None or analysis.config is None:
        return 0
    links = 0
    for module in analysis.config.modules():
        declared = {r.type for r in module.managed_resources}
        for res in module.managed_resources:
            own = service_of(res.type)
            for node in res.block.walk(N.GetAttr):
                if isinstance(node.obj, N.Variable) and node.obj.name in declared:
                    other = service_of(node.obj.name)
                    if other not in (own, "iam"):
                        links += 1
                        break
    return links


def attributes_by_type(analysis: AnswerAnalysis | None) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    if analysis is None or analysis.config is None:
        return found
    for module in analysis.config.modules():
        for res in module.managed_resources:
            names = found.setdefault(res.type, set())
            for node in res.block.walk():
                if isinstance(node, N.Attribute):
                    value = node.expr
                    if isinstance(value, N.Literal) and value.value is False:
                        continue
                    names.add(node.name)
    return found


def required_services(metadata_services: list[str]) -> list[str]:
    found: list[str] = []
    for name in metadata_services:
        service = service_from_name(str(name))
        if service and service not in found:
            found.append(service)
    return found


def missing_services(required: list[str], types: set[str], elsewhere: set[str] = frozenset()) -> list[str]:
    """Required services with no resource in `types`; `elsewhere` are services known to live in code not shown."""
    present = {service_of(t) for t in types} | set(elsewhere)
    return [s for s in required if not (EQUIVALENT.get(s, {s}) & present)]


def services_in_unseen_modules(analysis: AnswerAnalysis | None) -> set[str]:
    """Services that local modules missing from the answer are named after.

    An answer that calls `module "route53_failover" { source = "./modules/route53" }`
    without showing that directory implements Route 53 where we cannot see it;
    counting the service as missing would blame the answer for an excerpt.
    Files are read on their own (partial parses too), as for resource_types.
    """
    found: set[str] = set()
    if analysis is None:
        return found
    directories = {posixpath.dirname(name) for name in analysis.files}
    for name, tree in _file_trees(analysis):
        for block in tree.body.blocks("module"):
            source_attr = block.body.get_attribute("source")
            source = source_attr.expr.literal_value() if source_attr is not None and isinstance(
                source_attr.expr, N.Template) else None
            if not source or not source.startswith(("./", "../")):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), source))
            if any(d == target or d.startswith(target + "/") for d in directories):
                continue  # the module's code is in the answer: its resources were counted
            label = block.labels[0] if block.labels else ""
            for word in re.split(r"[^a-z0-9]+", f"{label} {source}".lower()):
                service = service_from_name(word) if len(word) >= 2 else None
                if service:
                    found.add(service)
    return found
