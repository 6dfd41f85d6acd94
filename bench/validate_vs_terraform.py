"""`iacreview validate` against real `terraform validate`: the oracle bench.

usage: python bench/validate_vs_terraform.py [--limit N] [--jobs N] [--json OUT] [--keep DIR] [--record FILE]

1. Inputs: every task folder of the shared corpus, its model answer and its ideal
   answer, each written out with `iacreview extract TASK --out DIR [--ideal]`;
   and the repository's own Terraform modules (`FIXTURES`: the plan fixtures
   under tests/fixtures/configs, the answer/ideal directories of the task
   loader's fixtures, tests/check/fixtures/small and the bundled example). The
   formatter's fixtures (tests/fixtures/format) are not modules: single-file
   snippets, some deliberately broken HCL, and are left out.
2. The Terraform root of a directory is the one `iacreview review` picks
   (`iacreview.review.analysis.root_of`): the directory itself when it holds .tf
   files; else the one top directory that nothing calls (an answer written
   entirely under `terraform/`); else, for an answer made of modules only, a
   root file calling each module is written beside them (named
   `SYNTHETIC_ROOT`), and findings in that file are dropped on both sides.
   Both tools are run on that same root.
3. Terraform: `terraform validate -json` with the hashicorp/aws 5.100.0
   filesystem mirror. Init is skipped when it is not needed: a shared lock file
   and a `.terraform/providers` link to the mirror (what init would write) are
   put in place and validate runs at once; only when validate then asks for init
   (another provider, a module call, a constraint the lock does not meet) does
   the directory get a real `terraform init -backend=false`. Measured: init
   costs ~1.1 s a directory (it hashes the 700 MB provider), the shortcut
   nothing, and the diagnostics are the same (a plugin cache does not help: the
   unpacked mirror is linked, not copied, already). A directory whose init fails
   for installation reasons (a provider not in the mirror, a constraint 5.100.0
   does not meet, a registry module) is left out of the figures, with its
   reason; one whose init fails on the configuration itself is compared (that is
   Terraform reporting errors).
4. iacreview: `iacreview validate ROOT --format json`, once as a subprocess per
   directory (timed beside Terraform's validate, which is a process per
   directory too) and once in-process through the click command (timed apart).
   Exit 2 (a file does not parse) is an invalid verdict, its problems read from
   stderr.
5. Figures: directories compared, verdict agreement, false-clean (Terraform
   reports errors, iacreview says valid), false-alarm (the reverse), and error
   recall: the share of Terraform's error diagnostics with an iacreview problem
   on the same file and line.

`--record FILE` writes Terraform's verdicts and error diagnostics per directory,
so tests/bench/test_validate_vs_terraform.py can check iacreview against them
without terraform.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO  # noqa: E402
from corpus import corpus_dir, task_dirs  # noqa: E402

MIRROR = Path("/opt/tf-plugins")
AWS_PROVIDER = ("registry.terraform.io", "hashicorp", "aws")
IACREVIEW = Path(sys.executable).parent / "iacreview"
DEFAULT_RECORD = REPO / "tests" / "bench" / "terraform_validate_oracle.json"
DETAIL_CHARS = 200

#: Directories of the repository that are meant to be Terraform modules (valid or not).
FIXTURES = [
    *sorted(f"tests/fixtures/configs/{p.name}" for p in (REPO / "tests/fixtures/configs").iterdir() if p.is_dir()),
    "tests/fixtures/task/answer_dir",
    "tests/fixtures/task/ideal_dir",
    "tests/fixtures/task/full_task/lib",
    "tests/check/fixtures/small",
    "examples/region-migration/lib",
]

#: Error summaries that mean "could not install", not "the configuration is wrong".
INSTALL_SUMMARIES = frozenset({
    "Failed to query available provider packages",
    "Failed to install provider",
    "Failed to resolve provider packages",
    "Incompatible provider version",
    "Invalid provider registry host",
    "Error accessing remote module registry",
    "Failed to download module",
    "Module not found",
    "Unsupported Terraform Core version",
    "Missing required provider",
    "Module not installed",
    "Inconsistent dependency lock file",
    "Required plugins are not installed",
    "Module source has changed",
    "Module version requirements have changed",
})


# ---------------------------------------------------------------- targets and roots

@dataclass(frozen=True)
class Target:
    """One directory to compare: an answer of a corpus task, or a fixture of the repository."""

    id: str  # "tf-hcl/Pr1202:model", "fixture:tests/fixtures/configs/nested-modules"
    source: str  # the task folder or fixture directory, absolute
    answer: str  # "model", "ideal" or "fixture"


def corpus_targets() -> list[Target]:
    """Both answers of every task folder of the shared corpus."""
    root = corpus_dir()
    if root is None:
        return []
    found = []
    for task in task_dirs():
        rel = task.relative_to(root / "tasks").as_posix()
        found.extend(Target(f"{rel}:{answer}", str(task), answer) for answer in ("model", "ideal"))
    return found


def fixture_targets() -> list[Target]:
    return [Target(f"fixture:{rel}", str(REPO / rel), "fixture") for rel in FIXTURES if (REPO / rel).is_dir()]


def extract_answer(target: Target, out: Path) -> str | None:
    """Write the target's files under `out`; the reason when there is nothing to compare.

    Corpus answers go through `iacreview extract` (what a user would run);
    fixtures are copied, so terraform init never writes into the repository.
    """
    if target.answer == "fixture":
        shutil.copytree(target.source, out, ignore=shutil.ignore_patterns(".terraform*"))
        return None
    argv = [str(IACREVIEW), "extract", target.source, "--out", str(out)]
    if target.answer == "ideal":
        argv.append("--ideal")
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        return f"extract failed (exit {proc.returncode}): {last}"
    return None


def target_of(ident: str) -> Target | None:
    """The target a recorded id names, or None when its task folder is not here."""
    if ident.startswith("fixture:"):
        rel = ident.split(":", 1)[1]
        return Target(ident, str(REPO / rel), "fixture") if (REPO / rel).is_dir() else None
    root = corpus_dir()
    rel, _, answer = ident.rpartition(":")
    task = root / "tasks" / rel if root is not None else None
    return Target(ident, str(task), answer) if task is not None and task.is_dir() else None


def extract_in_process(target: Target, out: Path) -> str | None:
    """What `extract_answer` does, through the Python API (for the test: no process per answer)."""
    if target.answer == "fixture":
        return extract_answer(target, out)
    from iacreview.task import load_task, write_files

    task = load_task(target.source)
    answer = task.ideal if target.answer == "ideal" else task.model
    if answer is None:
        return "extract failed: the task has no such answer"
    write_files(answer, out)
    return None


def tf_files(directory: Path) -> dict[str, str]:
    """The .tf files under `directory` by relative POSIX name (tool caches skipped)."""
    files = {}
    for path in sorted(directory.rglob("*.tf")):
        rel = path.relative_to(directory)
        if any(part.startswith(".") for part in rel.parts):
            continue
        files[rel.as_posix()] = path.read_text(encoding="utf-8", errors="replace")
    return files


def choose_root(directory: Path) -> tuple[str, bool] | None:
    """(root relative to `directory`, whether a synthetic root file was written), None without .tf.

    Mirrors `iacreview review`: see the module docstring, point 2.
    """
    from iacreview.review.analysis import SYNTHETIC_ROOT, root_of

    files = tf_files(directory)
    if not files:
        return None
    rel, extra = root_of(files)
    if SYNTHETIC_ROOT in extra:
        (directory / SYNTHETIC_ROOT).write_text(with_null_inputs(extra[SYNTHETIC_ROOT], directory), encoding="utf-8")
    return rel, SYNTHETIC_ROOT in extra


_CALL = re.compile(r'(module "[^"]+" \{\n  source = "\./([^"]+)"\n)')


def with_null_inputs(calls: str, directory: Path) -> str:
    """The synthetic root's module calls, each passing null for the module's required variables.

    Without them Terraform stops at "Missing required argument" on the calls
    (dropped, being in the synthetic file) and never looks inside the modules;
    validate treats module inputs as unknown, so null changes nothing else.
    """
    from iacreview.model.config import Configuration

    def add_inputs(m: re.Match) -> str:
        try:
            variables = Configuration.load(directory / m.group(2)).root.variables
        except Exception:  # noqa: BLE001 - an unreadable module keeps its bare call
            return m.group(1)
        return m.group(1) + "".join(f"  {name} = null\n" for name, var in variables.items() if var.required)

    return _CALL.sub(add_inputs, calls)


# ---------------------------------------------------------------- terraform

@dataclass
class TerraformSetup:
    """What every worker needs to run terraform offline: CLI config and a ready lock file."""

    cli_config: str
    lock_file: str | None  # None: no shortcut, every directory gets a real init
    terraform_version: str = ""
    provider_versions: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        return {**os.environ, "TF_CLI_CONFIG_FILE": self.cli_config, "CHECKPOINT_DISABLE": "1",
                "TF_IN_AUTOMATION": "1", "TF_INPUT": "0"}


def terraform_available() -> bool:
    return shutil.which("terraform") is not None and MIRROR.is_dir()


def prepare_terraform(work: Path) -> TerraformSetup:
    """Write the CLI config and make the shared lock file with one real init of an aws-only root."""
    cli = work / "terraform.tfrc"
    cli.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{MIRROR}"\n  }}\n}}\n')
    setup = TerraformSetup(str(cli), None)
    probe = work / "probe"
    probe.mkdir(exist_ok=True)
    (probe / "main.tf").write_text('terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n')
    proc = subprocess.run(["terraform", "init", "-backend=false", "-input=false", "-no-color"], cwd=probe,
                          env=setup.env(), capture_output=True, text=True)
    lock = probe / ".terraform.lock.hcl"
    if proc.returncode == 0 and lock.is_file():
        setup.lock_file = str(lock)
        m = re.search(r'version\s*=\s*"([^"]+)"', lock.read_text())
        if m:
            setup.provider_versions["hashicorp/aws"] = m.group(1)
    version = subprocess.run(["terraform", "version", "-json"], capture_output=True, text=True, env=setup.env())
    try:
        setup.terraform_version = json.loads(version.stdout)["terraform_version"]
    except (ValueError, KeyError):
        setup.terraform_version = "unknown"
    return setup


@dataclass
class TerraformResult:
    """Terraform's answer for one root: a verdict, or why it could not give one."""

    excluded: str | None = None  # reason, when the directory is left out of the figures
    valid: bool = False
    errors: list[dict] = field(default_factory=list)  # {"file", "line", "summary", "detail"}
    warnings: int = 0
    validate_seconds: float = 0.0
    validate_cpu: float = 0.0
    init: str = "shortcut"  # "shortcut" (lock file put in place) or "init"


