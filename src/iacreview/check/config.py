"""Project configuration for `iacreview check`: `.iacreview.toml` or `[tool.iacreview]` in pyproject.toml.

    enable    = ["SEC100"]                # rules, names or families off by default
    disable   = ["OPS020", "tagging"]     # rules, names, families or categories to skip
    severity  = { SEC001 = "low" }        # per-rule severity overrides
    fail-on   = "medium"                  # exit 1 at or above this severity
    var-files = ["env/dev.tfvars"]        # relative to the file holding the configuration
    exclude   = ["examples/**", "*.generated.tf"]   # findings in these files are not reported

The file is looked up from the checked directory upwards, stopping at the git
root (the directory holding `.git`) or the filesystem root; in each directory
`.iacreview.toml` wins over a pyproject.toml, and a pyproject.toml without a
`[tool.iacreview]` table does not count. Command-line flags override it.

A bad file is one `FILE:LINE:COL: message` (`ConfigError`), never a traceback:
TOML syntax errors carry tomllib's own position; for a wrong key or value the
position is that of the key in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from iacreview.hcl import Diagnostic
from iacreview.rules.base import SEVERITIES
from iacreview.rules.registry import all_rules

CONFIG_NAME = ".iacreview.toml"
PYPROJECT = "pyproject.toml"
DEFAULT_FAIL_ON = "high"
KEYS = ("enable", "disable", "severity", "fail-on", "var-files", "exclude")


class ConfigError(Exception):
    """A configuration file that cannot be used; `diagnostic` names the place."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class CheckSettings:
    """The effective settings of one check run (config file merged with flags)."""

    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = DEFAULT_FAIL_ON
    var_files: tuple[str, ...] = ()  # absolute or relative to the working directory
    exclude: tuple[str, ...] = ()  # from the file: relative to `exclude_root`
    exclude_root: Path | None = None  # the directory holding the configuration file
    exclude_cli: tuple[str, ...] = ()  # from --exclude: relative to the working directory
    source: Path | None = None  # the file these settings came from


@dataclass(frozen=True)
class Overrides:
    """What the command line says; None or empty means "not given"."""

    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    var_files: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


