"""The native tree walk (_tree.c) visits the same nodes, in the same order, as Node.walk_python;
its `children` gives what Node.children_python gives."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from corpus import hcl_fences
from hcl_gen import hcl_files
from iacreview.hcl import nodes as N
from iacreview.hcl import parse_with_errors
from iacreview.hcl.jsonsyntax import parse_json

pytestmark = pytest.mark.skipif(N._native_tree is None, reason="the native tree walk was not built")


def assert_same_walk(node: N.Node) -> None:
    native = N._native_tree.walk(node, N.Node)
    assert [id(n) for n in native] == [id(n) for n in node.walk_python()]
    for sub in native[:200]:
        assert [id(c) for c in N._native_tree.children(sub, N.Node)] == [id(c) for c in sub.children_python()]


def test_corpus_trees_and_their_subtrees():
    fences = hcl_fences()
    if not fences:
        pytest.skip("corpus not found")
    for name, text in fences:
        tree, _ = parse_with_errors(text, name)
        assert_same_walk(tree)
        for item in tree.body.items[:5]:
            assert_same_walk(item)


def test_json_syntax_trees():
    tree = parse_json('{"resource": {"aws_s3_bucket": {"b": {"bucket": "x", "tags": {"a": "${var.t}"}}}}}',
                             "main.tf.json")
    assert_same_walk(tree)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hcl_files())
def test_generated_configurations(text):
    tree, _ = parse_with_errors(text, "g.tf")
    assert_same_walk(tree)


@pytest.mark.parametrize("only", [N.GetAttr, (N.GetAttr, N.FunctionCall), N.Block, (N.Attribute, N.Template)])
def test_filtered_walk_is_the_walk_filtered(only):
    fences = hcl_fences()[:40] or [("s.tf", 'a = var.x.y\nb "l" { c = f(var.z, "${d.e}") }\n')]
    for name, text in fences:
        tree, _ = parse_with_errors(text, name)
        expected = [id(n) for n in tree.walk_python() if isinstance(n, only)]
        assert [id(n) for n in tree.walk(only)] == expected
        assert expected or only is not N.Block  # the corpus has blocks: the filter is exercised
