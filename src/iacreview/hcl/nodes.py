"""The concrete syntax tree: immutable-by-convention nodes over the token list.

A node records its first and last token; its text is the slice of the source
between them, so the tree never holds a second copy of the input and printing it
is exact by construction (`ConfigFile.to_source()` joins every token, trivia
included). Positions come from tokens: `node.line`, `node.col`, `node.span`.

Walking and finding things::

    tree = parse(text, "main.tf")
    for block in tree.body.blocks("resource"):          # every resource block
        rtype, name = block.labels                       # label values as str
        attr = block.body.get_attribute("bucket")        # Attribute | None
    vpc = tree.body.find_block("resource", "aws_vpc", "main")
    for node in tree.walk():                             # every node, depth first
        if isinstance(node, FunctionCall): print(node.name, node.line)

This module is the one to import; the classes live in node.py (the base),
structure_nodes.py (files, bodies, attributes, blocks) and expression_nodes.py.
"""

from iacreview.hcl.expression_nodes import (
    Expr,
    Literal,
    Variable,
    AnonSymbol,
    GetAttr,
    Index,
    Splat,
    FunctionCall,
    Tuple,
    ObjectItem,
    Object,
    ForExpr,
    Conditional,
    BinaryOp,
    UnaryOp,
    Parens,
    TemplatePart,
    TemplateLiteral,
    TemplateInterp,
    TemplateIf,
    TemplateFor,
    Template,
    is_attribute_path,
    traversal_parts,
)
from iacreview.hcl.node import Node, _native_tree  # noqa: F401 - the accelerator, for its tests
from iacreview.hcl.structure_nodes import ConfigFile, Body, Attribute, Label, Block

__all__ = [
    "AnonSymbol",
    "Attribute",
    "BinaryOp",
    "Block",
    "Body",
    "Conditional",
    "ConfigFile",
    "Expr",
    "ForExpr",
    "FunctionCall",
    "GetAttr",
    "Index",
    "Label",
    "Literal",
    "Node",
    "Object",
    "ObjectItem",
    "Parens",
    "Splat",
    "Template",
    "TemplateFor",
    "TemplateIf",
    "TemplateInterp",
    "TemplateLiteral",
    "TemplatePart",
    "Tuple",
    "UnaryOp",
    "Variable",
    "is_attribute_path",
    "traversal_parts",
]
