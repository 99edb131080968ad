"""What a formula is, the registry of formulas by layer class, and the helpers they share.

A formula reads a built layer's public config/attributes and the shapes it was
built with (``layer.get_build_config()``, which Keras records for every built
layer, cells and wrapped layers included) and returns the count written with
the user's numbers. The value is computed *from that text*, so what is shown
is what was counted.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass, field

_REGISTRY: dict = {}  # class -> formula function
_BY_NAME: dict = {}  # "module.QualName" -> formula function (layers we do not import)


@dataclass
class Formula:
    symbolic: str  # "(in + 1) × units"
    text: str  # "(1024 + 1) × 1000"
    meaning: dict = field(default_factory=dict)  # weight name -> what it is ("in × units")
    slices: dict = field(default_factory=dict)  # weight name -> [(slice, meaning)] (gates)
    note: str = ""  # a sentence for explain()

    @property
    def value(self) -> int:
        return evaluate(self.text)

    def __str__(self) -> str:
        return f"{self.text} = {self.value}"


def formula_for(*keys):
    """Register a formula for layer classes (or "module.QualName" strings)."""

    def register(fn: Callable):
        for key in keys:
            (_BY_NAME if isinstance(key, str) else _REGISTRY)[key] = fn
        return fn

    return register


def lookup(layer_or_class) -> Callable | None:
    """The formula for the nearest registered class in the layer's MRO.

    A user's subclass inherits its Keras base's formula; when the subclass adds
    weights the formula's value no longer equals ``count_params()`` and
    report.py shows the weights summed instead, marked "no formula".
    """
    kind = layer_or_class if isinstance(layer_or_class, type) else type(layer_or_class)
    for cls in kind.__mro__:
        key = f"{cls.__module__}.{cls.__qualname__}"
        if cls in _REGISTRY:
            return _REGISTRY[cls]
        if key in _BY_NAME:
            return _BY_NAME[key]
    return None


def apply(layer, shape=None) -> Formula | None:
    """The formula for a built layer, or None when there is none for its class."""
    fn = lookup(layer)
    if fn is None:
        return None
    return fn(layer, input_shape(layer) if shape is None else shape)


# --- shapes -------------------------------------------------------------------------------------


def input_shape(layer):
    """The shape(s) the layer was built with: a tuple, a list of tuples, or a dict of them."""
    try:
        config = layer.get_build_config()
    except Exception:  # a layer whose get_build_config needs more than Keras' default
        config = None
    if not config:
        return None
    if "input_shape" in config:
        return _tuple(config["input_shape"])
    return {k: _tuple(v) for k, v in config.get("shapes_dict", {}).items()}


def _tuple(shape):
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], (list, tuple)):
        return [_tuple(s) for s in shape]
    return tuple(shape) if shape is not None else None


def first_shape(shape):
    """The first input's shape (query for attention, the main input for lists)."""
    if isinstance(shape, dict):
        return next(iter(shape.values()))
    if isinstance(shape, list):
        return shape[0]
    return shape


def channels(layer, shape) -> int:
    shape = first_shape(shape)
    return int(shape[1] if getattr(layer, "data_format", "channels_last") == "channels_first" else shape[-1])


# --- text ---------------------------------------------------------------------------------------


def times(*factors) -> str:
    return " × ".join(str(f) for f in factors)


def plus_bias(text: str, use_bias: bool, bias: str) -> str:
    return f"{text} + {bias}" if use_bias else text


_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Pow: operator.pow,
}


def evaluate(text: str) -> int:
    """The integer value of a formula text written with ×, /, ² and parentheses."""
    source = text.replace("×", "*").replace("²", "**2").replace("/", "//")

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        raise ValueError(f"not a formula: {text!r}")

    return int(walk(ast.parse(source, mode="eval")))


def prod(shape) -> int:
    return math.prod(int(d) for d in shape)
