"""Expression evaluation through `Evaluator` and `MappingScope`, as a table.

Each case parses `a = <expr>` with `iacreview.hcl.parse` and evaluates the
attribute's expression against the names in NAMES. Expected results follow
Terraform's documented behaviour (the language pages on expressions:
operators, conditionals, for expressions, splat expressions, strings and
templates, function calls, and the try/can functions) and, where the pages
are silent, what HCL's implementation does; the comments name the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from evalcases import expected_plain, plain
from iacreview.eval.errors import EvalError
from iacreview.eval.evaluator import Evaluator, MappingScope
from iacreview.eval.types import BOOL, DYNAMIC, STRING, list_of
from iacreview.eval.values import (
    SENSITIVE,
    Value,
    bool_val,
    from_python,
    list_val,
    map_val,
    null_val,
    number_val,
    set_val,
    string_val,
    unknown_val,
)
from iacreview.hcl import parse

FILE = "test.tf"

NAMES: dict[str, Value] = {
    "s": string_val("hello"),
    "n": number_val(3),
    "yes": bool_val(True),
    "l": list_val([string_val("a"), string_val("b"), string_val("c")]),
    "nums": list_val([number_val(5), number_val(1), number_val(9)]),
    "m": map_val({"x": number_val(1), "y": number_val(2)}),
    "st": set_val([string_val("b"), string_val("a")]),
    "objs": from_python([{"name": "web", "port": 80, "ips": ["10.0.0.1", "10.0.0.2"]},
                         {"name": "db", "port": 5432, "ips": ["10.0.1.1"]}]),
    "obj_list": list_val([from_python({"id": "i-1"}), from_python({"id": "i-2"})]),
    "single": from_python({"id": "only"}),
    "nothing": null_val(DYNAMIC),
    "null_str": null_val(STRING),
    "null_list": null_val(list_of(STRING)),
    "u": unknown_val(STRING),
    "ub": unknown_val(BOOL),
    "ul": unknown_val(list_of(STRING)),
    "ud": unknown_val(DYNAMIC),
    "secret": string_val("hunter2").mark(SENSITIVE),
    "secret_list": list_val([string_val("p"), string_val("q")]).mark(SENSITIVE),
    "secret_map": map_val({"k": string_val("v")}).mark(SENSITIVE),
    "tags": map_val({"Team": string_val("platform"), "Env": string_val("prod")}),
    "empty_strs": Value(list_of(STRING), ()),
    "lists": from_python({"a": ["x"], "b": []}),
}


def evaluate(expr: str, names: dict[str, Value] | None = None) -> Value:
    tree = parse(f"a = {expr}\n", FILE)
    attribute = tree.body.items[0]
    return Evaluator(MappingScope(NAMES if names is None else names)).evaluate(attribute.expr)  # type: ignore[union-attr]


@dataclass(frozen=True)
class Case:
    """One expression and what Terraform gives for it.

    `want` is plain data (lists for tuples and lists, dicts for objects and
    maps); `type` the type expression of the result; `unknown` whether it is
    (partly) unknown; `sensitive` whether the result itself is marked;
    `error` a fragment of the message and `at` its "line:col".
    """

    id: str
    expr: str
    want: Any = ...
    type: str | None = None
    unknown: bool = False
    sensitive: bool | None = None
    error: str | None = None
    at: str | None = None


LITERALS = [
    Case("number", "42", 42, "number"),
    Case("decimal", "1.5e3", 1500),
    Case("string", '"hi"', "hi", "string"),
    Case("escapes", r'"tab\there \"q\" \u00e9"', 'tab\there "q" é'),
    Case("bool", "true", True, "bool"),
    Case("null", "null", None),
    Case("tuple", '[1, "a", true]', [1, "a", True], "tuple([number, string, bool])"),
    Case("object", '{ a = 1, "b-c" = "x" }', {"a": 1, "b-c": "x"}, "object({a=number, b-c=string})"),
    Case("object-colon-keys", '{ a: 1, b: 2 }', {"a": 1, "b": 2}),
    Case("object-bare-key-is-a-name", "{ s = 1 }", {"s": 1}),
    Case("object-parenthesised-key-is-evaluated", "{ (s) = 1 }", {"hello": 1}),
    Case("object-template-key", '{ "${s}-x" = 1 }', {"hello-x": 1}),
    Case("object-number-key-becomes-string", "{ (n) = true }", {"3": True}),
    Case("object-later-duplicate-wins", "{ a = 1, a = 2 }", {"a": 2}),
    Case("object-unknown-key", "{ (u) = 1 }", unknown=True),
]

OPERATORS = [
    # Operators docs: order of operations `!`,`-` > `* / %` > `+ -` > comparisons > equality > && > ||.
    Case("mul-before-add", "1 + 2 * 3", 7),
    Case("parens", "(1 + 2) * 3", 9),
    Case("left-assoc-sub", "10 - 4 - 3", 3),
    Case("left-assoc-div", "100 / 10 / 5", 2),
    Case("modulo", "7 % 3", 1),
    Case("unary-minus", "-2 - -3", 1),
    Case("not-before-and", "!false && true", True),
    Case("and-before-or", "true || false && false", True),
    Case("comparison-before-equality", "1 < 2 == true", True),
    Case("arith-before-comparison", "2 + 2 > 3", True),
    Case("string-number-converts", '"5" + 1', 6),
    Case("equality-needs-same-type", '1 == "1"', False),
    Case("tuple-is-not-a-list", "l == []", False),
    Case("inequality", '"a" != "b"', True),
    Case("unknown-propagates", "u == \"x\"", type="bool", unknown=True),
    Case("unknown-arith", "n + length(ul)", type="number", unknown=True),
    Case("sensitive-propagates", 'secret == "x"', False, sensitive=True),
    Case("bad-operand", '1 + "a"', error="Unsuitable value for right operand", at="1:5"),
    Case("bad-unary", '!"x"', error="a bool is required", at="1:5"),
    # Operators docs: "The logical operators in Terraform do not short-circuit":
    # `var.foo && var.foo.bar` fails when var.foo is null.
    Case("no-short-circuit", "nothing != null && nothing.bar", error="null value", at="1:24"),
]

CONDITIONALS = [
    Case("true-branch", 'yes ? "a" : "b"', "a"),
    Case("false-branch", 'n > 5 ? "big" : "small"', "small"),
    # Conditionals docs: both results are converted to a common type.
    Case("unify-number-string", 'true ? 12 : "hello"', "12", "string"),
    Case("null-takes-other-type", "false ? 1 : null", None, "number"),
    Case("inconsistent-types", "true ? 1 : [1]", error="Inconsistent conditional result types", at="1:5"),
    Case("string-condition-converts", '"true" ? 1 : 2', 1),
    Case("bad-condition", '"maybe" ? 1 : 2', error="bool", at="1:5"),
    Case("null-condition", "nothing ? 1 : 2", error="null", at="1:5"),
    # Only the chosen result's errors count: the classic guard against empty lists.
    Case("unchosen-branch-error-ignored", "length(empty_strs) > 0 ? empty_strs[0] : \"none\"", "none"),
    Case("unchosen-true-branch-error-ignored", "false ? l[10] : l[0]", "a"),
    Case("chosen-branch-error", "true ? l[10] : l[0]", error="out of range", at="1:12"),
    # An unknown condition chooses neither branch: unknown result, no branch errors.
    Case("unknown-condition", "ub ? 1 : 2", type="number", unknown=True),
    Case("unknown-condition-hides-branch-errors", "ub ? l[10] : 2", unknown=True),
    Case("marks-of-either-branch", 'true ? "a" : secret', "a", sensitive=True),
    Case("marks-of-condition", 'secret == "x" ? 1 : 2', 2, sensitive=True),
]

FOR_EXPRESSIONS = [
    Case("tuple", "[for x in nums : x * 2]", [10, 2, 18], "tuple([number, number, number])"),
    Case("tuple-with-index", '[for i, x in l : "${i}=${x}"]', ["0=a", "1=b", "2=c"]),
    Case("filter", "[for x in nums : x if x > 2]", [5, 9]),
    Case("object", "{for k, v in m : v => k}", {"1": "x", "2": "y"}),
    Case("object-from-list", "{for o in objs : o.name => o.port}", {"web": 80, "db": 5432}),
    Case("set-key-is-value", "[for k, v in st : k]", ["a", "b"]),
    Case("map-value-only", "[for v in m : v]", [1, 2]),
    Case("grouping", '{for o in objs : (o.port > 100 ? "high" : "low") => o.name...}',
         {"high": ["db"], "low": ["web"]}),
    Case("grouping-keeps-duplicates", '{for x in ["a", "b", "a"] : x => 1...}', {"a": [1, 1], "b": [1]}),
    Case("duplicate-key", '{for x in ["a", "b", "a"] : x => x}', error='Two different items produced the key "a"',
         at="1:5"),
    Case("iterate-null", "[for x in nothing : x]", error="must not be null", at="1:5"),
    Case("iterate-number", "[for x in n : x]", error="Iteration over non-iterable value", at="1:5"),
    Case("null-key", "{for x in l : null => x}", error="must not be null", at="1:5"),
    Case("unknown-collection", "[for x in ul : x]", unknown=True),
    # An unknown `if` makes the whole result unknown (HCL: which items stay is not known).
    Case("unknown-condition", "[for x in nums : x if x > length(ul)]", unknown=True),
    Case("unknown-condition-object", "{for x in l : x => x if u == x}", unknown=True),
    Case("null-condition", "[for x in l : x if nothing]", error="null", at="1:24"),
    Case("sensitive-collection", "[for x in secret_list : upper(x)]", ["P", "Q"], sensitive=True),
    Case("sensitive-collection-object", "{for k, v in secret_map : k => v}", {"k": "v"}, sensitive=True),
    Case("nested", "[for o in objs : [for ip in o.ips : \"${o.name}:${ip}\"]]",
         [["web:10.0.0.1", "web:10.0.0.2"], ["db:10.0.1.1"]]),
    Case("outer-variable-shadowed", "[for s in l : s]", ["a", "b", "c"]),
]

SPLATS = [
    # Splat docs: `var.list[*].id` is `[for o in var.list : o.id]`.
    Case("full-splat", "objs[*].name", ["web", "db"]),
    Case("attribute-splat", "objs.*.name", ["web", "db"]),
    Case("full-splat-index-per-element", "objs[*].ips[0]", ["10.0.0.1", "10.0.1.1"]),
    # The legacy attribute-only splat stops at the first index: it applies to the result.
    Case("attribute-splat-index-applies-to-result", "objs.*.ips[0]", ["10.0.0.1", "10.0.0.2"]),
    Case("splat-of-list-is-list", "obj_list[*].id", ["i-1", "i-2"], "list(string)"),
    Case("splat-of-tuple-is-tuple", "objs[*].port", [80, 5432], "tuple([number, number])"),
    # Splat docs: a non-list value becomes a one-element list, null an empty one.
    Case("splat-on-single-value", "single[*].id", ["only"]),
    Case("splat-on-null", "nothing[*]", []),
    Case("splat-on-null-list", "null_list[*]", error="Splat of null value", at="1:5"),
    Case("splat-on-unknown", "ul[*]", unknown=True),
    Case("splat-of-empty-list", "empty_strs[*]", [], "list(string)"),
    Case("splat-sensitive", "secret_list[*]", ["p", "q"], sensitive=True),
]

INDEXES = [
    Case("list-index", "l[1]", "b"),
    Case("index-number-as-string", 'l["2"]', "c"),
    Case("map-index", 'm["y"]', 2),
    Case("attribute-on-map", "m.x", 1),
    Case("legacy-index", "l.0", "a"),
    Case("legacy-index-chained-attr", "objs.1.name", "db"),
    Case("nested-index", 'lists["a"][0]', "x"),
    Case("out-of-range", "l[3]", error="out of range", at="1:5"),
    Case("negative-index", "l[-1]", error="out of range", at="1:5"),
    Case("fractional-index", "l[1.5]", error="integer", at="1:5"),
    Case("missing-key", 'm["z"]', error='no element with key "z"', at="1:5"),
    Case("missing-attribute", "single.nope", error='does not have an attribute named "nope"', at="1:5"),
    Case("attribute-on-list", "l.x", error="Unsupported attribute", at="1:5"),
    Case("attribute-on-string", "s.x", error="primitive", at="1:5"),
    Case("index-set", "st[0]", error="Elements of a set are identified only by their value", at="1:5"),
    Case("index-null", "nothing[0]", error="null", at="1:5"),
    Case("attribute-of-null", "null_str.x", error="null value", at="1:5"),
    Case("unknown-collection", "ul[0]", unknown=True),
    Case("unknown-key", "m[u]", unknown=True),
    Case("sensitive-collection-element", "secret_list[0]", "p", sensitive=True),
    Case("undeclared-name", "nope", error='There is no variable named "nope"', at="1:5"),
]

TEMPLATES = [
    Case("interpolation", '"${s}, world"', "hello, world"),
    Case("number-in-template", '"n=${n + 1}"', "n=4"),
    Case("bool-in-template", '"${yes}!"', "true!"),
    # A template that is one interpolation is the raw value, not a string.
    Case("wrapped-interpolation-keeps-type", '"${nums}"', [5, 1, 9], "list(number)"),
    Case("wrapped-interpolation-number", '"${n}"', 3, "number"),
    Case("escaped-interpolation", '"$${s} %%{x}"', "${s} %{x}"),
    Case("if-directive", '"%{ if yes }on%{ else }off%{ endif }"', "on"),
    Case("if-without-else", '"[%{ if !yes }x%{ endif }]"', "[]"),
    Case("for-directive", '"%{ for x in l }${x};%{ endfor }"', "a;b;c;"),
    Case("for-directive-key-value", '"%{ for k, v in m }${k}=${v} %{ endfor }"', "x=1 y=2 "),
    # Strip markers remove the whitespace (newlines included) on their side.
    Case("strip-both-sides", '"a ${~ s ~} b"', "ahellob"),
    Case("strip-left-only", '"a   ${~ s} b"', "ahello b"),
    Case("strip-around-directives", '"x %{ if yes ~} yes %{~ else ~} no %{~ endif ~} y"', "x yesy"),
    Case("strip-inside-for", '"%{ for x in l ~} ${x} %{~ endfor }"', "abc"),
    Case("null-interpolation", '"x${nothing}"', error="Cannot include a null value", at="1:9"),
    Case("list-interpolation", '"x${l}"', error="Cannot include the given value in a string template", at="1:9"),
    Case("unknown-interpolation", '"id-${u}"', type="string", unknown=True),
    Case("unknown-if", '"%{ if ub }a%{ endif }"', type="string", unknown=True),
    Case("unknown-for", '"%{ for x in ul }${x}%{ endfor }"', type="string", unknown=True),
    Case("null-for", '"%{ for x in null_list }${x}%{ endfor }"', error="must not be null", at="1:5"),
    Case("sensitive-interpolation", '"pw=${secret}"', "pw=hunter2", sensitive=True),
    Case("sensitive-for", '"%{ for x in secret_list }${x}%{ endfor }"', "pq", sensitive=True),
    Case("error-inside-interpolation", '"a ${l[9]}"', error="out of range", at="1:10"),
]

HEREDOCS = [
    Case("plain", "<<EOT\n  hello\n    ${s}\nEOT", "  hello\n    hello\n"),
    # Strings docs: `<<-` removes the smallest indentation of the lines.
    Case("flush", "<<-EOT\n    hello\n      world\n    EOT", "hello\n  world\n"),
    Case("flush-tabs-and-blank-lines", "<<-EOT\n\tone\n\n\t  two\n\tEOT", "one\n\n  two\n"),
    # The indentation is measured on the literal text, not on interpolated values.
    Case("flush-ignores-interpolated-spaces", '<<-EOT\n    ${"  x"}\n      y\n    EOT', "  x\n  y\n"),
    # A line starting with an interpolation counts as unindented.
    Case("flush-line-starting-with-interpolation", "<<-EOT\n${s}\n    b\n    EOT", "hello\n    b\n"),
    Case("flush-whitespace-only-line-kept", "<<-EOT\n    a\n        \n    b\n    EOT", "a\n        \nb\n"),
    Case("directives", "<<EOT\n%{ for x in l ~}\n- ${x}\n%{ endfor ~}\nEOT", "- a\n- b\n- c\n"),
    # terraform#23710 (open): a strip marker after the opening `for` of a `<<-`
    # heredoc leaves the next line's indentation in place; HCL trims the
    # literal tokens before flushing, so this is what Terraform produces.
    Case("flush-with-strip-marker-quirk", "<<-EOT\n  %{ for x in l ~}\n  ${x}\n  %{ endfor ~}\n  EOT",
         "  a\n  b\n  c\n"),
    Case("flush-with-strip-on-endfor", "<<-EOT\n  %{ for x in l }\n  ${x}\n  %{ endfor ~}\n  EOT",
         "\na\n\nb\n\nc\n"),
    Case("heredoc-is-never-raw-value", "<<EOT\n${n}\nEOT", "3\n", "string"),
]

FUNCTIONS = [
    Case("call", 'upper("x")', "X"),
    Case("nested-call", 'join(",", sort(l))', "a,b,c"),
    # Function-call docs: `min([55, 2453, 2]...)` expands a list into arguments.
    Case("expansion", "max(nums...)", 9),
    Case("expansion-after-args", "max(100, nums...)", 100),
    Case("expansion-of-set", 'format("%s-%s", st...)', "a-b"),
    Case("expansion-of-unknown", "max(ul...)", unknown=True),
    Case("expansion-of-null", "max(null_list...)", error="must not be null", at="1:5"),
    Case("expansion-of-non-list", "max(n...)", error="must be of a tuple, list, or set type", at="1:5"),
    # The marks of the expanded collection move onto each argument.
    Case("expansion-keeps-marks", 'format("%s+%s", secret_list...)', "p+q", sensitive=True),
    Case("expansion-into-wrong-parameter", 'join("", l...)', error='"lists"', at="1:5"),
    Case("unknown-function", "nosuch(1)", error='There is no function named "nosuch"', at="1:5"),
    Case("too-many-arguments", "upper(1, 2)", error='Function "upper" expects only 1 argument(s)', at="1:5"),
    Case("too-few-arguments", "join()", error="Missing value", at="1:5"),
    # An unsuitable argument is reported at the argument itself.
    Case("argument-error-position", 'cidrsubnet("10.0.0.0/16", "x", 1)', error='"newbits"', at="1:31"),
    Case("unknown-argument", "upper(u)", type="string", unknown=True),
    Case("sensitive-argument", "upper(secret)", "HUNTER2", sensitive=True),
    Case("null-argument", "upper(nothing)", error="must not be null", at="1:11"),
    Case("error-in-argument", "upper(l[5])", error="out of range", at="1:11"),
]

TRY_CAN = [
    # try docs: the first argument that evaluates without errors wins.
    Case("try-first-ok", 'try(m.x, "fallback")', 1),
    Case("try-falls-back", 'try(m.nope, "fallback")', "fallback"),
    Case("try-several", "try(l[7], nums[7], 42)", 42),
    Case("try-undeclared-name", "try(nope, 1)", 1),
    Case("try-all-fail", "try(l[7], m.nope)", error="no expression succeeded", at="1:5"),
    # try/can are lazy: an unknown first argument gives an unknown result.
    Case("try-unknown", 'try(u, "x")', unknown=True),
    Case("can-ok", "can(l[0])", True),
    Case("can-fails", "can(l[10])", False),
    Case("can-regex", 'can(regex("^a", "abc"))', True),
    Case("can-unknown", "can(ul[0])", type="bool", unknown=True),
]

UNKNOWN_AND_SENSITIVE = [
    Case("unknown-in-tuple", '[u, "x"]', unknown=True),
    Case("unknown-attribute-access", "ud.anything.deeper", unknown=True),
    Case("unknown-length", "length(ul)", type="number", unknown=True),
    Case("known-length-of-unknown-elements", "length([u, u])", 2),
    Case("sensitive-element-of-tuple", '[secret, "x"][1]', "x", sensitive=False),
    Case("sensitive-through-object", "{ k = secret }.k", "hunter2", sensitive=True),
    Case("nonsensitive", "nonsensitive(secret)", "hunter2", sensitive=False),
    Case("sensitive-function", 'sensitive("x")', "x", sensitive=True),
]

ALL = (
    [("literal", c) for c in LITERALS]
    + [("operator", c) for c in OPERATORS]
    + [("conditional", c) for c in CONDITIONALS]
    + [("for", c) for c in FOR_EXPRESSIONS]
    + [("splat", c) for c in SPLATS]
    + [("index", c) for c in INDEXES]
    + [("template", c) for c in TEMPLATES]
    + [("heredoc", c) for c in HEREDOCS]
    + [("function", c) for c in FUNCTIONS]
    + [("try-can", c) for c in TRY_CAN]
    + [("marks", c) for c in UNKNOWN_AND_SENSITIVE]
)


def _expected(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _expected(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_expected(v) for v in data]
    return expected_plain(data)


def _deep_plain(value: Value) -> Any:
    """Like `plain`, but reading through marked elements."""
    unmarked, _ = value.unmark_deep()
    return plain(unmarked)


@pytest.mark.parametrize(("group", "case"), ALL, ids=[f"{g}-{c.id}" for g, c in ALL])
def test_expression(group: str, case: Case) -> None:
    if case.error is not None:
        with pytest.raises(EvalError) as info:
            evaluate(case.expr)
        err = info.value
        assert case.error in str(err), str(err)
        assert case.at is not None, "an error case names its position"
        assert str(err).startswith(f"{FILE}:{case.at}: "), str(err)
        return
    result = evaluate(case.expr)
    if case.unknown:
        assert not result.is_wholly_known(), result
    else:
        assert result.is_wholly_known(), result
    if case.want is not ...:
        assert _deep_plain(result) == _expected(case.want)
    if case.type is not None:
        assert result.type.type_expr() == case.type
    if case.sensitive is not None:
        assert result.is_sensitive is case.sensitive, result.marks


def test_table_ids_are_unique() -> None:
    ids = [f"{g}-{c.id}" for g, c in ALL]
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- beyond the table


def test_bindings_add_names_for_one_evaluation() -> None:
    tree = parse('a = "${each.key}=${each.value}"\n', FILE)
    each = from_python({"key": "k", "value": "v"})
    evaluator = Evaluator(MappingScope({}))
    assert evaluator.evaluate(tree.body.items[0].expr, {"each": each}).payload == "k=v"  # type: ignore[union-attr]
    with pytest.raises(EvalError):
        evaluator.evaluate(tree.body.items[0].expr)  # type: ignore[union-attr]


def test_try_evaluate_turns_errors_into_unknown() -> None:
    tree = parse("a = l[10]\n", FILE)
    result = Evaluator(MappingScope(NAMES)).try_evaluate(tree.body.items[0].expr)  # type: ignore[union-attr]
    assert result.is_unknown


def test_node_budget_ends_costly_evaluation_with_an_error() -> None:
    tree = parse("a = [for x in range(200) : [for y in range(200) : x * y]]\n", FILE)
    evaluator = Evaluator(MappingScope({}), node_budget=5_000)
    with pytest.raises(EvalError) as info:
        evaluator.evaluate(tree.body.items[0].expr)  # type: ignore[union-attr]
    assert "5000 steps" in str(info.value)


def test_error_position_on_a_later_line() -> None:
    tree = parse('a = [\n  1,\n  upper(nothing),\n]\n', FILE)
    with pytest.raises(EvalError) as info:
        Evaluator(MappingScope(NAMES)).evaluate(tree.body.items[0].expr)  # type: ignore[union-attr]
    err = info.value
    assert (err.filename, err.line, err.column) == (FILE, 3, 9)


def test_numbers_are_exact_decimals() -> None:
    assert evaluate("0.1 + 0.2").payload == Decimal("0.3")
