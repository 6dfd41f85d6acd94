"""Terraform's built-in function library.

Use :func:`default_registry` to get a :class:`FunctionRegistry` with every
built-in, then ``registry.call(name, args, ctx)``.  Families live in their
own modules (``strings``, ``collections``, ``encoding``, ``numeric``,
``network``, ``typeconv``, ``hashing``, ``datetime``, ``files``).

Safety limits (raise :class:`~iacreview.eval.errors.LimitExceededError`
instead of hanging or exhausting memory):

* collections: at most ``MAX_COLLECTION_LENGTH`` (1,000,000) elements;
* strings: at most ``MAX_STRING_LENGTH`` (10 MiB of characters), checked
  before building results (``indent``, ``replace``, ``join``, ``format``...);
* ``range``: at most 1024 numbers (Terraform's own limit);
* numbers: decimal exponent within ±100,000; ``pow`` overflows to infinity;
* files: at most ``CallContext.max_file_size`` (10 MiB) and only inside
  ``CallContext.base_dir``; ``fileset`` scans at most 100,000 files;
* ``yamldecode``: at most 1,000,000 nodes after alias expansion.
"""

from __future__ import annotations

from functools import lru_cache

from iacreview.eval.functions import (
    collections,
    datetime,
    encoding,
    files,
    hashing,
    network,
    numeric,
    strings,
    typeconv,
)
from iacreview.eval.functions.registry import (
    CallContext,
    FunctionError,
    FunctionRegistry,
    FunctionSpec,
    Param,
    ProviderHook,
    TemplateRenderer,
    Thunk,
    arg_error,
    call_spec,
)

_FAMILIES = (numeric, strings, collections, encoding, files, datetime, hashing, network, typeconv)


def all_specs() -> list[FunctionSpec]:
    """Every built-in function spec, sorted by name."""
    specs = [spec for family in _FAMILIES for spec in family.specs()]
    return sorted(specs, key=lambda s: s.name)


@lru_cache(maxsize=1)
def _builtin_registry() -> FunctionRegistry:
    return FunctionRegistry(all_specs())


def default_registry(provider_hook: ProviderHook | None = None) -> FunctionRegistry:
    """A registry of all built-ins; ``provider_hook`` enables ``provider::`` functions."""
    base = _builtin_registry()
    return base if provider_hook is None else base.with_provider_hook(provider_hook)


__all__ = [
    "CallContext",
    "FunctionError",
    "FunctionRegistry",
    "FunctionSpec",
    "Param",
    "ProviderHook",
    "TemplateRenderer",
    "Thunk",
    "all_specs",
    "arg_error",
    "call_spec",
    "default_registry",
]
