"""Lossless HCL2 parsing: lexer, concrete syntax tree and parser.

    >>> from iacreview.hcl import parse
    >>> tree = parse('resource "aws_s3_bucket" "logs" {\n  bucket = "x"\n}\n', "main.tf")
    >>> block = tree.body.find_block("resource", "aws_s3_bucket")
    >>> block.labels, block.body.get_attribute("bucket").line
    (['aws_s3_bucket', 'logs'], 2)
    >>> tree.to_source() == 'resource "aws_s3_bucket" "logs" {\n  bucket = "x"\n}\n'
    True

This package imports nothing else from iacreview (an import-linter contract
enforces it): everything above is built on it.
"""

from iacreview.hcl.errors import HCLSyntaxError
from iacreview.hcl.nodes import (
    AnonSymbol,
    Attribute,
    BinaryOp,
    Block,
    Body,
    Conditional,
    ConfigFile,
    Expr,
    ForExpr,
    FunctionCall,
    GetAttr,
    Index,
    Label,
    Literal,
    Node,
    Object,
    ObjectItem,
    Parens,
    Splat,
    Template,
    TemplateFor,
    TemplateIf,
    TemplateInterp,
    TemplateLiteral,
    TemplatePart,
    Tuple,
    UnaryOp,
    Variable,
    traversal_parts,
)
from iacreview.hcl.parser import parse, parse_with_errors
from iacreview.hcl.source import Diagnostic, Source, SourceError, decode, read_source


def parse_json(text: str, filename: str) -> ConfigFile:
    """Parse a file in HCL's JSON syntax (`*.tf.json`): see jsonsyntax.parse_json.

    Imported on first use: most configurations have no JSON file, and the JSON
    reader costs ~10 ms of every start-up.
    """
    from iacreview.hcl.jsonsyntax import parse_json as parse_json_syntax

    return parse_json_syntax(text, filename)


def parse_file_text(text: str, filename: str) -> ConfigFile:
    """Parse a configuration file by its name: JSON syntax for `*.json`, native syntax otherwise."""
    if filename.endswith(".json"):
        return parse_json(text, filename)
    return parse(text, filename)

__all__ = [
    "AnonSymbol", "Attribute", "BinaryOp", "Block", "Body", "Conditional", "ConfigFile",
    "Diagnostic", "Expr", "ForExpr", "FunctionCall", "GetAttr", "HCLSyntaxError", "Index",
    "Label", "Literal", "Node", "Object", "ObjectItem", "Parens", "Source", "SourceError",
    "Splat", "Template", "TemplateFor", "TemplateIf", "TemplateInterp", "TemplateLiteral",
    "TemplatePart", "Tuple", "UnaryOp", "Variable", "decode", "parse", "parse_file_text",
    "parse_json", "parse_with_errors", "read_source", "traversal_parts",
]
