"""Plans of hand-written configurations against instance lists derived by hand.

Each folder of tests/fixtures/configs/ is a Terraform configuration with an
`expected_plan.txt`: the managed resource instances `terraform plan` would
create, worked out by hand (the comments in each file say how) and written
as Terraform prints them, in its order (plain string order of the
addresses). `plan_args.json`, where present, holds the --var-file, --var and
TF_VAR_ settings the plan is made with; `expected_undetermined.txt` lists
the resources whose count or for_each is known only after apply, each with
the expression the reason must quote. The plan must match both through
`Configuration.load(...).plan()` and through `iacreview plan --format json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from iacreview.cli.main import cli
from iacreview.model.config import Configuration
from test_example_region_migration import EXPECTED_PLAN_ADDRESSES, LIB

CONFIGS = Path(__file__).resolve().parent.parent / "fixtures" / "configs"


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@dataclass
class Example:
    """One fixture configuration and what its plan must be."""

    name: str
    path: Path
    expected: list[str]
    undetermined: dict[str, str] = field(default_factory=dict)  # address -> text the reason quotes
    var_files: list[str] = field(default_factory=list)
    var_args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Example:
        example = cls(path.name, path, _lines(path / "expected_plan.txt"))
        for line in _lines(path / "expected_undetermined.txt"):
            address, _, quoted = line.partition(" | ")
            example.undetermined[address.strip()] = quoted.strip()
        args_file = path / "plan_args.json"
        if args_file.is_file():
            args = json.loads(args_file.read_text(encoding="utf-8"))
            example.var_files = [str(path / name) for name in args.get("var_files", [])]
            example.var_args = list(args.get("vars", []))
            example.env = dict(args.get("env", {}))
        return example

    def plan(self):
        config = Configuration.load(self.path, var_files=self.var_files, var_args=self.var_args, environ=self.env)
        return config.plan()

    def cli_args(self, fmt: str = "json") -> list[str]:
        args = ["plan", str(self.path), "--format", fmt]
        for name in self.var_files:
            args += ["--var-file", name]
        for assignment in self.var_args:
            args += ["--var", assignment]
        return args


EXAMPLES = [Example.read(p) for p in sorted(CONFIGS.iterdir()) if (p / "expected_plan.txt").is_file()]
IDS = [e.name for e in EXAMPLES]


def run_cli(args: list[str], env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, args, env=env or {}, catch_exceptions=False)


def test_there_are_enough_examples() -> None:
    assert len(EXAMPLES) >= 7
    assert all(e.expected for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_expected_plans_are_written_in_terraform_order(example: Example) -> None:
    assert example.expected == sorted(example.expected)
    assert len(set(example.expected)) == len(example.expected)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_plan_lists_exactly_the_expected_instances(example: Example) -> None:
    plan = example.plan()
    assert sorted(i.address for i in plan.instances) == example.expected
    assert plan.to_add == len(example.expected)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_plan_reports_what_it_cannot_determine(example: Example) -> None:
    plan = example.plan()
    got = {u.address: u.reason for u in plan.undetermined}
    assert sorted(got) == sorted(example.undetermined)
    for address, quoted in example.undetermined.items():
        assert quoted in got[address], (address, got[address])
    assert plan.complete is (not example.undetermined)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_cli_json_lists_exactly_the_expected_instances(example: Example) -> None:
    result = run_cli(example.cli_args(), example.env)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert sorted(payload["instances"]) == example.expected
    assert payload["resources"] == len(example.expected)
    assert sum(payload["by_type"].values()) == len(example.expected)
    assert sorted(u["address"] for u in payload["undetermined"]) == sorted(example.undetermined)


def test_cli_prints_instances_in_terraform_order() -> None:
    example = next(e for e in EXAMPLES if e.name == "count-conditionals")
    payload = json.loads(run_cli(example.cli_args(), example.env).output)
    assert payload["instances"] == example.expected


def test_cli_text_output_ends_with_the_count() -> None:
    example = next(e for e in EXAMPLES if e.name == "unknown-count")
    result = run_cli(example.cli_args("text"))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line for line in lines if line.startswith("  + ")] == [f"  + {a}" for a in example.expected]
    assert lines[-1] == "Plan: 2 to add. (4 more whose number of instances is not known)"


# --------------------------------------------------------------------------- details


def test_data_sources_are_read_not_created() -> None:
    example = next(e for e in EXAMPLES if e.name == "count-conditionals")
    plan = example.plan()
    assert [i.address for i in plan.data] == ["data.aws_availability_zones.available"]
    payload = json.loads(run_cli(example.cli_args()).output)
    assert payload["data_sources"] == ["data.aws_availability_zones.available"]


def test_instances_carry_their_count_and_each_bindings() -> None:
    plan = next(e for e in EXAMPLES if e.name == "count-conditionals").plan()
    worker = next(i for i in plan.instances if i.address == "aws_instance.worker[10]")
    tags = worker.evaluate(worker.resource.attribute("tags").expr)  # type: ignore[union-attr]
    assert tags.payload["Name"].payload == "worker-11"
    assert worker.evaluate(worker.resource.attribute("instance_type").expr).payload == "m5.large"  # type: ignore[union-attr]

    plan = next(e for e in EXAMPLES if e.name == "nested-modules").plan()
    record = next(i for i in plan.instances if i.address == 'module.dns[0].aws_route53_record.app["worker"]')
    assert record.module_address == "module.dns[0]"
    assert record.evaluate(record.resource.attribute("name").expr).payload == "worker.example.com"  # type: ignore[union-attr]


def test_the_same_configuration_in_memory_plans_the_same() -> None:
    example = next(e for e in EXAMPLES if e.name == "nested-modules")
    files = {
        str(p.relative_to(example.path)): p.read_text(encoding="utf-8")
        for p in example.path.rglob("*.tf")
    }
    config = Configuration.from_files(files)
    assert sorted(i.address for i in config.plan().instances) == example.expected


def test_var_file_and_var_are_needed_for_the_precedence_example() -> None:
    """Without the options, the defaults and the files of the folder decide."""
    example = next(e for e in EXAMPLES if e.name == "tfvars-precedence")
    config = Configuration.load(example.path, environ={})
    counts = {name: len([i for i in config.plan().instances if i.address.startswith(f"aws_sqs_queue.{name}[")])
              for name in "abcdefg"}
    assert counts == {"a": 1, "b": 1, "c": 3, "d": 4, "e": 5, "f": 5, "g": 1}
    # zone and tags are required and unset: the resources that depend on them are undetermined.
    assert sorted(u.address for u in config.plan().undetermined) == ["aws_instance.zonal", "aws_s3_bucket.tagged"]


def test_later_var_wins_over_earlier_var() -> None:
    example = next(e for e in EXAMPLES if e.name == "tfvars-precedence")
    config = Configuration.load(
        example.path, var_args=["g_count=2", "g_count=3", "zone=x", "tags={}"], environ={}
    )
    assert len([i for i in config.plan().instances if i.address.startswith("aws_sqs_queue.g[")]) == 3


# --------------------------------------------------------------------------- the reference example


def test_region_migration_example_plans_exactly_26_resources() -> None:
    plan = Configuration.load(LIB).plan()
    assert sorted(i.address for i in plan.instances) == list(EXPECTED_PLAN_ADDRESSES)
    assert plan.to_add == 26
    assert plan.complete


def test_region_migration_example_through_the_cli() -> None:
    result = run_cli(["plan", str(LIB), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["resources"] == 26
    assert sorted(payload["instances"]) == list(EXPECTED_PLAN_ADDRESSES)
    assert payload["undetermined"] == []
