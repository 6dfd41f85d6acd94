"""The tree users walk: structure, values, positions and the finding helpers."""

from __future__ import annotations

import pytest

from iacreview.hcl import (
    Attribute,
    BinaryOp,
    Block,
    Conditional,
    ForExpr,
    FunctionCall,
    GetAttr,
    Index,
    Literal,
    Object,
    Splat,
    Template,
    TemplateFor,
    TemplateIf,
    TemplateInterp,
    Tuple,
    UnaryOp,
    Variable,
    parse,
    traversal_parts,
)

MAIN = '''\
# A comment
resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.env}"
  tags = {
    Name = "logs"
  }
}

resource aws_vpc main {
  cidr_block = "10.0.0.0/16"
}

module "net" {
  source = "./net"
}
'''


def attr_expr(src: str):
    return parse(src).body.items[0].expr


def test_blocks_are_found_by_type_and_labels():
    tree = parse(MAIN, "main.tf")
    resources = tree.body.blocks("resource")
    assert [b.labels for b in resources] == [["aws_s3_bucket", "logs"], ["aws_vpc", "main"]]
    vpc = tree.body.find_block("resource", "aws_vpc", "main")
    assert vpc is not None and vpc.address == "aws_vpc.main"
    assert [lbl.quoted for lbl in vpc.label_nodes] == [False, False]
    assert tree.body.find_block("module", "net").address == "module.net"
    assert tree.body.find_block("resource", "aws_iam_role") is None


def test_attribute_positions_and_spans():
    tree = parse(MAIN, "main.tf")
    bucket = tree.body.find_block("resource", "aws_s3_bucket").body.get_attribute("bucket")
    assert isinstance(bucket, Attribute)
    assert (bucket.filename, bucket.line, bucket.col) == ("main.tf", 3, 3)
    start, end = bucket.span
    assert MAIN[start:end] == 'bucket = "logs-${var.env}"'
    assert bucket.byte_span == bucket.span  # ASCII source
    assert bucket.end_line == 3 and bucket.end_col == 29


def test_byte_span_counts_utf8_bytes():
    src = 'a = "é"\nb = 1\n'
    b = parse(src).body.get_attribute("b")
    assert b.span == (8, 13)
    assert b.byte_span == (9, 14)


def test_walk_visits_every_node_in_source_order():
    tree = parse(MAIN)
    kinds = [type(n).__name__ for n in tree.walk()]
    assert kinds[:4] == ["ConfigFile", "Body", "Block", "Body"]
    assert kinds.count("Block") == 3
    calls = [n for n in parse('a = f(g(1), h())\n').walk() if isinstance(n, FunctionCall)]
    assert [c.name for c in calls] == ["f", "g", "h"]


def test_literals():
    assert attr_expr("a = 1.5e3\n").value == "1.5e3"
    assert attr_expr("a = true\n").value is True
    assert attr_expr("a = null\n").value is None
    tpl = attr_expr('a = "x\\ty\\u00e9\\"$${z}%%{w}"\n')
    assert isinstance(tpl, Template) and tpl.literal_value() == 'x\tyé"${z}%{w}'


def test_operator_precedence():
    expr = attr_expr("a = !x || y && 1 + 2 * 3 == 7 ? -b : c\n")
    assert isinstance(expr, Conditional)
    cond = expr.cond
    assert isinstance(cond, BinaryOp) and cond.op == "||"
    assert isinstance(cond.lhs, UnaryOp) and cond.lhs.op == "!"
    and_ = cond.rhs
    assert and_.op == "&&" and and_.rhs.op == "=="
    add = and_.rhs.lhs
    assert add.op == "+" and add.rhs.op == "*"
    assert isinstance(expr.true_expr, UnaryOp)


def test_binary_operators_are_left_associative():
    expr = attr_expr("a = 10 - 3 - 2\n")
    assert expr.op == "-" and expr.lhs.op == "-" and expr.lhs.text() == "10 - 3"


