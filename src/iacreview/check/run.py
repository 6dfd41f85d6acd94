"""`check` over one or more paths: settings, load, run the selected rules, collect results per path.

Each PATH gets the settings of the configuration file that governs it
(`check.config`), merged with the command-line overrides, so one invocation
over two projects honours each project's own file. Exclusions and the
baseline only hide findings; a syntax error (SYN001) is never hidden, so a
file that does not parse can never make a run clean.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacreview.check import baseline as baseline_file
from iacreview.check.config import CheckSettings, Overrides, find_config, is_excluded, load_config, merge
from iacreview.check.engine import CheckResult, run_checks, select_rules
from iacreview.hcl import Source
from iacreview.model.config import Configuration
from iacreview.model.files import CONFIG_SUFFIXES
from iacreview.rules.base import SEVERITY_RANK, Finding, clip_line

#: Exit codes (DESIGN.md).
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT_ERROR = 2

#: Rules that are never excluded or hidden by a baseline.
ALWAYS_REPORTED = frozenset({"SYN001"})


@dataclass
class PathResult:
    """The result for one PATH argument, with file names shown relative to it."""

    path: str
    config: Configuration | None  # None once released (see `release`)
    result: CheckResult
    settings: CheckSettings = field(default_factory=CheckSettings)
    excluded: int = 0  # findings dropped by `exclude` patterns
    baseline_hidden: int = 0  # findings dropped because the baseline holds them
    sources: dict[str, Source] = field(default_factory=dict)  # parsed files by module-relative name
    refused_vars: list[str] = field(default_factory=list)  # --var arguments this root refuses (VAL020 messages)

    def __post_init__(self) -> None:
        if self.config is not None and not self.sources:
            self.sources = {name: tree.source for module in self.config.modules() for name, tree in module.files.items()}

    def release(self) -> None:
        """Drop the configuration (trees, plan, values) and keep what reports need: file texts and findings.

        Checking many paths in one run then holds one configuration at a time.
        """
        self.config = None

    def display(self, file: str) -> str:
        if os.path.isdir(self.path) and not os.path.isabs(file):
            joined = os.path.join(self.path, file)
            return os.path.normpath(joined) if file.startswith("..") else joined  # a module source outside PATH
        if os.path.isfile(self.path):
            return self.path
        return file

    def clean_path(self, file: str) -> str:
        """The file as a tidy relative path with forward slashes (`main.tf`, not `./main.tf`)."""
        return os.path.normpath(self.display(file)).replace(os.sep, "/")

    def source(self, file: str) -> Source | None:
        return self.sources.get(file)

    def line_of(self, file: str, line: int) -> str | None:
        source = self.source(file)
        return clip_line(source.line_text(line)) if source is not None else None

    def files(self) -> list[str]:
        """Every configuration file of the run (module-relative), parsed or not, in order."""
        names = set(self.sources)
        names.update(f.file for f in self.result.findings)
        return sorted(names)

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings

    @property
    def parse_failed(self) -> bool:
        return any(f.rule == "SYN001" for f in self.result.findings)

    @property
    def failing(self) -> bool:
        return bool(at_or_above(self.result.findings, self.settings.fail_on))


def settings_for(path: str, overrides: Overrides, config_file: Path | None = None, use_config: bool = True) -> CheckSettings:
    """The settings governing `path`: its configuration file (found or given) under the flags.

    Raises `check.config.ConfigError` for a bad configuration file.
    """
    source = config_file if config_file is not None else (find_config(Path(path)) if use_config else None)
    base = load_config(source) if source is not None else CheckSettings()
    return merge(base, overrides)


def check_path(
    path: str,
    settings: CheckSettings,
    var_args: Sequence[str] = (),
    options: Mapping[str, Any] | None = None,
    honour_suppressions: bool = True,
    release: bool = False,
) -> PathResult:
    """Load one PATH (directory or file), run the rules its settings select, apply `exclude`.

    With `release`, the configuration is dropped once checked (`PathResult.release`).
    """
    rules = select_rules(enable=settings.enable, disable=settings.disable)
    # Terraform's unit is the directory: a configuration file is checked with its siblings, and only its
    # own findings are reported.
    only = os.path.basename(path) if os.path.isfile(path) and path.endswith(CONFIG_SUFFIXES) else None
    load = (os.path.dirname(path) or ".") if only is not None else path
    config = Configuration.load(load, var_files=settings.var_files, var_args=var_args, environ=dict(os.environ))
    outcome = PathResult(path, config, run_checks(config, rules, options, settings.severity, honour_suppressions),
                         settings, refused_vars=[p.message for p in config.refused_var_args()])
    if only is not None:
        outcome.result.findings = [f for f in outcome.findings if f.file == only]
    if settings.exclude or settings.exclude_cli:
        kept = [f for f in outcome.findings
                if f.rule in ALWAYS_REPORTED or not is_excluded(Path(outcome.display(f.file)), settings)]
        outcome.excluded = len(outcome.findings) - len(kept)
        outcome.result.findings = kept
    if release:
        outcome.release()
    return outcome


def check_many(
    paths: Sequence[str],
    settings: Sequence[CheckSettings],
    var_args: Sequence[str] = (),
    jobs: int = 1,
) -> list[PathResult]:
    """Check every PATH, in worker processes when `jobs` > 1, results in the order given.

    Each PATH is independent (its own configuration and settings), so they
    spread over processes without coordination; results come back released
    (file texts and findings only), which keeps them small to send.
    """
    if jobs <= 1 or len(paths) < 2:
        return [check_path(p, s, var_args, release=True) for p, s in zip(paths, settings)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    # Small chunks: a module takes ~15 ms, so a chunk of 25 left one worker idle for ~0.2 s at the end of a
    # run; a task's round trip costs well under a millisecond.
    chunk = max(1, len(paths) // (jobs * 32))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return list(pool.map(_check_released, paths, settings, [tuple(var_args)] * len(paths), chunksize=chunk))


def _check_released(path: str, settings: CheckSettings, var_args: Sequence[str]) -> PathResult:
    return check_path(path, settings, var_args, release=True)


def refused_everywhere(results: Sequence[PathResult]) -> list[str]:
    """The --var arguments no checked root module accepts (each as its one-line message).

    Terraform refuses a value for a variable the root module does not declare; a check of a
    repository has many roots, so a value is refused only when none of them declares it.
    """
    if not results:
        return []
    refused = [m for m in results[0].refused_vars if all(m in r.refused_vars for r in results[1:])]
    return list(dict.fromkeys(refused))


def drop_repeats(results: Sequence[PathResult]) -> int:
    """Drop findings an earlier result already reports at the same place (a module two examples call).

    Return how many were dropped. Within one result nothing is dropped: the
    instances of one resource may each have their own finding.
    """
    seen: set[tuple[str, int, int, str]] = set()
    dropped = 0
    real: dict[tuple[str, str], str] = {}  # realpath resolves every component on disk: once per file
    for r in results:
        keys = []
        for f in r.findings:
            where = real.get((r.path, f.file))
            if where is None:
                where = real[(r.path, f.file)] = os.path.realpath(r.display(f.file))
            keys.append((where, f.line, f.col, f.rule))
        kept = [f for f, key in zip(r.findings, keys) if key not in seen]
        dropped += len(r.findings) - len(kept)
        r.result.findings = kept
        seen.update(keys)
    return dropped


def located(results: Iterable[PathResult]) -> list[baseline_file.Located]:
    """Every finding with the path of its file as the filesystem sees it."""
    return [baseline_file.Located(f, r.display(f.file)) for r in results for f in r.findings]


def create_baseline(results: Sequence[PathResult], target: Path) -> int:
    return baseline_file.create(located(results), target)


def apply_baseline(results: Sequence[PathResult], source: Path) -> int:
    """Drop the findings `source` accepts; return how many were hidden.

    Raises `check.baseline.BaselineError` for an unreadable baseline.
    """
    hide = baseline_file.hidden(located(results), source)
    total = 0
    for r in results:
        kept = [f for f in r.findings if id(f) not in hide]
        r.baseline_hidden = len(r.findings) - len(kept)
        total += r.baseline_hidden
        r.result.findings = kept
    return total


def exit_code(results: Iterable[PathResult]) -> int:
    """2 when a file does not parse, 1 when findings at or above a path's fail-on remain, else 0."""
    results = list(results)
    if any(r.parse_failed for r in results):
        return EXIT_INPUT_ERROR
    return EXIT_FINDINGS if any(r.failing for r in results) else EXIT_OK


def at_or_above(findings: Iterable[Finding], threshold: str) -> list[Finding]:
    rank = SEVERITY_RANK[threshold]
    return [f for f in findings if f.suppressed is None and SEVERITY_RANK[f.severity] >= rank]