def _link_provider(root: Path, setup: TerraformSetup) -> None:
    """Put in place what `terraform init` writes for the aws provider alone."""
    shutil.copyfile(setup.lock_file, root / ".terraform.lock.hcl")
    version = setup.provider_versions.get("hashicorp/aws", "")
    platform_dir = next((MIRROR.joinpath(*AWS_PROVIDER, version)).iterdir())
    link_dir = root.joinpath(".terraform", "providers", *AWS_PROVIDER, version)
    link_dir.mkdir(parents=True, exist_ok=True)
    (link_dir / platform_dir.name).symlink_to(platform_dir)


def _clear_init(root: Path) -> None:
    """Remove what init (or the shortcut) wrote; rmtree unlinks the provider link, never the mirror."""
    shutil.rmtree(root / ".terraform", ignore_errors=True)
    (root / ".terraform.lock.hcl").unlink(missing_ok=True)


def run_timed(cmd: list[str], **kwargs) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run a command; its result, wall seconds and CPU seconds (user + system).

    CPU time is what a loaded, shared machine distorts least. It is the growth of
    this process's children's usage, exact because each bench worker runs one
    command at a time, and it includes what the command reaped (Terraform's
    provider plugin).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc, wall, cpu


def _validate(root: Path, setup: TerraformSetup) -> tuple[dict, float, float]:
    proc, seconds, cpu = run_timed(["terraform", "validate", "-json", "-no-color"], cwd=root, env=setup.env())
    try:
        return json.loads(proc.stdout), seconds, cpu
    except ValueError:
        return {"valid": False, "diagnostics": [{"severity": "error", "summary": "terraform validate gave no JSON",
                                                 "detail": proc.stderr[-300:]}]}, seconds, cpu