def test_traversals_and_splats():
    expr = attr_expr("a = aws_subnet.private[0].id\n")
    assert isinstance(expr, GetAttr) and isinstance(expr.obj, Index)
    assert traversal_parts(expr) == ["aws_subnet", "private", "0", "id"]
    full = attr_expr("a = aws_instance.web[*].id\n")
    assert isinstance(full, Splat) and full.full and isinstance(full.each, GetAttr)
    attr = attr_expr("a = aws_instance.web.*.id\n")
    assert isinstance(attr, Splat) and not attr.full
    legacy = attr_expr("a = var.list.0\n")
    assert isinstance(legacy, GetAttr) and legacy.is_legacy_index
    assert traversal_parts(attr_expr("a = f(x).y\n")) is None


def test_function_calls():
    call = attr_expr("a = concat(var.a, var.b...)\n")
    assert call.name == "concat" and call.expand_final and len(call.args) == 2
    ns = attr_expr("a = provider::aws::arn_parse(var.arn)\n")
    assert ns.name == "provider::aws::arn_parse"
    multi = attr_expr("a = merge(\n  var.tags,\n  { x = 1 },\n)\n")
    assert len(multi.args) == 2


def test_collections():
    tup = attr_expr("a = [1, 2,\n  3,\n]\n")
    assert isinstance(tup, Tuple) and len(tup.items) == 3
    obj = attr_expr('a = {\n  x = 1\n  "y": 2,\n  (var.k) = 3\n}\n')
    assert isinstance(obj, Object)
    assert [i.key_name for i in obj.items] == ["x", "y", None]
    assert obj.get("y").value == "2"


def test_for_expressions():
    tup = attr_expr("a = [for s in var.list : upper(s) if s != \"\"]\n")
    assert isinstance(tup, ForExpr) and not tup.is_object
    assert tup.key_var is None and tup.value_var == "s" and tup.cond is not None
    obj = attr_expr("a = {\n  for k, v in var.map :\n  k => v...\n  if v != null\n}\n")
    assert obj.is_object and obj.group and obj.key_var == "k"


def test_templates_with_directives_and_heredocs():
    tpl = attr_expr('a = "%{ if var.x ~}yes%{ else }no%{ endif }, %{ for i in var.l }${i}%{ endfor }"\n')
    kinds = [type(p).__name__ for p in tpl.parts]
    assert kinds == ["TemplateIf", "TemplateLiteral", "TemplateFor"]
    if_ = tpl.parts[0]
    assert isinstance(if_, TemplateIf) and if_.strips[:2] == (False, True)
    assert isinstance(tpl.parts[2], TemplateFor) and isinstance(tpl.parts[2].body_parts[0], TemplateInterp)
    heredoc = attr_expr("a = <<-EOT\n  hello ${name}\n  EOT\n")
    assert heredoc.heredoc and heredoc.flush
    assert heredoc.parts[0].value == "  hello "
    assert attr_expr('a = "${var.x}"\n').is_wrapped_interpolation


def test_single_line_blocks_and_empty_blocks():
    tree = parse("a { b = 1 }\nc {}\nd \"x\" {\n}\n")
    a, c, d = tree.body.items
    assert isinstance(a, Block) and a.body.get_attribute("b") is not None
    assert c.body.items == [] and d.labels == ["x"]


@pytest.mark.parametrize(
    "src",
    [
        "",
        "# only a comment",
        "\ufeffa = 1\n",
        "a = 1\r\nb {\r\n  c = 2\r\n}\r\n",
        "café = \"ünï\"\n",
        "a = 1 /* inline */ # trailing\n// own line\nb = 2",
    ],
)
def test_round_trip_of_edge_cases(src):
    assert parse(src).to_source() == src


def test_crlf_positions():
    tree = parse("a = 1\r\nb = 2\r\n")
    b = tree.body.get_attribute("b")
    assert (b.line, b.col) == (2, 1)
    assert isinstance(b.expr, Literal)


def test_variables_are_roots():
    expr = attr_expr("a = var.x\n")
    assert isinstance(expr.obj, Variable) and expr.obj.name == "var"
