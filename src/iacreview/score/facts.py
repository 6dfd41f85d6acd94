"""What scoring needs to know about a review, as plain data.

The score layer must not depend on how tasks are loaded or diffs computed (they
are sibling layers), so the review fills this record and the rubric's named
checks read only from it. That also makes every check testable on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FailureFact:
    severity: str
    category: str
    title: str
    rule: str = ""


@dataclass(frozen=True)
class FixFact:
    """One difference between the model's answer and the ideal one, classified A/B/C."""

    klass: str  # "A", "B" or "C"
    description: str
    reason: str = ""


@dataclass
class ScoreFacts:
    failures: list[FailureFact] = field(default_factory=list)
    fixes: list[FixFact] = field(default_factory=list)
    has_ideal: bool = True  # False: no ideal Terraform to compare with, so fixes cannot be judged
    prompt: str = ""
    platform_mismatch: bool = False
    platform_detail: str = ""
    task_region: str | None = None
    code_regions: set[str] = field(default_factory=set)
    wrong_account: bool = False
    required_services: list[str] = field(default_factory=list)
    missing_services: list[str] = field(default_factory=list)
    services_judged: bool = True  # False: neither answer declares a resource, so no service can be judged
    ideal_resource_types: set[str] = field(default_factory=set)
    ideal_resource_count: int = 0
    ideal_instances_by_type: dict[str, int] = field(default_factory=dict)  # planned instances per resource type
    ideal_cross_service_links: int = 0
    ideal_attributes: dict[str, set[str]] = field(default_factory=dict)  # type -> argument names set anywhere
    provider_regions: set[str] = field(default_factory=set)  # distinct region values of provider blocks
    region_from_variable: bool = False
    uses_workspaces: bool = False
    region_var_files: int = 0  # tfvars files setting a region
    requested_docs: list[str] = field(default_factory=list)
    present_docs: dict[str, bool] = field(default_factory=dict)  # name -> substantial (not a placeholder)
    test_cases: int = 0  # test functions / assertions found in the answer's tests
    test_files: list[str] = field(default_factory=list)