def _init(root: Path, setup: TerraformSetup) -> tuple[bool, list[dict], str]:
    """(succeeded, error diagnostics, plain output) of a real `terraform init -backend=false -json`."""
    proc = subprocess.run(["terraform", "init", "-backend=false", "-input=false", "-json"], cwd=root,
                          env=setup.env(), capture_output=True, text=True, timeout=600)
    errors = []
    for line in proc.stdout.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            continue
        diagnostic = message.get("diagnostic") if isinstance(message, dict) else None
        if diagnostic and diagnostic.get("severity") == "error":
            errors.append(diagnostic)
    return proc.returncode == 0, errors, proc.stdout


def _needs_install(diagnostic: dict) -> bool:
    """Whether an error is Terraform asking for init or failing to install, not judging the code."""
    return diagnostic.get("summary") in INSTALL_SUMMARIES or "terraform init" in (diagnostic.get("detail") or "")


def install_reason(diagnostics: list[dict], init_output: str) -> str:
    """A short, groupable reason for an installation failure."""
    text = " ".join(f"{d.get('summary')} {d.get('detail')}" for d in diagnostics)
    # Init reports the missing providers in no fixed order: name them all, sorted.
    missing = sorted(set(re.findall(r"provider registry\.terraform\.io/([\w-]+/[\w-]+) was not\s+found", text)))
    if missing:
        return f"provider {' + '.join(missing)} not in the mirror"
    if "no available releases match" in text:
        m = re.search(r"hashicorp/aws versions matching \\?\"([^\"\\]+)", init_output)
        return f"hashicorp/aws constraint {m.group(1) if m else '?'} not met by the mirror"
    if re.search(r"remote module registry|Failed to download module|Module not found", text):
        return "registry or remote module"
    if "Unsupported Terraform Core version" in text:
        return "required_version not met by this terraform"
    first = diagnostics[0].get("summary") if diagnostics else "unknown"
    return f"init failed: {first}"


