"""The function registry: specs, arity checking and the calling convention.

Every built-in is described by a :class:`FunctionSpec` (parameters with
types, an optional variadic parameter, a return-type rule, the
implementation, a purity flag and a one-line doc).  :class:`FunctionRegistry`
maps names to specs and performs calls the way Terraform does:

1. arity is checked (:class:`~iacreview.eval.errors.ArityError`);
2. each argument's marks are set aside (unless the parameter accepts marked
   values) and re-applied to the result;
3. null arguments are rejected unless the parameter allows null;
4. arguments are converted to the parameter type;
5. if an argument is not wholly known and the parameter does not handle
   unknowns, the result is an unknown value of the spec's return type;
6. the implementation runs; its errors become :class:`EvalError` with
   Terraform's wording.

``try`` and ``can`` are *lazy*: their implementation receives thunks
(zero-argument callables returning a Value) so the evaluator can defer
evaluating, and catching errors from, each argument expression.
``FunctionRegistry.call`` accepts thunks for any function and forces them
for eager ones, so an evaluator may always pass thunks.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from iacreview.eval.convert import convert
from iacreview.eval.errors import (
    ArityError,
    ConversionError,
    EvalError,
    FileAccessUnavailable,
    FunctionArgError,
    LimitExceededError,
    UnknownFunctionError,
)
from iacreview.eval.types import DYNAMIC, Type
from iacreview.eval.values import NO_MARKS, Value, unknown_val

Thunk = Callable[[], Value]
ArgLike = Union[Value, Thunk]
ReturnRule = Union[Type, Callable[[Sequence[Type]], Type]]
TemplateRenderer = Callable[[str, Mapping[str, Value]], Value]


@dataclass(frozen=True)
class Param:
    """One function parameter.

    ``allow_unknown`` / ``allow_null`` / ``allow_marked`` mean the
    implementation handles such values itself; otherwise the registry does
    (unknown → unknown result, null → error, marks → moved to the result).
    """

    name: str
    type: Type = DYNAMIC
    allow_null: bool = False
    allow_unknown: bool = False
    allow_marked: bool = False


@dataclass
class CallContext:
    """Everything a function may need from outside the arguments.

    ``base_dir`` confines the file functions (``None``: file functions fail).
    ``clock`` gives "now" for ``timestamp``/``plantimestamp`` (``None``: they
    return unknown, as during a plan).  ``render_template`` renders template
    text with variables for ``templatefile``/``templatestring`` (``None``:
    they return unknown).  ``home_dir`` is what ``pathexpand`` substitutes
    for ``~`` (``None``: unknown).
    """

    base_dir: Path | None = None
    clock: Callable[[], _dt.datetime] | None = None
    render_template: TemplateRenderer | None = None
    home_dir: str | None = None
    max_file_size: int = 10 * 1024 * 1024
    max_fileset_entries: int = 100_000


Impl = Callable[[CallContext, list[Value]], Value]


@dataclass(frozen=True)
class FunctionSpec:
    """A function's signature, behaviour and documentation.

    ``returns`` is either a fixed :class:`Type` or a callable computing it
    from the (converted) argument types; it decides the type of the unknown
    result when an argument is unknown.  ``lazy`` functions get thunks.
    ``pure`` is False for functions whose result is not determined by the
    arguments (``timestamp``, ``uuid``, ``bcrypt``, ...).  ``variadic_max``
    caps the variadic parameter (``lookup``'s optional default).
    """

    name: str
    params: tuple[Param, ...]
    impl: Callable[..., Value]
    returns: ReturnRule = DYNAMIC
    variadic: Param | None = None
    pure: bool = True
    lazy: bool = False
    doc: str = ""
    variadic_max: int | None = None

    @property
    def min_args(self) -> int:
        return len(self.params)

    @property
    def max_args(self) -> int | None:
        """Largest accepted argument count (None: unlimited)."""
        if self.variadic is None:
            return len(self.params)
        if self.variadic_max is not None:
            return len(self.params) + self.variadic_max
        return None

    def param_for(self, index: int) -> Param:
        if index < len(self.params):
            return self.params[index]
        assert self.variadic is not None
        return self.variadic

    def result_type(self, arg_types: Sequence[Type]) -> Type:
        """The return type for these argument types (``DYNAMIC`` when undecidable)."""
        if isinstance(self.returns, Type):
            return self.returns
        try:
            t = self.returns(arg_types)
        except Exception:  # a rule that cannot decide yields "unknown type"
            return DYNAMIC
        return t if isinstance(t, Type) else DYNAMIC

    def signature(self) -> str:
        parts = [f"{p.name} {p.type.type_expr()}" for p in self.params]
        if self.variadic is not None:
            parts.append(f"{self.variadic.name}... {self.variadic.type.type_expr()}")
        return f"{self.name}({', '.join(parts)})"


class FunctionError(EvalError):
    """Raised by implementations for failures not tied to one argument."""

    def __init__(self, message: str) -> None:
        super().__init__(message, summary="Error in function call")


def arg_error(index: int, message: str) -> FunctionArgError:
    """Build the error for an unsuitable argument at ``index`` (0-based)."""
    return FunctionArgError(message, arg_index=index)


ProviderHook = Callable[[str, str], bool]


def _provider_function_impl(ctx: CallContext, args: list[Value]) -> Value:
    return unknown_val(DYNAMIC)


class FunctionRegistry:
    """Name → :class:`FunctionSpec`, plus the calling convention.

    ``provider_hook(provider, function)`` answers whether a namespaced
    ``provider::<provider>::<function>`` exists (e.g. the provider is
    declared); such functions accept any arguments and return unknown.
    Built-ins can also be called as ``core::<name>``.
    """

    def __init__(self, specs: Iterable[FunctionSpec] = (), provider_hook: ProviderHook | None = None) -> None:
        self._specs: dict[str, FunctionSpec] = {}
        for spec in specs:
            self.register(spec)
        self.provider_hook = provider_hook

    def register(self, spec: FunctionSpec) -> None:
        if spec.name in self._specs:
            raise ValueError(f"function {spec.name!r} registered twice")
        self._specs[spec.name] = spec

    def names(self) -> list[str]:
        return sorted(self._specs)

    def __contains__(self, name: str) -> bool:
        return self.lookup(name) is not None

    def with_provider_hook(self, hook: ProviderHook | None) -> "FunctionRegistry":
        """A registry sharing these specs with a different provider hook."""
        clone = FunctionRegistry(provider_hook=hook)
        clone._specs = self._specs
        return clone

    def lookup(self, name: str) -> FunctionSpec | None:
        """The spec for ``name`` (``core::`` prefix allowed), or None."""
        if name.startswith("core::"):
            name = name[len("core::"):]
        spec = self._specs.get(name)
        if spec is not None:
            return spec
        if name.startswith("provider::"):
            parts = name.split("::")
            if len(parts) == 3 and self.provider_hook is not None and self.provider_hook(parts[1], parts[2]):
                return FunctionSpec(
                    name=name,
                    params=(),
                    variadic=Param("args", DYNAMIC, allow_null=True, allow_unknown=True, allow_marked=True),
                    impl=_provider_function_impl,
                    returns=DYNAMIC,
                    pure=False,
                    doc="Provider-defined function; evaluated only by the provider.",
                )
        return None

    def require(self, name: str) -> FunctionSpec:
        spec = self.lookup(name)
        if spec is None:
            if name.startswith("provider::"):
                parts = name.split("::")
                provider = parts[1] if len(parts) > 1 else ""
                raise UnknownFunctionError(
                    name,
                    f'There is no function named "{name}". Ensure that provider "{provider}" '
                    "is declared in this module's required_providers block.",
                )
            raise UnknownFunctionError(name)
        return spec

    def check_arity(self, name: str, count: int) -> FunctionSpec:
        """Raise :class:`UnknownFunctionError` / :class:`ArityError` or return the spec."""
        spec = self.require(name)
        if count < spec.min_args:
            missing = spec.params[count]
            raise ArityError(
                name,
                f'Function "{name}" expects {spec.min_args} argument(s). Missing value for "{missing.name}".',
            )
        if spec.max_args is not None and count > spec.max_args:
            raise ArityError(name, f'Function "{name}" expects only {spec.max_args} argument(s).')
        return spec

    def call(self, name: str, args: Sequence[ArgLike], ctx: CallContext | None = None) -> Value:
        """Call function ``name`` with ``args`` (Values or thunks)."""
        spec = self.check_arity(name, len(args))
        ctx = ctx or CallContext()
        if spec.lazy:
            thunks = [a if callable(a) and not isinstance(a, Value) else _const(a) for a in args]
            return _run(spec, ctx, thunks)
        values = [a() if callable(a) and not isinstance(a, Value) else a for a in args]
        return call_spec(spec, values, ctx)


def _const(v: Value) -> Thunk:
    return lambda: v


def call_spec(spec: FunctionSpec, values: Sequence[Value], ctx: CallContext) -> Value:
    """Apply Terraform's argument handling to ``values`` and run ``spec``."""
    marks = NO_MARKS
    prepared: list[Value] = []
    short_circuit = False
    for i, raw in enumerate(values):
        if not isinstance(raw, Value):
            raise EvalError(f"argument {i + 1} to {spec.name} is not a value", function=spec.name)
        param = spec.param_for(i)
        v = raw
        if not param.allow_marked:
            v, m = v.unmark_deep()
            if m:
                marks = marks | m
        if v.payload is None and not param.allow_null:
            raise _param_error(spec, i, param, "argument must not be null")
        try:
            v = convert(v, param.type)
        except ConversionError as e:
            raise _param_error(spec, i, param, e.message) from None
        if not param.allow_unknown and not v.is_wholly_known():
            short_circuit = True
        prepared.append(v)
    if short_circuit:
        return unknown_val(spec.result_type([v.type for v in prepared])).with_marks(marks)
    result = _run(spec, ctx, prepared)
    return result.with_marks(marks) if marks else result


def _param_error(spec: FunctionSpec, index: int, param: Param, message: str) -> FunctionArgError:
    err = FunctionArgError(f'Invalid value for "{param.name}" parameter: {message}.', arg_index=index, function=spec.name)
    return err


def _run(spec: FunctionSpec, ctx: CallContext, args: list) -> Value:
    try:
        result = spec.impl(ctx, args)
    except FileAccessUnavailable:
        return unknown_val(DYNAMIC)
    except FunctionArgError as e:
        if e.function is None:
            e.function = spec.name
            index = e.arg_index
            has_param = index is not None and (index < len(spec.params) or spec.variadic is not None)
            if has_param and not e.message.startswith("Invalid value for"):
                param = spec.param_for(index)  # type: ignore[arg-type]
                e.message = f'Invalid value for "{param.name}" parameter: {e.message.rstrip(".")}.'
        raise
    except LimitExceededError as e:
        e.function = e.function or spec.name
        raise
    except EvalError as e:
        if e.function is None:
            e.function = spec.name
            if isinstance(e, FunctionError):
                e.message = f'Call to function "{spec.name}" failed: {e.message.rstrip(".")}.'
        raise
    except RecursionError:
        raise LimitExceededError(f'Call to function "{spec.name}" failed: value is nested too deeply.') from None
    except MemoryError:
        raise LimitExceededError(f'Call to function "{spec.name}" failed: result is too large.') from None
    except (ValueError, TypeError, ArithmeticError, OverflowError, UnicodeError) as e:
        raise EvalError(
            f'Call to function "{spec.name}" failed: {e}.', summary="Error in function call", function=spec.name
        ) from None
    if not isinstance(result, Value):  # pragma: no cover - programming error guard
        raise EvalError(f'function "{spec.name}" returned no value', function=spec.name)
    return result

