"""Running the real `terraform` offline, for tests that compare with it.

The provider comes from a filesystem mirror (IACREVIEW_TF_PLUGIN_MIRROR,
default /opt/tf-plugins) through a CLI configuration file written per run;
credentials are fake and the provider skips every check that needs AWS, so
`init -backend=false`, `validate -json` and `plan -refresh=false` need no
network. `available()` says why not where terraform or the mirror is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

TERRAFORM = shutil.which("terraform")
MIRROR = Path(os.environ.get("IACREVIEW_TF_PLUGIN_MIRROR", "/opt/tf-plugins"))

PROVIDER = """
provider "aws" {
  region                      = "us-east-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
"""


def unavailable() -> str | None:
    """Why terraform cannot run offline here, or None when it can."""
    if TERRAFORM is None:
        return "terraform is not installed"
    if not (MIRROR / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
        return f"no hashicorp/aws provider in the filesystem mirror {MIRROR}"
    return None


def _env(work: Path) -> dict[str, str]:
    rc = work / "terraform.tfrc"
    if not rc.exists():
        rc.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{MIRROR}"\n  }}\n}}\n')
    return dict(
        os.environ,
        TF_CLI_CONFIG_FILE=str(rc),
        TF_IN_AUTOMATION="1",
        CHECKPOINT_DISABLE="1",
        TF_PLUGIN_CACHE_DIR="",
        AWS_ACCESS_KEY_ID="AKIAFAKEFAKEFAKEFAKE",
        AWS_SECRET_ACCESS_KEY="fake",
        AWS_REGION="us-east-1",
        AWS_EC2_METADATA_DISABLED="true",
    )


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    assert TERRAFORM is not None
    return subprocess.run([TERRAFORM, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def init(module_dir: Path, work: Path) -> None:
    result = _run(["init", "-backend=false", "-input=false", "-no-color"], module_dir, _env(work))
    assert result.returncode == 0, result.stderr


def validate(module_dir: Path, work: Path) -> dict:
    """`terraform validate -json` (after `init`)."""
    result = _run(["validate", "-json", "-no-color"], module_dir, _env(work))
    return json.loads(result.stdout)


def show_plan(module_dir: Path, work: Path, var_args: tuple[str, ...] = ()) -> dict | None:
    """`terraform show -json` of a `plan -refresh=false`, or None where the plan fails."""
    env = _env(work)
    plan_file = work / "tfplan"
    args = ["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", f"-out={plan_file}"]
    args += [f"-var={v}" for v in var_args]
    result = _run(args, module_dir, env)
    if result.returncode != 0:
        return None
    shown = _run(["show", "-json", "-no-color", str(plan_file)], module_dir, env)
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def plan_creates(module_dir: Path, work: Path, var_args: tuple[str, ...] = ()) -> list[str] | None:
    """Addresses a `plan -refresh=false` says it will create (read from its text), or None where it fails."""
    args = ["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", *(f"-var={v}" for v in var_args)]
    result = _run(args, module_dir, _env(work))
    if result.returncode != 0:
        return None
    return sorted(re.findall(r"^  # (.+) will be created$", result.stdout, flags=re.M))


def created(shown: dict) -> list[str]:
    """Addresses of the managed resource instances a shown plan creates."""
    return sorted(
        rc["address"]
        for rc in shown.get("resource_changes", [])
        if rc.get("mode") == "managed" and "create" in rc["change"]["actions"]
    )