def _errors_of(diagnostics: list[dict]) -> list[dict]:
    """Error diagnostics as recorded: file and line of the range, summary, detail truncated."""
    found = []
    for d in diagnostics:
        if d.get("severity") != "error":
            continue
        rng = d.get("range") or {}
        file, line = rng.get("filename"), (rng.get("start") or {}).get("line")
        if file is None:  # init's diagnostics carry the place in the detail ("at main.tf:153")
            m = re.search(r" at ([^\s:]+):(\d+)", d.get("detail") or "")
            file, line = (m.group(1), int(m.group(2))) if m else (None, None)
        found.append({"file": posixpath.normpath(file) if file else None, "line": line,
                      "summary": d.get("summary", ""), "detail": (d.get("detail") or "")[:DETAIL_CHARS]})
    return sorted(found, key=lambda e: (e["file"] or "", e["line"] or 0, e["summary"], e["detail"]))


def run_terraform(root: Path, setup: TerraformSetup, synthetic: str | None = None) -> TerraformResult:
    """Terraform's verdict on `root`: the shortcut first, a real init when validate asks for it."""
    result = TerraformResult()
    if setup.lock_file:
        _link_provider(root, setup)
        report, result.validate_seconds, result.validate_cpu = _validate(root, setup)
        if not any(_needs_install(d) for d in report.get("diagnostics", []) if d.get("severity") == "error"):
            return _verdict(result, report, synthetic)
        _clear_init(root)
    result.init = "init"
    ok, init_errors, output = _init(root, setup)
    report, result.validate_seconds, result.validate_cpu = _validate(root, setup)
    if ok:
        return _verdict(result, report, synthetic)
    install = [d for d in init_errors if _needs_install(d)]
    if install:
        result.excluded = install_reason(install, output)
        return result
    # Init stopped on the configuration itself: that is Terraform reporting errors.
    config_errors = [d for d in report.get("diagnostics", []) if not _needs_install(d)]
    if not any(d.get("severity") == "error" for d in config_errors):
        config_errors += init_errors
    return _verdict(result, {"diagnostics": config_errors}, synthetic)


