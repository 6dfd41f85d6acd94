"""How schema findings point the way: the provider's documentation page, and the nearest real names.

Terraform's own "Did you mean" needs an edit distance under 3; a fix can
afford to be looser and name the two or three closest arguments or types.
"""

from __future__ import annotations

import difflib

from iacreview.schema import ProviderSchema

def short_source(source: str) -> str:
    return source.removeprefix("registry.terraform.io/")


_DOCS_KIND = {"resource": "resources", "data": "data-sources", "ephemeral": "ephemeral-resources"}


def docs_index(schema: ProviderSchema) -> str:
    return f"https://registry.terraform.io/providers/{short_source(schema.source)}/{schema.version}/docs"


def docs_page(schema: ProviderSchema, kind: str, type_name: str) -> str:
    """The registry page documenting one resource type of this provider version."""
    if kind not in _DOCS_KIND:
        return docs_index(schema)
    page = type_name.split("_", 1)[1] if "_" in type_name else type_name
    return f"{docs_index(schema)}/{_DOCS_KIND[kind]}/{page}"


def nearest_fix(what: str, name: str, candidates: list[str], otherwise: str = "") -> str | None:
    """A fix that names the closest real names (looser than Terraform's hint, which needs distance < 3)."""
    if len(candidates) > 200:
        # Two thousand resource types: compare only those sharing a word with the name (difflib is quadratic).
        words = set(name.split("_")[1:]) - {"id", "name", "arn"}
        candidates = [c for c in candidates if words & set(c.split("_")[1:])] or candidates[:0]
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
    if not close:
        parts = set(name.split("_"))
        close = [c for c in candidates if parts & set(c.split("_")) - {"aws", "id", "name", "arn"}][:3]
    if close:
        return f"Use one of the {what}: {', '.join(close)}." if len(close) > 1 else f"Use {close[0]}, of the {what}."
    return otherwise or None
