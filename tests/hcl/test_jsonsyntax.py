"""Terraform JSON syntax becomes the same tree as native syntax, with positions in the JSON text."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iacreview.hcl import (
    Attribute,
    Block,
    ConfigFile,
    FunctionCall,
    GetAttr,
    HCLSyntaxError,
    Literal,
    Object,
    Template,
    TemplateIf,
    TemplateInterp,
    TemplateLiteral,
    Tuple,
    Variable,
    parse,
    parse_file_text,
    parse_json,
)
from iacreview.hcl.jsonscan import MAX_JSON_NESTING
from iacreview.hcl.tojson import body_to_json


def doc(value: object) -> str:
    return json.dumps(value, indent=2) + "\n"


def error_of(text: str, filename: str = "main.tf.json") -> HCLSyntaxError:
    with pytest.raises(HCLSyntaxError) as info:
        parse_json(text, filename)
    return info.value


def only_attr(text: str, name: str = "a") -> Attribute:
    tree = parse_json(text, "main.tf.json")
    attr = tree.body.blocks("locals")[0].body.get_attribute(name)
    assert attr is not None
    return attr


def local_expr(raw_json_value: str):
    """The expression of local `a` given as raw JSON text."""
    return only_attr('{"locals": {"a": ' + raw_json_value + "}}").expr


def assert_lossless(tree: ConfigFile, text: str) -> None:
    assert tree.to_source() == text
    offset = 0
    for tok in tree.tokens:
        assert tok.start == offset, tok
        assert text[tok.start : tok.end] == tok.text
        assert tree.source.position(tok.start) == (tok.line, tok.col)
        offset = tok.end
    assert offset == len(text)
    for node in tree.walk():
        start, end = node.span
        assert node.text() == text[start:end]
        assert (node.line, node.col) == tree.source.position(start)


# ---------------------------------------------------------------- block mapping

NATIVE = '''\
terraform {
  required_version = ">= 1.5"
  backend "s3" {
    bucket = "state-${x}"
  }
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

variable "envs" {
  type    = list(string)
  default = ["dev", "${literal}"]
  validation {
    condition     = length(var.envs) > 0
    error_message = "At least one."
  }
}

locals {
  name  = "app-${var.envs[0]}"
  count = 3
  ratio = -1.5
  flags = [true, false, null]
}

resource "aws_instance" "web" {
  ami        = "ami-1"
  count      = 2
  provider   = aws.west
  depends_on = [aws_vpc.main]
  tags = {
    Name = "web-${count.index}"
  }
  lifecycle {
    ignore_changes        = [tags]
    create_before_destroy = true
    precondition {
      condition     = var.envs != null
      error_message = "no envs"
    }
  }
  provisioner "local-exec" {
    command = "echo ${self.id}"
  }
  provisioner "file" {
    source = "a.txt"
    connection {
      type = "ssh"
    }
  }
  dynamic "ebs_block_device" {
    for_each = var.disks
    iterator = disk
    content {
      volume_size = disk.value
    }
  }
}

data "aws_ami" "ubuntu" {
  most_recent = true
}

output "ip" {
  value       = aws_instance.web[0].public_ip
  description = "The IP"
  sensitive   = true
}

module "net" {
  source = "./net"
  providers = {
    aws = aws.west
  }
}

moved {
  from = aws_instance.old
  to   = aws_instance.web
}

import {
  to = aws_vpc.main
  id = "vpc-123"
}

removed {
  from = aws_instance.gone
}

check "health" {
  assert {
    condition     = true
    error_message = "down"
  }
}
'''

JSON_EQUIVALENT = {
    "//": "This file is generated; the comment key is ignored.",
    "terraform": {
        "required_version": ">= 1.5",
        "backend": {"s3": {"bucket": "state-${x}"}},
        "required_providers": {"aws": {"source": "hashicorp/aws", "version": "~> 5.0"}},
    },
    "provider": {"aws": [{"region": "${var.region}"}, {"alias": "west", "region": "us-west-2"}]},
    "variable": {
        "envs": {
            "type": "list(string)",
            "default": ["dev", "${literal}"],
            "validation": {"condition": "${length(var.envs) > 0}", "error_message": "At least one."},
        }
    },
    "locals": {"name": "app-${var.envs[0]}", "count": 3, "ratio": -1.5, "flags": [True, False, None]},
    "resource": {
        "aws_instance": {
            "web": {
                "//": "a comment inside a body",
                "ami": "ami-1",
                "count": 2,
                "provider": "aws.west",
                "depends_on": ["aws_vpc.main"],
                "tags": {"Name": "web-${count.index}"},
                "lifecycle": {
                    "ignore_changes": ["tags"],
                    "create_before_destroy": True,
                    "precondition": {"condition": "${var.envs != null}", "error_message": "no envs"},
                },
                "provisioner": [
                    {"local-exec": {"command": "echo ${self.id}"}},
                    {"file": {"source": "a.txt", "connection": {"type": "ssh"}}},
                ],
                "dynamic": {
                    "ebs_block_device": {
                        "for_each": "${var.disks}",
                        "iterator": "disk",
                        "content": {"volume_size": "${disk.value}"},
                    }
                },
            }
        }
    },
    "data": {"aws_ami": {"ubuntu": {"most_recent": True}}},
    "output": {"ip": {"value": "${aws_instance.web[0].public_ip}", "description": "The IP", "sensitive": True}},
    "module": {"net": {"source": "./net", "providers": {"aws": "aws.west"}}},
    "moved": {"from": "aws_instance.old", "to": "aws_instance.web"},
    "import": {"to": "aws_vpc.main", "id": "vpc-123"},
    "removed": {"from": "aws_instance.gone"},
    "check": {"health": {"assert": {"condition": True, "error_message": "down"}}},
}


def shape(body) -> list:
    """Structure without positions: block types, labels, attribute names, nested shapes."""
    out = []
    for item in body.items:
        if isinstance(item, Block):
            out.append((item.type, tuple(item.labels), shape(item.body)))
        else:
            out.append(item.name)
    return out


def test_json_gives_the_same_structure_and_values_as_the_native_equivalent():
    text = doc(JSON_EQUIVALENT)
    tree = parse_json(text, "main.tf.json")
    native = parse(NATIVE, "main.tf")
    assert shape(tree.body) == shape(native.body)
    assert body_to_json(tree.body) == body_to_json(native.body)
    assert_lossless(tree, text)


@pytest.mark.parametrize(
    ("block_type", "labels"),
    [
        ("resource", ["aws_s3_bucket", "logs"]),
        ("data", ["aws_ami", "ubuntu"]),
        ("ephemeral", ["random_password", "db"]),
        ("variable", ["region"]),
        ("output", ["id"]),
        ("module", ["net"]),
        ("provider", ["aws"]),
        ("check", ["health"]),
        ("locals", []),
        ("terraform", []),
        ("moved", []),
        ("import", []),
        ("removed", []),
    ],
)
def test_each_top_level_block_type_nests_its_labels(block_type, labels):
    value: object = {"x": 1}
    for label in reversed(labels):
        value = {label: value}
    tree = parse_json(doc({block_type: value}), "main.tf.json")
    (block,) = tree.body.items
    assert isinstance(block, Block)
    assert (block.type, block.labels) == (block_type, labels)
    assert [lbl.quoted for lbl in block.label_nodes] == [True] * len(labels)
    assert block.body.get_attribute("x") is not None


def test_several_blocks_under_one_type_key_keep_their_order():
    text = doc({"resource": {"aws_vpc": {"a": {}, "b": {}}, "aws_subnet": {"c": {}}}})
    tree = parse_json(text, "main.tf.json")
    assert [b.address for b in tree.body.blocks("resource")] == ["aws_vpc.a", "aws_vpc.b", "aws_subnet.c"]


@pytest.mark.parametrize(
    "value",
    [
        # an array of bodies under the last label
        {"provider": {"aws": [{"region": "a"}, {"region": "b"}]}},
        # an array at the label level
        {"provider": [{"aws": {"region": "a"}}, {"aws": {"region": "b"}}]},
        # an array of objects as the root
        [{"provider": {"aws": {"region": "a"}}}, {"provider": {"aws": {"region": "b"}}}],
    ],
    ids=["body-array", "label-array", "root-array"],
)
def test_arrays_of_objects_are_repeated_blocks(value):
    tree = parse_json(doc(value), "main.tf.json")
    providers = tree.body.blocks("provider", "aws")
    assert [p.body.get_attribute("region").expr.literal_value() for p in providers] == ["a", "b"]


def test_repeated_nested_blocks_and_labelled_nested_blocks():
    text = doc(
        {
            "resource": {
                "null_resource": {
                    "x": {
                        "provisioner": [
                            {"local-exec": {"command": "one"}},
                            {"remote-exec": {"inline": ["two"]}},
                            {"local-exec": {"command": "three"}},
                        ],
                        "lifecycle": [{"create_before_destroy": True}, {"prevent_destroy": False}],
                        "dynamic": {"setting": [{"for_each": "${a}"}, {"for_each": "${b}"}]},
                    }
                }
            }
        }
    )
    body = parse_json(text, "main.tf.json").body.items[0].body
    assert [(b.type, b.labels) for b in body.blocks("provisioner")] == [
        ("provisioner", ["local-exec"]),
        ("provisioner", ["remote-exec"]),
        ("provisioner", ["local-exec"]),
    ]
    assert len(body.blocks("lifecycle")) == 2
    assert [b.labels for b in body.blocks("dynamic")] == [["setting"], ["setting"]]


def test_unknown_nested_keys_are_attributes_and_known_ones_blocks():
    text = doc({"resource": {"aws_s3_bucket": {"b": {"versioning": {"enabled": True}, "lifecycle": {}}}}})
    body = parse_json(text, "main.tf.json").body.items[0].body
    versioning = body.get_attribute("versioning")
    assert versioning is not None and isinstance(versioning.expr, Object)
    assert versioning.expr.get("enabled").value is True
    assert [b.type for b in body.blocks()] == ["lifecycle"]


def test_terraform_block_nested_blocks():
    text = doc(
        {
            "terraform": {
                "backend": {"s3": {"bucket": "b"}},
                "cloud": {"organization": "o", "workspaces": {"name": "w"}},
                "required_providers": {"aws": {"source": "hashicorp/aws"}},
                "provider_meta": {"aws": {"module_name": "m"}},
            }
        }
    )
    terraform = parse_json(text, "main.tf.json").body.items[0]
    kinds = [(b.type, b.labels) for b in terraform.body.blocks()]
    assert kinds == [("backend", ["s3"]), ("cloud", []), ("required_providers", []), ("provider_meta", ["aws"])]
    assert terraform.body.blocks("cloud")[0].body.blocks("workspaces")


def test_unknown_top_level_keys_holding_objects_are_blocks_others_attributes():
    tree = parse_json(doc({"mystery": {"a": 1}, "scalar": 2}), "main.tf.json")
    block, attr = tree.body.items
    assert isinstance(block, Block) and block.type == "mystery" and block.labels == []
    assert isinstance(attr, Attribute) and attr.name == "scalar"


# ---------------------------------------------------------------- comments


def test_comment_keys_are_dropped_from_bodies_but_kept_in_values():
    text = doc(
        {
            "//": "top",
            "locals": {"//": "in locals", "a": {"//": "kept: this object is a value"}},
            "resource": {"aws_vpc": {"main": {"//": "in a resource", "cidr_block": "10.0.0.0/16"}}},
        }
    )
    tree = parse_json(text, "main.tf.json")
    assert [i.type for i in tree.body.items] == ["locals", "resource"]
    locals_body = tree.body.items[0].body
    assert [a.name for a in locals_body.attributes] == ["a"]
    assert locals_body.get_attribute("a").expr.get("//").literal_value() == "kept: this object is a value"
    assert [a.name for a in tree.body.items[1].body.attributes] == ["cidr_block"]
    assert_lossless(tree, text)


# ---------------------------------------------------------------- strings and expressions


def test_interpolations_are_expression_nodes():
    expr = local_expr('"app-${var.env}-${upper(local.x)}"')
    assert isinstance(expr, Template)
    lit, interp, dash, call = expr.parts
    assert isinstance(lit, TemplateLiteral) and lit.value == "app-"
    assert isinstance(interp, TemplateInterp) and isinstance(interp.expr, GetAttr)
    assert interp.expr.text() == "var.env"
    assert isinstance(call, TemplateInterp) and isinstance(call.expr, FunctionCall)
    assert call.expr.name == "upper"


def test_a_lone_interpolation_is_a_wrapped_interpolation():
    expr = local_expr('"${aws_instance.web.id}"')
    assert isinstance(expr, Template) and expr.is_wrapped_interpolation
    assert expr.parts[0].expr.text() == "aws_instance.web.id"


def test_template_directives_and_escapes():
    expr = local_expr('"%{ if var.on }yes%{ else }no%{ endif } $${not} %%{not}"')
    directive, rest = expr.parts
    assert isinstance(directive, TemplateIf)
    assert directive.cond.text() == "var.on"
    assert rest.value == " ${not} %{not}"


def test_plain_strings_are_single_literals_and_empty_strings_have_no_parts():
    plain = local_expr('"hello world"')
    assert isinstance(plain, Template) and plain.literal_value() == "hello world"
    assert local_expr('""').parts == []


def test_json_escapes_are_decoded_once_and_not_again_as_hcl_escapes():
    # JSON "a\\nb" is the three characters a, backslash-n, b: a template keeps them literally.
    assert local_expr(r'"a\\nb"').literal_value() == "a\\nb"
    assert local_expr(r'"a\nb\t\u00e9\ud83d\ude00\/"').literal_value() == "a\nb\té😀/"


def test_positions_inside_templates_are_exact_even_after_escapes():
    text = '{\n  "locals": {\n    "a": "\\"q\\" \\u00e9 ${var.name} x"\n  }\n}\n'
    tree = parse_json(text, "main.tf.json")
    interp = tree.body.items[0].body.get_attribute("a").expr.parts[1]
    expr = interp.expr
    assert isinstance(expr, GetAttr)
    assert (expr.line, expr.col) == (3, 26)
    assert expr.text() == "var.name"
    assert interp.text() == "${var.name}"
    assert_lossless(tree, text)


def test_escaped_characters_inside_an_interpolation_keep_raw_positions():
    text = '{"locals": {"a": "${lookup(m, \\"k\\")}"}}'
    tree = parse_json(text, "main.tf.json")
    call = tree.body.items[0].body.get_attribute("a").expr.parts[0].expr
    assert isinstance(call, FunctionCall)
    key = call.args[1]
    assert key.literal_value() == "k"
    assert key.text() == '\\"k\\"'  # the raw JSON text of the nested string
    assert_lossless(tree, text)


def test_object_keys_are_templates_too():
    obj = local_expr('{"plain": 1, "${var.k}": 2}')
    plain, dynamic = obj.items
    assert plain.key_name == "plain"
    assert isinstance(dynamic.key, Template) and dynamic.key.is_wrapped_interpolation


def test_literal_arguments_are_not_templates():
    text = doc(
        {
            "variable": {"v": {"default": {"k": "${x}"}, "description": "costs ${1}"}},
            "module": {"m": {"source": "./mod-${x}", "version": "1.0"}},
            "terraform": {"required_version": "${x}"},
        }
    )
    tree = parse_json(text, "main.tf.json")
    variable, module, terraform = tree.body.items
    default = variable.body.get_attribute("default").expr
    assert default.get("k").literal_value() == "${x}"
    assert variable.body.get_attribute("description").expr.literal_value() == "costs ${1}"
    assert module.body.get_attribute("source").expr.literal_value() == "./mod-${x}"
    assert terraform.body.get_attribute("required_version").expr.literal_value() == "${x}"


def test_reference_arguments_are_expressions():
    text = doc(
        {
            "variable": {"v": {"type": "map(object({ name = string }))"}},
            "resource": {
                "aws_instance": {
                    "web": {
                        "provider": "aws.west",
                        "depends_on": ["aws_vpc.main", "module.net"],
                        "lifecycle": {"ignore_changes": "all", "replace_triggered_by": ["aws_vpc.main.id"]},
                        "dynamic": {"x": {"iterator": "item", "for_each": []}},
                    }
                }
            },
            "moved": {"from": "aws_instance.a[0]", "to": "aws_instance.b[\"k\"]"},
        }
    )
    tree = parse_json(text, "main.tf.json")
    variable, resource, moved = tree.body.items
    vtype = variable.body.get_attribute("type").expr
    assert isinstance(vtype, FunctionCall) and vtype.name == "map"
    body = resource.body
    assert body.get_attribute("provider").expr.text() == "aws.west"
    deps = body.get_attribute("depends_on").expr
    assert isinstance(deps, Tuple) and [d.text() for d in deps.items] == ["aws_vpc.main", "module.net"]
    assert all(isinstance(d, GetAttr) for d in deps.items)
    lifecycle = body.blocks("lifecycle")[0].body
    ignore = lifecycle.get_attribute("ignore_changes").expr
    assert isinstance(ignore, Variable) and ignore.name == "all"
    iterator = body.blocks("dynamic")[0].body.get_attribute("iterator").expr
    assert isinstance(iterator, Variable) and iterator.name == "item"
    assert moved.body.get_attribute("to").expr.text() == 'aws_instance.b[\\"k\\"]'


def test_old_style_interpolated_references_are_unwrapped():
    text = doc({"resource": {"a": {"b": {"depends_on": ["${aws_vpc.main}"]}}}})
    deps = parse_json(text, "main.tf.json").body.items[0].body.get_attribute("depends_on").expr
    assert isinstance(deps.items[0], GetAttr) and deps.items[0].text() == "aws_vpc.main"


def test_non_string_values_are_literals_tuples_and_objects():
    expr = local_expr('[1, -2.5e3, true, false, null, {"k": [0]}]')
    assert isinstance(expr, Tuple)
    one, neg, yes, no, nul, obj = expr.items
    assert isinstance(one, Literal) and one.value == "1"
    assert isinstance(neg, Literal) and neg.value == "-2.5e3" and neg.text() == "-2.5e3"
    assert (yes.value, no.value, nul.value) == (True, False, None)
    assert isinstance(obj, Object) and isinstance(obj.get("k"), Tuple)


def test_tfvars_json_holds_attributes_taken_literally():
    text = doc({"//": "vars", "region": "us-east-1", "tags": {"a": "${not_a_template}"}, "resource": {"x": 1}})
    tree = parse_file_text(text, "prod.tfvars.json")
    assert [a.name for a in tree.body.items] == ["region", "tags", "resource"]
    assert all(isinstance(i, Attribute) for i in tree.body.items)
    assert tree.body.get_attribute("tags").expr.get("a").literal_value() == "${not_a_template}"


# ---------------------------------------------------------------- positions


def test_positions_of_blocks_attributes_and_values():
    text = (
        '{\n  "resource": {\n    "aws_vpc": {\n      "main": {\n'
        '        "cidr_block": "10.0.0.0/16",\n        "n": 12\n      }\n    }\n  }\n}\n'
    )
    tree = parse_json(text, "main.tf.json")
    block = tree.body.items[0]
    assert (block.line, block.col, block.end_line) == (4, 7, 7)
    assert block.label_nodes[0].line == 3 and block.label_nodes[1].col == 7
    cidr = block.body.get_attribute("cidr_block")
    assert (cidr.line, cidr.col) == (5, 9)
    assert cidr.text() == '"cidr_block": "10.0.0.0/16"'
    assert (cidr.expr.line, cidr.expr.col, cidr.expr.end_col) == (5, 23, 36)
    n = block.body.get_attribute("n").expr
    assert (n.line, n.col, n.text()) == (6, 14, "12")
    assert cidr.filename == "main.tf.json"
    assert_lossless(tree, text)


def test_bodies_given_as_array_elements_start_at_their_brace():
    text = '{"output": {"a": [{"value": 1}, {"value": 2}]}}'
    first, second = parse_json(text, "main.tf.json").body.items
    assert (first.col, second.col) == (19, 33)
    assert second.text() == '{"value": 2}'


def test_keys_written_with_escapes_still_give_their_names():
    text = '{"locals": {"na\\u006de": 1}, "resour\\u0063e": {"a": {"b": {}}}}'
    tree = parse_json(text, "main.tf.json")
    locals_block, resource = tree.body.items
    assert locals_block.body.items[0].name == "name"
    assert resource.type == "resource" and resource.labels == ["a", "b"]
    assert_lossless(tree, text)


def test_bom_and_crlf_are_kept():
    text = '\ufeff{\r\n  "locals": {\r\n    "a": "${b}"\r\n  }\r\n}\r\n'
    tree = parse_json(text, "main.tf.json")
    attr = tree.body.items[0].body.get_attribute("a")
    assert (attr.line, attr.col) == (3, 5)
    assert_lossless(tree, text)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "main.tf.json:1:1: empty file: expected a JSON object"),
        ('{"a": 1,}', "main.tf.json:1:9: trailing comma before '}' is not allowed in JSON"),
        ('{"a": [1,]}', "main.tf.json:1:10: trailing comma before ']' is not allowed in JSON"),
        ('{"a" 1}', "main.tf.json:1:6: expected ':' after the object key, found '1'"),
        ('{"a": 1 "b": 2}', "main.tf.json:1:9: expected ',' or '}' after the object member, found '\"'"),
        ("{a: 1}", "main.tf.json:1:2: expected a string key in the object, found 'a'"),
        ('{"a": 01}', "main.tf.json:1:7: invalid JSON number '01'"),
        ('{"a": 1.}', "main.tf.json:1:7: invalid JSON number '1.'"),
        ('{"a": tru}', "main.tf.json:1:7: expected a JSON value, found 'tru'"),
        ("{'a': 1}", "main.tf.json:1:2: expected a string key in the object, found \"'\""),
        ('{"a": "x}', "main.tf.json:1:10: unterminated string: expected closing quote, found end of file"),
        ('{"a": "x\n"}', "main.tf.json:1:9: unterminated string: expected closing quote, found newline"),
        ('{"a": "\\q"}', "main.tf.json:1:8: invalid escape sequence '\\\\q' in JSON string"),
        ('{"a": "\\u12"}', "main.tf.json:1:8: invalid Unicode escape in JSON string: '\\u' needs four hex digits"),
        ('{"a": "\t"}', "main.tf.json:1:8: control character U+0009 must be escaped in a JSON string"),
        ('{"a": 1} {}', "main.tf.json:1:10: unexpected '{' after the end of the JSON value"),
        ('{"a": 1 // no\n}', "main.tf.json:1:9: expected ',' or '}' after the object member, found '/'"),
        ('{"a": /* c */ 1}', "main.tf.json:1:7: comments are not allowed in JSON; use a \"//\" property"),
        ("{\n\n  [", "main.tf.json:3:3: expected a string key in the object, found '['"),
    ],
)
def test_invalid_json_names_file_line_and_column(text, expected):
    assert str(error_of(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1]", "main.tf.json:1:2: expected a JSON object in the root array, found number"),
        ('"x"', "main.tf.json:1:1: the root of this file must be a JSON object or an array of objects, found string"),
        ("null", "main.tf.json:1:1: the root of this file must be a JSON object or an array of objects, found null"),
        (
            '{"resource": {"aws_vpc": "x"}}',
            "main.tf.json:1:26: 'resource' blocks take 2 label(s): expected a JSON object whose keys are label 2, "
            "or an array of such objects, found string",
        ),
        (
            '{"variable": {"v": [1]}}',
            "main.tf.json:1:21: expected a JSON object for the body of the 'variable' block, found number",
        ),
        (
            '{"locals": {"a": 1, "a": 2}}',
            "main.tf.json:1:21: attribute 'a' was already set at 1:13; each attribute may be set only once",
        ),
        ('{"locals": {"a": "${x"}}', "main.tf.json:1:22: expected '}' to close the interpolation, found the end of the string"),
        ('{"locals": {"a": "x ${1 +}"}}', "main.tf.json:1:26: expected an expression, found '}'"),
        ('{"locals": {"a": "%{ if x }y"}}', "main.tf.json:1:29: expected '%{ endif }' before the end of the template"),
        ('{"variable": {"v": {"type": "list(string"}}}', "main.tf.json:1:41: expected the end of the expression, found the end of the string"),
        ('{"variable": {"v": {"type": ""}}}', "main.tf.json:1:30: expected an expression in this string, found an empty string"),
        ('{"variable": {"v": {"type": "a) + (b"}}}', "main.tf.json:1:30: expected a single expression in this string"),
    ],
)
def test_structure_and_template_errors_name_positions(text, expected):
    assert str(error_of(text)) == expected


def test_several_structure_errors_are_reported_together():
    err = error_of('{"locals": {"a": "${"}, "resource": {"x": 1}, "output": {"o": {"value": "${)}"}}}')
    assert [(d.line, d.col) for d in err.diagnostics] == [(1, 21), (1, 43), (1, 76)]


def test_tfvars_json_root_must_be_an_object():
    assert str(error_of("[{}]", "x.tfvars.json")) == (
        "x.tfvars.json:1:1: the root of this file must be a JSON object, found array"
    )


# ---------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    "text",
    [
        "[" * 20_000 + "]" * 20_000,
        '{"a":' * 20_000 + "1" + "}" * 20_000,
        '{"locals": {"a": ' + "[" * 20_000,
        '{"locals": {"a": "${' + "(" * 20_000 + "x" + ")" * 20_000 + '}"}}',
    ],
    ids=["arrays", "objects", "unclosed", "inside-a-template"],
)
def test_deep_nesting_is_an_error_not_a_crash(text):
    assert "nesting deeper than" in str(error_of(text))


def test_nesting_just_under_the_limit_parses():
    depth = MAX_JSON_NESTING - 2  # the root object and the locals body take two levels
    text = '{"locals": {"a": ' + "[" * depth + '"${x}"' + "]" * depth + "}}"
    tree = parse_json(text, "main.tf.json")
    assert tree.to_source() == text


def test_huge_strings_parse():
    big = "x" * 5_000_000
    text = '{"locals": {"a": "' + big + '", "b": "' + "\\n" * 200_000 + '${v}"}}'
    tree = parse_json(text, "main.tf.json")
    attrs = tree.body.items[0].body
    assert attrs.get_attribute("a").expr.literal_value() == big
    assert attrs.get_attribute("b").expr.parts[0].value == "\n" * 200_000
    assert tree.to_source() == text


def test_lone_surrogates_become_replacement_characters():
    assert local_expr('"\\ud800x"').literal_value() == "\ufffdx"


VALID_DOC = doc(JSON_EQUIVALENT)

_TEMPLATE_ISH = st.lists(
    st.sampled_from(list('${}%~ "\\\n\rabx.()[]*+-:?1é') + ["${", "%{", "${a}", "%{ if a }", "%{ endif }"]), max_size=12
).map("".join)
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _TEMPLATE_ISH,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEMPLATE_ISH, inner, max_size=3),
    max_leaves=12,
)
_BLOCK_TYPES = st.sampled_from(["locals", "resource", "variable", "output", "terraform", "module", "moved", "other"])


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_BLOCK_TYPES, _JSON_VALUES, max_size=3), st.booleans(), st.sampled_from([None, 0, 2]))
def test_any_json_document_parses_losslessly_or_raises_syntax_errors(value, ascii_only, indent):
    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent)
    try:
        tree = parse_json(text, "fuzz.tf.json")
    except HCLSyntaxError as err:
        assert err.diagnostics
        return
    assert_lossless(tree, text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from('{}[]:,"\\ -0123456789.eE+tfrunlas${}%/\n\t\u00e9'), max_size=80))
def test_arbitrary_text_only_ever_raises_syntax_errors(text):
    try:
        tree = parse_json(text, "fuzz.tf.json")
    except HCLSyntaxError as err:
        assert err.diagnostics and all(d.line >= 1 and d.col >= 1 for d in err.diagnostics)
        return
    assert tree.to_source() == text


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_documents_only_ever_raise_syntax_errors(data):
    text = VALID_DOC
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(text)))
        op = data.draw(st.sampled_from(["delete", "insert", "duplicate"]))
        if op == "delete":
            text = text[:i] + text[i + 1 :]
        elif op == "insert":
            text = text[:i] + data.draw(st.sampled_from('{}[]:,"\\$%~x1 \n')) + text[i:]
        else:
            text = text[:i] + text[i : i + 8] + text[i:]
    try:
        tree = parse_json(text, "fuzz.tf.json")
    except HCLSyntaxError:
        return
    assert_lossless(tree, text)


# ---------------------------------------------------------------- dispatch


def test_parse_file_text_dispatches_on_the_file_name():
    native = parse_file_text('a = "x"\n', "main.tf")
    assert native.body.get_attribute("a").expr.literal_value() == "x"
    as_json = parse_file_text('{"locals": {"a": "x"}}', "main.tf.json")
    assert as_json.body.items[0].type == "locals"
    with pytest.raises(HCLSyntaxError):
        parse_file_text('{"locals": {}}', "main.tf")
    with pytest.raises(HCLSyntaxError):
        parse_file_text('locals {\n}\n', "main.tf.json")