def find_config(start: Path) -> Path | None:
    """The configuration file governing `start` (a directory or a file), or None."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (directory / ".git").exists():
            return None
    return None


def _has_tool_table(pyproject: Path) -> bool:
    import tomllib  # read only when a configuration file is found: kept off start-up

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # A pyproject.toml we cannot read is only ours to report if it names our table.
        try:
            return "[tool.iacreview" in pyproject.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    return isinstance(data.get("tool"), dict) and "iacreview" in data["tool"]


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_config(path: Path) -> CheckSettings:
    """Read and validate a configuration file; raise ConfigError naming FILE:LINE:COL."""
    import tomllib

    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(Diagnostic(name, 1, 1, "configuration is not UTF-8 text")) from None
    except OSError as exc:
        raise ConfigError(Diagnostic(name, 1, 1, f"cannot read configuration: {exc.strerror}")) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POSITION.search(message)
        if m:
            line, col = int(m.group(1)), int(m.group(2))
        elif "(at end of document)" in message:
            lines = text.split("\n")
            line, col = len(lines), len(lines[-1]) + 1
        else:
            line, col = 1, 1
        reason = message.replace("(at end of document)", "at end of file")
        raise ConfigError(Diagnostic(name, line, col, f"invalid TOML: {_TOML_POSITION.sub('', reason).strip()}")) from None
    table_path: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        table_path = ("tool", "iacreview")
        table = data.get("tool", {}).get("iacreview", {})
        if not isinstance(table, dict):
            raise ConfigError(_at(name, text, table_path[:1], "iacreview", "[tool.iacreview] must be a table"))
    else:
        table = data
    return _validate(table, name, text, table_path, path.parent)


def _validate(table: dict[str, Any], name: str, text: str, tpath: tuple[str, ...], base: Path) -> CheckSettings:
    def fail(key: str, message: str, inner: str | None = None) -> ConfigError:
        return ConfigError(_at(name, text, tpath, key, message, inner))

    for key in table:
        if key not in KEYS:
            hint = f" (did you mean {key.replace('_', '-')!r}?)" if key.replace("_", "-") in KEYS else ""
            raise fail(key, f"unknown key {key!r}{hint}; known keys: {', '.join(KEYS)}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("enable", "disable", "var-files", "exclude"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"{key!r} must be a list of strings")
        lists[key] = tuple(value)
    known = _rule_keys()
    for key in ("enable", "disable"):
        for entry in lists[key]:
            if entry.upper() not in known:
                raise fail(key, f"{key}: no rule, rule name, family or category {entry!r}", inner=entry)
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise fail("severity", "'severity' must be a table of RULE = \"critical|high|medium|low\"")
    overrides: dict[str, str] = {}
    ids = {r.id: r.id for r in all_rules()} | {r.meta.name.upper(): r.id for r in all_rules()}
    for rule, level in severity.items():
        if rule.upper() not in ids:
            raise fail("severity", f"severity: no rule {rule!r}", inner=rule)
        if level not in SEVERITIES:
            raise fail("severity", f"severity of {rule}: {level!r} is not one of {', '.join(SEVERITIES)}", inner=rule)
        overrides[ids[rule.upper()]] = level
    fail_on = table.get("fail-on", DEFAULT_FAIL_ON)
    if fail_on not in SEVERITIES:
        raise fail("fail-on", f"fail-on: {fail_on!r} is not one of {', '.join(SEVERITIES)}")
    return CheckSettings(
        enable=lists["enable"],
        disable=lists["disable"],
        severity=overrides,
        fail_on=fail_on,
        var_files=tuple(str(base / v) for v in lists["var-files"]),
        exclude=lists["exclude"],
        exclude_root=base,
        source=Path(name),
    )


def _rule_keys() -> set[str]:
    rules = all_rules()
    return ({"ALL"} | {r.id for r in rules} | {r.meta.name.upper() for r in rules} | {r.meta.family for r in rules}
            | {r.meta.category.upper() for r in rules})


def merge(settings: CheckSettings, cli: Overrides) -> CheckSettings:
    """Flags override the file: lists of rules combine, with the flag winning on conflicts."""
    cli_enable = {e.upper() for e in cli.enable}
    cli_disable = {d.upper() for d in cli.disable}
    enable = tuple(e for e in settings.enable if e.upper() not in cli_disable) + cli.enable
    disable = tuple(d for d in settings.disable if d.upper() not in cli_enable) + cli.disable
    return replace(
        settings,
        enable=enable,
        disable=disable,
        severity={**settings.severity, **{k.upper(): v for k, v in cli.severity.items()}},
        fail_on=cli.fail_on or settings.fail_on,
        var_files=cli.var_files or settings.var_files,
        exclude_cli=settings.exclude_cli + cli.exclude,
    )


# ---------------------------------------------------------------- positions of keys in the text

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


def _at(name: str, text: str, tpath: tuple[str, ...], key: str, message: str, inner: str | None = None) -> Diagnostic:
    """A diagnostic at `key` of table `tpath` (or at `inner` after it), found in the raw TOML text.

    tomllib keeps no positions, so this follows table headers line by line; it
    handles `[a.b]` headers, `key = …` lines, `[a.b.key]` sub-tables and
    inline tables, which is how these files are written.
    """
    lines = text.splitlines()
    table: tuple[str, ...] = ()
    key_re = re.compile(r'^\s*(?:"%s"|\'%s\'|%s)\s*=' % ((re.escape(key),) * 3))
    for number, raw in enumerate(lines, start=1):
        header = _HEADER.match(raw)
        if header:
            table = tuple(part.strip().strip('"\'') for part in header.group(1).split("."))
            if table == (*tpath, key):
                return _inner_at(name, lines, number, raw.index(key) + 1, inner, message)
            continue
        if table == tpath and key_re.match(raw):
            return _inner_at(name, lines, number, raw.index(key) + 1, inner, message)
    return Diagnostic(name, 1, 1, message)


def _inner_at(name: str, lines: list[str], line: int, col: int, inner: str | None, message: str) -> Diagnostic:
    if inner is None:
        return Diagnostic(name, line, col, message)
    for number in range(line, min(len(lines), line + 50) + 1):
        raw = lines[number - 1]
        start = col - 1 if number == line else 0
        where = raw.find(inner, start)
        if where != -1:
            return Diagnostic(name, number, where + 1, message)
    return Diagnostic(name, line, col, message)


# ---------------------------------------------------------------- exclude patterns


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob over '/'-separated paths: `*` and `?` stay within a name, `**` crosses directories.

    A pattern without a '/' matches a name at any depth (`*.generated.tf`);
    a pattern matching a directory excludes everything below it.
    """
    pattern = pattern.strip()
    anchored = pattern.startswith("./") or "/" in pattern.rstrip("/")
    pattern = pattern.removeprefix("./").rstrip("/")
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append("[^/]*" if ch == "*" else "[^/]" if ch == "?" else re.escape(ch))
        i += 1
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"{prefix}{body}(?:/.*)?")


def is_excluded(file: Path, settings: CheckSettings) -> bool:
    """Whether findings in `file` are hidden by the `exclude` patterns of the file or the flags."""
    groups = ((settings.exclude, settings.exclude_root or Path.cwd()), (settings.exclude_cli, Path.cwd()))
    return any(patterns and _matches(file, patterns, root) for patterns, root in groups)


def _matches(file: Path, patterns: tuple[str, ...], root: Path) -> bool:
    try:
        rel = file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = file.as_posix()
    return any(glob_regex(p).fullmatch(rel) for p in patterns)
