"""Small helpers shared by the encryption families: provider doc links and "is this argument set?".

A resource often takes its encryption from elsewhere (a snapshot, a source
database, a global group) exactly when an argument is present, so the rules
ask that question a lot; `given` treats an unknown value as present, so a rule
that skips on it never reports what it cannot see.
"""

from __future__ import annotations

from iacreview.rules.context import ResourceView


def tf_doc(resource: str) -> str:
    """The Terraform registry page of an AWS provider resource (`resource` may carry a #fragment)."""
    return f"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/{resource}"


def given(view: ResourceView, name: str) -> bool:
    """Whether argument `name` is set to something other than null (unknown counts as set)."""
    return view.py(name) is not None


def unset(view: ResourceView, name: str) -> bool:
    """Whether argument `name` is absent or null."""
    return view.py(name) is None
