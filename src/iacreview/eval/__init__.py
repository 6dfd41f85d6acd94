"""eval: Terraform values, types, conversions, operators and built-in functions.

Public API (see each module for details):

* types: ``STRING NUMBER BOOL DYNAMIC``, ``list_of set_of map_of tuple_of
  object_of optional``, classes ``Type ListType SetType MapType TupleType ObjectType``.
* values: ``Value`` and constructors ``string_val number_val bool_val
  list_val set_val map_val tuple_val object_val null_val unknown_val
  from_python to_python``, marks ``SENSITIVE EPHEMERAL``, ``UNKNOWN`` payload.
* convert: ``convert try_convert can_convert unify unify_values``.
* operators: ``binary_op unary_op conditional template_string`` and one
  function per operator.
* functions: ``default_registry CallContext FunctionRegistry FunctionSpec Param``.
* errors: ``EvalError`` and subclasses.
"""

from iacreview.eval.convert import can_convert, convert, try_convert, unify, unify_values
from iacreview.eval.errors import (
    ArityError,
    ConversionError,
    EvalError,
    FunctionArgError,
    LimitExceededError,
    UnknownFunctionError,
)
from iacreview.eval.functions import CallContext, FunctionRegistry, FunctionSpec, Param, default_registry
from iacreview.eval.operators import binary_op, conditional, template_string, unary_op
from iacreview.eval.types import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    ListType,
    MapType,
    ObjectType,
    SetType,
    TupleType,
    Type,
    list_of,
    map_of,
    object_of,
    optional,
    set_of,
    tuple_of,
)
from iacreview.eval.values import (
    EPHEMERAL,
    SENSITIVE,
    UNKNOWN,
    Value,
    bool_val,
    from_python,
    list_val,
    map_val,
    null_val,
    number_val,
    object_val,
    set_val,
    string_val,
    to_python,
    tuple_val,
    unknown_val,
)

__all__ = [
    "ArityError", "BOOL", "CallContext", "ConversionError", "DYNAMIC", "EPHEMERAL", "EvalError",
    "FunctionArgError", "FunctionRegistry", "FunctionSpec", "LimitExceededError", "ListType", "MapType",
    "NUMBER", "ObjectType", "Param", "SENSITIVE", "STRING", "SetType", "TupleType", "Type", "UNKNOWN",
    "UnknownFunctionError", "Value", "binary_op", "bool_val", "can_convert", "conditional", "convert",
    "default_registry", "from_python", "list_of", "list_val", "map_of", "map_val", "null_val",
    "number_val", "object_of", "object_val", "optional", "set_of", "set_val", "string_val",
    "template_string", "to_python", "try_convert", "tuple_of", "tuple_val", "unary_op", "unify",
    "unify_values", "unknown_val",
]