def _verdict(result: TerraformResult, report: dict, synthetic: str | None) -> TerraformResult:
    diagnostics = [d for d in report.get("diagnostics", [])
                   if synthetic is None or (d.get("range") or {}).get("filename") != synthetic]
    result.errors = _errors_of(diagnostics)
    result.warnings = sum(1 for d in diagnostics if d.get("severity") == "warning")
    result.valid = not result.errors
    return result


# ---------------------------------------------------------------- iacreview

@dataclass
class IacreviewResult:
    """iacreview's verdict on one root."""

    valid: bool | None  # None: it crashed
    problems: list[dict] = field(default_factory=list)  # {"rule", "file", "line", "message"}
    seconds: float = 0.0
    crash: str | None = None
    cpu: float = 0.0


_LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.*)$")


def read_iacreview_output(root: Path, exit_code: int, stdout: str, stderr: str, synthetic: str | None = None,
                          seconds: float = 0.0) -> IacreviewResult:
    """The verdict from `iacreview validate --format json`'s output and exit code.

    Exit 2 is a file that does not parse: no JSON, one `file:line:col: message`
    line per syntax problem on stderr. Problems with severity "warning" (should
    the JSON gain one) count neither for the verdict nor for matching.
    """
    if exit_code in (0, 1):
        try:
            data = json.loads(stdout)
        except ValueError:
            return IacreviewResult(None, seconds=seconds, crash=f"exit {exit_code}, no JSON: {stderr[-200:]}")
        problems = [{"rule": p.get("rule"), "file": posixpath.normpath(p.get("file") or ""), "line": p.get("line"),
                     "message": p.get("message", ""), "severity": p.get("severity", "error")}
                    for p in data.get("problems", [])]
        problems = [p for p in problems if p["file"] != synthetic]
        errors = [p for p in problems if p["severity"] != "warning"]
        return IacreviewResult(not errors, problems, seconds)
    if exit_code == 2:
        problems = []
        for line in stderr.splitlines():
            m = _LOCATED.match(line)
            if m:
                file = Path(m["file"])
                rel = file.relative_to(root) if file.is_relative_to(root) else file
                problems.append({"rule": "SYN001", "file": posixpath.normpath(rel.as_posix()), "line": int(m["line"]),
                                 "message": m["message"], "severity": "error"})
        if problems:
            return IacreviewResult(False, problems, seconds)
    return IacreviewResult(None, seconds=seconds, crash=f"exit {exit_code}: {stderr.strip()[-200:]}")


def iacreview_subprocess(root: Path, synthetic: str | None = None) -> IacreviewResult:
    """`iacreview validate ROOT --format json` as its own process, timed like terraform's validate."""
    proc, wall, cpu = run_timed([str(IACREVIEW), "validate", str(root), "--format", "json"])
    result = read_iacreview_output(root, proc.returncode, proc.stdout, proc.stderr, synthetic, wall)
    result.cpu = cpu
    return result


def iacreview_in_process(root: Path, synthetic: str | None = None) -> IacreviewResult:
    """The same command run in this process through click (no interpreter start-up, modules loaded once)."""
    from click.testing import CliRunner

    from iacreview.cli.main import cli

    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["validate", str(root), "--format", "json"])
    seconds = time.perf_counter() - start
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return IacreviewResult(None, seconds=seconds, crash=f"{type(result.exception).__name__}: {result.exception}")
    return read_iacreview_output(root, result.exit_code, result.stdout, result.stderr, synthetic, seconds)


# ---------------------------------------------------------------- one directory

@dataclass
class Outcome:
    """Everything measured for one target."""

    id: str
    skipped: str | None = None  # not compared at all: nothing to extract, no .tf files, a bench error
    root: str = ""
    synthetic_root: bool = False
    terraform: TerraformResult | None = None
    iacreview: IacreviewResult | None = None
    in_process_seconds: float = 0.0


