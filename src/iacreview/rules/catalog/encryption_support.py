"""Pieces shared by the encryption families: doc links, "is this argument set?", common impacts.

A resource often takes its encryption from elsewhere (a snapshot, a source
database, a global group) exactly when an argument is present, so the rules
ask that question a lot; `given` treats an unknown value as present, so a rule
that skips on it never reports what it cannot see.
"""

from __future__ import annotations

from iacreview.rules.base import Impact
from iacreview.rules.context import ResourceView

PLAINTEXT_IMPACT = Impact(
    cost="None: ACM public certificates are free",
    security="Credentials, session cookies and data cross the network readable and modifiable by anyone on the path",
    performance="TLS adds a handshake per connection; negligible with keep-alive and TLS 1.3",
)
OLD_TLS_IMPACT = Impact(
    cost="None",
    security="Clients can negotiate TLS 1.0/1.1 and weak ciphers, open to downgrade and known protocol attacks",
    performance="None",
)


def tf_doc(resource: str) -> str:
    """The Terraform registry page of an AWS provider resource (`resource` may carry a #fragment)."""
    return f"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/{resource}"


def given(view: ResourceView, name: str) -> bool:
    """Whether argument `name` is set to something other than null (unknown counts as set)."""
    return view.py(name) is not None


def unset(view: ResourceView, name: str) -> bool:
    """Whether argument `name` is absent or null."""
    return view.py(name) is None
