"""Small helpers shared by the function families: spec shorthands and limits."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from iacreview.eval.errors import LimitExceededError
from iacreview.eval.functions.registry import FunctionSpec, Param, ReturnRule
from iacreview.eval.types import DYNAMIC, Type
from iacreview.eval.values import MAX_COLLECTION_LENGTH, MAX_STRING_LENGTH, Value


def param(name: str, type_: Type = DYNAMIC, **flags: bool) -> Param:
    """Shorthand for :class:`Param`."""
    return Param(name, type_, **flags)


def fn(
    name: str,
    params: Sequence[Param],
    impl: Callable[..., Value],
    returns: ReturnRule = DYNAMIC,
    *,
    variadic: Param | None = None,
    pure: bool = True,
    lazy: bool = False,
    doc: str = "",
    variadic_max: int | None = None,
) -> FunctionSpec:
    """Shorthand for :class:`FunctionSpec`."""
    return FunctionSpec(
        name=name, params=tuple(params), impl=impl, returns=returns,
        variadic=variadic, pure=pure, lazy=lazy, doc=doc, variadic_max=variadic_max,
    )


def check_length(n: int, what: str = "result") -> None:
    """Refuse collections beyond :data:`MAX_COLLECTION_LENGTH` elements."""
    if n > MAX_COLLECTION_LENGTH:
        raise LimitExceededError(
            f"{what} would have {n} elements, more than the limit of {MAX_COLLECTION_LENGTH}"
        )


def check_string_length(n: int, what: str = "result") -> None:
    """Refuse strings beyond :data:`MAX_STRING_LENGTH` characters, before building them."""
    if n > MAX_STRING_LENGTH:
        raise LimitExceededError(
            f"{what} would be {n} characters long, more than the limit of {MAX_STRING_LENGTH}"
        )


def int_arg(v: Value, index: int, what: str = "number") -> int:
    """A whole-number argument as an int, or an argument error."""
    from iacreview.eval.functions.registry import arg_error
    from iacreview.eval.values import is_whole

    d = v.as_number()
    if not is_whole(d):
        raise arg_error(index, f"{what} must be a whole number")
    return int(d)