def process(target: Target, work: str, setup: TerraformSetup | None) -> Outcome:
    """Extract, pick the root, run both tools. Never raises: a failure is the outcome's `skipped`."""
    try:
        return _process(target, Path(work), setup)
    except Exception as exc:  # noqa: BLE001 - one bad directory must not stop the bench
        return Outcome(target.id, skipped=f"bench error: {type(exc).__name__}: {exc}")


def target_dir(work: Path, target: Target) -> Path:
    return work / re.sub(r"[^A-Za-z0-9_.-]+", "_", target.id)


def _process(target: Target, work: Path, setup: TerraformSetup | None) -> Outcome:
    from iacreview.review.analysis import SYNTHETIC_ROOT

    out = target_dir(work, target)
    shutil.rmtree(out, ignore_errors=True)
    reason = extract_answer(target, out)
    if reason:
        return Outcome(target.id, skipped=reason)
    if not out.is_dir():
        return Outcome(target.id, skipped="the answer holds no files")
    chosen = choose_root(out)
    if chosen is None:
        return Outcome(target.id, skipped="no Terraform files")
    rel, synthetic = chosen
    root = out / rel
    outcome = Outcome(target.id, root=rel, synthetic_root=synthetic)
    marker = SYNTHETIC_ROOT if synthetic else None
    # iacreview first, while the directory holds only the answer and the lock file init would write:
    # both tools then judge the same provider version (the mirror's), as in a directory after init.
    lock = write_lock(root, setup.provider_versions) if setup is not None else None
    outcome.iacreview = iacreview_subprocess(root, marker)
    outcome.in_process_seconds = iacreview_in_process(root, marker).seconds
    if lock is not None:
        lock.unlink(missing_ok=True)
    if setup is not None:
        outcome.terraform = run_terraform(root, setup, marker)
        _clear_init(root)
    return outcome


def write_lock(root: Path, provider_versions: dict[str, str]) -> Path | None:
    """The `.terraform.lock.hcl` that pins what Terraform installs from the mirror (None if one is there)."""
    lock = root / ".terraform.lock.hcl"
    if lock.exists() or not provider_versions:
        return None
    lock.write_text("".join(f'provider "registry.terraform.io/{source}" {{\n  version = "{version}"\n}}\n\n'
                            for source, version in sorted(provider_versions.items())))
    return lock


# ---------------------------------------------------------------- figures

@dataclass
class Figures:
    """The comparison over the directories Terraform could judge."""

    compared: int = 0
    agree: int = 0
    false_clean: list[str] = field(default_factory=list)
    false_alarm: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    errors: int = 0
    matched: int = 0
    unmatched_by_summary: Counter = field(default_factory=Counter)
    false_clean_by_summary: Counter = field(default_factory=Counter)

    @property
    def agreement(self) -> float:
        return self.agree / self.compared if self.compared else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.errors if self.errors else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarm) / self.compared if self.compared else 0.0


def summary_group(summary: str) -> str:
    """A diagnostic summary with its particulars removed, so like errors count together."""
    if summary.startswith("Cycle:"):
        return "Cycle"
    if summary.startswith(('"', "expected ")):
        return "Invalid argument value (provider validation)"
    return re.sub(r'^Duplicate (\w+) "[^"]*" configuration$', r"Duplicate \1 configuration", summary)


