"""Where the shipped schemas are and how they are loaded: lazily, once per process.

Only `index.json` (a few hundred bytes) is read to choose a version; a
provider's compressed document is opened the first time a module needs it.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from iacreview.schema.blocks import ProviderSchema
from iacreview.schema.container import LazyContainer
from iacreview.schema.errors import SchemaDataError

DATA_DIR = Path(__file__).resolve().parent / "data"
FORMAT = 1


def data_dir() -> Path:
    """The directory holding index.json and the documents (IACREVIEW_SCHEMA_DIR overrides it, for tests)."""
    override = os.environ.get("IACREVIEW_SCHEMA_DIR")
    return Path(override) if override else DATA_DIR


@dataclass(frozen=True)
class ShippedProvider:
    """One provider version that iacreview carries a schema for."""

    name: str
    source: str  # registry.terraform.io/hashicorp/aws
    version: str
    file: str
    origin: str
    counts: dict
    knows: dict

    @property
    def short_source(self) -> str:
        """`hashicorp/aws`: the form required_providers uses."""
        return self.source.removeprefix("registry.terraform.io/")


def _entries(path: Path, key: str, what: str, make: Callable[[Any], Any]) -> tuple:
    """`make` of each item of the list under `key` of a shipped JSON file: none when the file is absent,
    one line naming the file when it cannot be read."""
    try:
        return tuple(make(e) for e in json.loads(path.read_text(encoding="utf-8"))[key])
    except FileNotFoundError:
        return ()
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise SchemaDataError(f"{path}: {what} cannot be read ({err.__class__.__name__}: {err})") from None


def _shipped(e: dict) -> ShippedProvider:
    return ShippedProvider(e["name"], e["source"], e["version"], e["file"], e.get("origin", ""),
                           dict(e.get("counts", {})), dict(e.get("knows", {})))


@lru_cache(maxsize=4)
def _index(directory: str) -> tuple[ShippedProvider, ...]:
    return _entries(Path(directory) / "index.json", "providers", "the schema index", _shipped)


def shipped_providers() -> tuple[ShippedProvider, ...]:
    """Every shipped provider version, as index.json lists them."""
    return _index(str(data_dir()))


@lru_cache(maxsize=16)
def _load(directory: str, file: str) -> ProviderSchema:
    path = Path(directory) / file
    try:
        container = LazyContainer(path)
    except FileNotFoundError:
        raise SchemaDataError(f"{path}: the schema file is missing (reinstall iacreview)") from None
    except (OSError, EOFError, zlib.error, ValueError, KeyError, UnicodeDecodeError) as err:
        raise SchemaDataError(f"{path}: the schema file is corrupt ({err.__class__.__name__}: {err})") from None
    doc = container.document
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SchemaDataError(f"{path}: unknown schema format {doc.get('format') if isinstance(doc, dict) else None!r}")
    return ProviderSchema(doc, str(path), container.block_text, container.types)


def load_provider(shipped: ShippedProvider) -> ProviderSchema:
    """The schema document of one shipped provider version (decoded once per process)."""
    return _load(str(data_dir()), shipped.file)


@lru_cache(maxsize=4)
def _value_rules(directory: str) -> tuple[dict, ...]:
    return _entries(Path(directory) / "value_rules.json", "rules", "the value rules", lambda rule: rule)


def value_rules() -> tuple[dict, ...]:
    """Checks of argument values the providers make in their own code (not in any schema)."""
    return _value_rules(str(data_dir()))
