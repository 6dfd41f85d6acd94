"""Tests for the function registry: arity, lazy try/can, provider functions,
error wrapping, marks, and the safety limits on hostile inputs."""

import base64
import gzip

import pytest

from iacreview.eval.errors import ArityError, EvalError, LimitExceededError, UnknownFunctionError
from iacreview.eval.functions import CallContext, all_specs, default_registry
from iacreview.eval.types import DYNAMIC, STRING
from iacreview.eval.values import SENSITIVE, from_python, number_val, string_val, unknown_val

REGISTRY = default_registry()

DOCUMENTED = """abs ceil floor log max min parseint pow signum chomp endswith format formatlist
indent join lower regex regexall replace split startswith strcontains strrev substr templatestring
title trim trimprefix trimspace trimsuffix upper alltrue anytrue chunklist coalesce coalescelist
compact concat contains distinct element flatten index keys length lookup matchkeys merge one range
reverse setintersection setproduct setsubtract setunion slice sort sum transpose values zipmap
base64decode base64encode base64gzip csvdecode jsondecode jsonencode textdecodebase64
textencodebase64 urlencode yamldecode yamlencode abspath dirname pathexpand basename file fileexists
fileset filebase64 templatefile formatdate timeadd timecmp timestamp plantimestamp base64sha256
base64sha512 bcrypt filebase64sha256 filebase64sha512 filemd5 filesha1 filesha256 filesha512 md5
rsadecrypt sha1 sha256 sha512 uuid uuidv5 cidrhost cidrnetmask cidrsubnet cidrsubnets can
nonsensitive sensitive tobool tolist tomap tonumber toset tostring try type issensitive
ephemeralasnull""".split()


def call(name, *args, ctx=None):
    return REGISTRY.call(name, [from_python(a) for a in args], ctx)


def test_every_documented_function_is_registered_with_a_doc():
    specs = {s.name: s for s in all_specs()}
    assert sorted(set(DOCUMENTED) - set(specs)) == []
    assert all(s.doc for s in specs.values())


def test_arity_errors_name_the_function_and_parameter():
    with pytest.raises(ArityError, match='Missing value for "separator"'):
        REGISTRY.check_arity("join", 0)
    with pytest.raises(ArityError, match="expects only 1"):
        REGISTRY.check_arity("upper", 2)
    assert REGISTRY.check_arity("concat", 5).name == "concat"


def test_unknown_function():
    with pytest.raises(UnknownFunctionError):
        REGISTRY.check_arity("nope", 0)
    assert "nope" not in REGISTRY and "upper" in REGISTRY


def test_core_namespace_prefix():
    assert REGISTRY.call("core::upper", [string_val("a")]).payload == "A"


def test_provider_functions_exist_only_when_the_hook_says_so():
    with pytest.raises(UnknownFunctionError, match="required_providers"):
        REGISTRY.call("provider::aws::arn_parse", [string_val("x")])
    reg = default_registry(lambda provider, name: provider == "aws")
    result = reg.call("provider::aws::arn_parse", [string_val("x")])
    assert not result.is_known and result.type is DYNAMIC
    assert "provider::google::x" not in reg


def test_try_returns_first_success_and_never_evaluates_the_rest():
    evaluated = []

    def fail():
        raise EvalError("boom")

    def second():
        evaluated.append("second")
        return string_val("ok")

    def third():
        evaluated.append("third")
        return string_val("never")

    assert REGISTRY.call("try", [fail, second, third]).payload == "ok"
    assert evaluated == ["second"]


def test_try_all_failures_lists_them():
    def fail(msg):
        def thunk():
            raise EvalError(msg)
        return thunk

    with pytest.raises(EvalError, match="no expression succeeded") as info:
        REGISTRY.call("try", [fail("first problem"), fail("second problem")])
    assert "first problem" in info.value.message and "second problem" in info.value.message


def test_try_and_can_with_unknown_results():
    assert not REGISTRY.call("try", [lambda: unknown_val(STRING), lambda: string_val("x")]).is_known
    assert not REGISTRY.call("can", [lambda: unknown_val(STRING)]).is_known


def test_can():
    def fail():
        raise EvalError("nope")

    assert REGISTRY.call("can", [fail]).payload is False
    assert REGISTRY.call("can", [string_val("x")]).payload is True


def test_eager_functions_accept_thunks():
    assert REGISTRY.call("upper", [lambda: string_val("a")]).payload == "A"


def test_sensitive_arguments_make_sensitive_results():
    secret = string_val("abc").mark(SENSITIVE)
    assert REGISTRY.call("upper", [secret]).is_sensitive
    nested = from_python({"a": secret})
    assert REGISTRY.call("jsonencode", [nested]).is_sensitive


def test_implementation_failures_become_eval_errors():
    with pytest.raises(EvalError, match='Call to function "jsondecode" failed'):
        call("jsondecode", "{nope")


def test_argument_errors_name_the_parameter():
    with pytest.raises(EvalError, match='Invalid value for "str" parameter'):
        call("upper", None)


@pytest.mark.parametrize(
    "name, args",
    [
        ("range", [1e12]),
        ("indent", [10**8, "a\nb"]),
        ("formatlist", ["%s" * 1000, ["x" * 100] * 1000]),
        ("replace", ["a" * 10000, "a", "b" * 10000]),
        ("format", ["%1000000000d", 1]),
        ("setproduct", [list(range(1000)), list(range(1000)), list(range(10))]),
    ],
    ids=["range", "indent", "formatlist", "replace", "format-width", "setproduct"],
)
def test_hostile_inputs_fail_cleanly(name, args):
    with pytest.raises(EvalError):
        call(name, *args)


def test_pow_with_huge_exponent_is_infinite_not_hanging():
    result = call("pow", 10, 10**12)
    assert not result.payload.is_finite()


def test_base64gzip_roundtrip():
    encoded = call("base64gzip", "hello world").payload
    assert gzip.decompress(base64.b64decode(encoded)) == b"hello world"


def test_yaml_alias_bomb_is_bounded():
    doc = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    prev = "a"
    for i in range(1, 8):
        name = f"l{i}"
        doc += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
        prev = name
    with pytest.raises(LimitExceededError):
        call("yamldecode", doc)


def test_templatestring_uses_the_injected_renderer():
    seen = {}

    def render(text, variables):
        seen["text"] = text
        seen["vars"] = {k: v.payload for k, v in variables.items()}
        return string_val("rendered")

    ctx = CallContext(render_template=render)
    result = REGISTRY.call("templatestring", [string_val("Hi ${name}"), from_python({"name": "x"})], ctx)
    assert result.payload == "rendered"
    assert seen == {"text": "Hi ${name}", "vars": {"name": "x"}}


def test_signature_and_result_type():
    spec = REGISTRY.require("join")
    assert spec.signature() == "join(separator string, lists... list(string))"
    assert spec.result_type([STRING]) is STRING
    assert REGISTRY.call("join", [string_val(","), unknown_val()]).type is STRING


def test_pure_flags():
    assert not REGISTRY.require("timestamp").pure
    assert not REGISTRY.require("uuid").pure
    assert REGISTRY.require("upper").pure
    assert number_val(1).payload == 1