def compare(pairs: list[tuple[str, bool, list[dict], IacreviewResult]]) -> Figures:
    """Figures over (id, terraform valid, terraform errors, iacreview result) of each directory.

    A problem matches an error on the same file (normalised relative path) and line; an error
    Terraform gives no place for (e.g. "Provider configuration not present") counts as matched
    when iacreview rejects the directory.
    """
    figures = Figures()
    for ident, tf_valid, tf_errors, ours in sorted(pairs, key=lambda p: p[0]):
        figures.compared += 1
        our_valid = bool(ours.valid)  # a crash is not a clean verdict
        if ours.valid is None:
            figures.crashes.append(ident)
        if our_valid == tf_valid:
            figures.agree += 1
        elif our_valid:
            figures.false_clean.append(ident)
            figures.false_clean_by_summary.update(summary_group(e["summary"]) for e in tf_errors)
        else:
            figures.false_alarm.append(ident)
        places = {(p["file"], p["line"]) for p in ours.problems if p.get("severity") != "warning"}
        for error in tf_errors:
            figures.errors += 1
            if error["file"] is None:  # Terraform gave no place: rejecting the directory is all one can do
                matched = not our_valid
            else:
                matched = (posixpath.normpath(error["file"]), error["line"]) in places
            if matched:
                figures.matched += 1
            else:
                figures.unmatched_by_summary[summary_group(error["summary"])] += 1
    return figures


def pairs_of(outcomes: list[Outcome]) -> list[tuple[str, bool, list[dict], IacreviewResult]]:
    return [(o.id, o.terraform.valid, o.terraform.errors, o.iacreview) for o in outcomes
            if o.skipped is None and o.terraform is not None and o.terraform.excluded is None]


def print_figures(figures: Figures, out=sys.stdout) -> None:
    pct = lambda x: f"{x:.2%}"  # noqa: E731 - two places: 97.99% must not read as 98.0%
    print(f"directories compared: {figures.compared}", file=out)
    print(f"agreement (valid/invalid verdicts equal): {figures.agree}/{figures.compared} = {pct(figures.agreement)}",
          file=out)
    print(f"false-clean (terraform errors, iacreview valid): {len(figures.false_clean)}", file=out)
    for ident in figures.false_clean:
        print(f"  {ident}", file=out)
    print(f"false-alarm (terraform valid, iacreview errors): {len(figures.false_alarm)} "
          f"({pct(figures.false_alarm_rate)})", file=out)
    for ident in figures.false_alarm:
        print(f"  {ident}", file=out)
    if figures.crashes:
        print(f"iacreview crashed on: {', '.join(figures.crashes)}", file=out)
    print(f"error recall (same file and line): {figures.matched}/{figures.errors} = {pct(figures.recall)}", file=out)
    print("terraform errors of the false-clean directories, by summary:", file=out)
    for summary, n in figures.false_clean_by_summary.most_common():
        print(f"  {summary}: {n}", file=out)
    print("terraform errors no iacreview problem matched, by summary:", file=out)
    for summary, n in figures.unmatched_by_summary.most_common():
        print(f"  {summary}: {n}", file=out)


def print_exclusions(outcomes: list[Outcome]) -> None:
    skipped = [o for o in outcomes if o.skipped]
    excluded = [o for o in outcomes if o.skipped is None and o.terraform and o.terraform.excluded]
    _print_grouped("not compared (nothing to validate, or the bench failed on it)", [(o.id, o.skipped) for o in skipped])
    _print_grouped("left out: terraform init failed", [(o.id, o.terraform.excluded) for o in excluded])


def _print_grouped(title: str, items: list[tuple[str, str]]) -> None:
    print(f"{title}: {len(items)}")
    groups: dict[str, list[str]] = {}
    for ident, reason in items:
        groups.setdefault(reason, []).append(ident)
    for reason, idents in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        shown = ", ".join(idents[:6]) + (f", … ({len(idents) - 6} more)" if len(idents) > 6 else "")
        print(f"  {reason}: {len(idents)} ({shown})")


def print_timing(outcomes: list[Outcome]) -> None:
    """Terraform's validate (after init) against iacreview, on the compared directories only."""
    done = [o for o in outcomes if o.skipped is None and o.terraform and o.terraform.excluded is None]
    terraform = sum(o.terraform.validate_seconds for o in done)
    ours = sum(o.iacreview.seconds for o in done)
    inproc = sum(o.in_process_seconds for o in done)
    print(f"time on the {len(done)} compared directories (sums of per-directory wall times):")
    print(f"  terraform validate -json, a process per directory (after init): {terraform:.1f} s")
    print(f"  iacreview validate --format json, a process per directory: {ours:.1f} s "
          f"-> {terraform / ours if ours else 0:.1f}x faster")
    print(f"  iacreview validate in-process (click command, one interpreter): {inproc:.1f} s "
          f"-> {terraform / inproc if inproc else 0:.1f}x faster")
    terraform_cpu = sum(o.terraform.validate_cpu for o in done)
    ours_cpu = sum(o.iacreview.cpu for o in done)
    print(f"  CPU time (user + system, less distorted by a loaded machine): terraform {terraform_cpu:.1f} s, "
          f"iacreview {ours_cpu:.1f} s -> {terraform_cpu / ours_cpu if ours_cpu else 0:.1f}x less")
    shortcut = sum(1 for o in done if o.terraform.init == "shortcut")
    print(f"  terraform init skipped (shared lock file) on {shortcut} of {len(done)}")


# ---------------------------------------------------------------- record

def oracle_record(outcomes: list[Outcome], setup: TerraformSetup) -> dict:
    """Terraform's verdicts, to check iacreview against without terraform."""
    directories, excluded = {}, {}
    for o in sorted(outcomes, key=lambda o: o.id):
        if o.skipped is not None or o.terraform is None:
            continue
        if o.terraform.excluded:
            excluded[o.id] = o.terraform.excluded
            continue
        directories[o.id] = {"root": o.root, "synthetic_root": o.synthetic_root, "valid": o.terraform.valid,
                             "errors": o.terraform.errors, "warnings": o.terraform.warnings}
    return {
        "generated_by": "bench/validate_vs_terraform.py --record",
        "terraform_version": setup.terraform_version,
        "provider_versions": setup.provider_versions,
        "directories": directories,
        "excluded": excluded,
    }


def write_json(outcomes: list[Outcome], figures: Figures, path: Path) -> None:
    data = {
        "figures": {"compared": figures.compared, "agree": figures.agree, "agreement": figures.agreement,
                    "false_clean": figures.false_clean, "false_alarm": figures.false_alarm,
                    "errors": figures.errors, "matched": figures.matched, "recall": figures.recall,
                    "false_clean_by_summary": dict(figures.false_clean_by_summary),
                    "unmatched_by_summary": dict(figures.unmatched_by_summary)},
        "directories": [asdict(o) for o in sorted(outcomes, key=lambda o: o.id)],
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- main

def run_all(targets: list[Target], work: Path, setup: TerraformSetup | None, jobs: int) -> list[Outcome]:
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(process, t, str(work), setup) for t in targets]
        outcomes = []
        for i, future in enumerate(futures, 1):
            outcomes.append(future.result())
            if i % 25 == 0:
                print(f"  {i}/{len(futures)} directories", file=sys.stderr)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N directories (fixtures, then corpus answers)")
    parser.add_argument("--jobs", type=int, default=2, help="directories processed at once (default 2)")
    parser.add_argument("--json", type=Path, help="write per-directory results and the figures to this file")
    parser.add_argument("--keep", type=Path, help="extract into this directory and keep it")
    parser.add_argument("--record", type=Path, nargs="?", const=DEFAULT_RECORD,
                        help=f"write Terraform's verdicts (default path {DEFAULT_RECORD.relative_to(REPO)})")
    args = parser.parse_args(argv)
    if not terraform_available():
        print(f"needs terraform on PATH and the provider mirror at {MIRROR}", file=sys.stderr)
        return 2
    targets = fixture_targets() + corpus_targets()
    if args.limit:
        targets = targets[: args.limit]
    work = args.keep or Path(tempfile.mkdtemp(prefix="validate-vs-terraform-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        setup = prepare_terraform(work)
        print(f"terraform {setup.terraform_version}, providers {setup.provider_versions}; "
              f"{len(targets)} directories, {args.jobs} jobs")
        outcomes = run_all(targets, work, setup, args.jobs)
        print_exclusions(outcomes)
        figures = compare(pairs_of(outcomes))
        print_figures(figures)
        print_timing(outcomes)
        if args.json:
            write_json(outcomes, figures, args.json)
        if args.record:
            args.record.write_text(json.dumps(oracle_record(outcomes, setup), indent=1) + "\n", encoding="utf-8")
            print(f"recorded: {args.record}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
