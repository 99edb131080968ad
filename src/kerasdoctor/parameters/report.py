"""The facts of a parameter report: a row per layer, its formula, and totals that equal Keras'.

Rows explain; totals are Keras' own (``model.count_params()`` and the sizes of
``model.trainable_weights`` / ``non_trainable_weights``), so the report is
never wrong, only less explained: a layer without a formula, or whose formula
does not give its real count (a custom subclass, LoRA, quantisation), shows its
weights' shapes summed, marked "no formula".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import core, recurrent
from .formula import Formula, apply, prod

FORMULA_MODULES = (core, recurrent)  # importing them registers their formulas


@dataclass
class WeightRow:
    name: str  # the variable's path: "lstm/lstm_cell/kernel"
    shape: tuple
    params: int
    trainable: bool
    dtype: str
    meaning: str = ""
    slices: list = field(default_factory=list)  # [(slice text, what it is)]


@dataclass
class ParamRow:
    name: str
    type: str
    output_shape: str
    formula: str | None  # "4 × ((75 + 1) × 1 + 1²) = 308"; None: no formula
    symbolic: str | None  # "4 × ((in + 1) × units + units²)"
    params: int | None  # None: not built, no weights yet, so the count is unknown
    trainable: int | None
    non_trainable: int | None
    bytes: dict  # dtype -> bytes
    weights: list = field(default_factory=list)
    children: list = field(default_factory=list)
    shared: bool = False  # already counted in an earlier row (a shared layer)
    note: str = ""
    layer: Any = field(default=None, repr=False, compare=False)

    @property
    def built(self) -> bool:
        return self.params is not None

    @property
    def has_formula(self) -> bool:
        return self.formula is not None

    @property
    def explained(self) -> str:
        if not self.built:
            return self.note
        return self.formula if self.formula is not None else f"no formula: {weights_sum(self.weights)}"

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "type": self.type,
            "output_shape": self.output_shape,
            "formula": self.formula,
            "symbolic": self.symbolic,
            "params": self.params,
            "trainable": self.trainable,
            "non_trainable": self.non_trainable,
            "bytes": self.bytes,
            "built": self.built,
            "shared": self.shared,
            "note": self.note,
            "weights": [
                {
                    "name": w.name,
                    "shape": list(w.shape),
                    "params": w.params,
                    "trainable": w.trainable,
                    "dtype": w.dtype,
                    "meaning": w.meaning,
                    "slices": [list(s) for s in w.slices],
                }
                for w in self.weights
            ],
            "children": [c.to_dict() for c in self.children],
        }


def weights_sum(weights) -> str:
    if not weights:
        return "0"
    parts = [" × ".join(str(d) for d in w.shape) or "1" for w in weights]
    return f"{' + '.join(parts)} = {sum(w.params for w in weights)}"


def itemsize(dtype: str) -> int:
    # "float32" -> 4, "bfloat16" -> 2, "int8" -> 1, "bool" -> 1
    bits = re.findall(r"\d+", dtype)
    return max(1, int(bits[-1]) // 8) if bits else 1


def _output_shape(layer) -> str:
    try:
        out = layer.output
    except Exception:  # a layer never called symbolically (a cell, a standalone built layer)
        return "?"
    shapes = [tuple(t.shape) for t in (out if isinstance(out, (list, tuple)) else [out])]
    return str(shapes[0]) if len(shapes) == 1 else ", ".join(str(s) for s in shapes)


def _weight_rows(layer, formula: Formula | None, weights=None) -> list[WeightRow]:
    rows = []
    trainable = {id(w) for w in layer.trainable_weights}
    for w in layer.weights if weights is None else weights:
        short = w.path.split("/")[-1]
        meaning = formula.meaning.get(short, "") if formula else ""
        slices = formula.slices.get(short, []) if formula else []
        path = _relative(w.path, layer.name)
        rows.append(
            WeightRow(
                path, tuple(int(d) for d in w.shape), prod(w.shape), id(w) in trainable, str(w.dtype), meaning, slices
            )
        )
    return rows


def _relative(path: str, name: str) -> str:
    """A variable's path below the layer: "lstm_cell/kernel" for "model/lstm/lstm_cell/kernel"."""
    if path.startswith(f"{name}/"):
        return path[len(name) + 1 :]
    return path.split(f"/{name}/", 1)[1] if f"/{name}/" in path else path


def _bytes(weights) -> dict:
    out: dict = {}
    for w in weights:
        out[w.dtype] = out.get(w.dtype, 0) + w.params * itemsize(w.dtype)
    return out


def layer_row(layer, seen: set | None = None) -> ParamRow:
    import keras

    seen = set() if seen is None else seen
    shared = id(layer) in seen
    seen.add(id(layer))
    name, kind = layer.name, type(layer).__name__
    if not layer.built:
        # An unbuilt layer has no weights yet: its count depends on the input shape it will get
        # (count_params() raises), so it is unknown, not 0.
        return ParamRow(
            name, kind, "?", None, None, None, None, None, {}, note="not built: no weights yet", layer=layer
        )
    children = []
    formula = None
    note = ""
    if isinstance(layer, keras.Model):
        children = [layer_row(sub, seen) for sub in layer.layers]
        own = _model_own_weights(layer, children)
        text = " + ".join(str(c.params) for c in children if c.params and not c.shared) or "0"
        formula_text = f"sum of its layers: {text} = {layer.count_params()}" if not own else None
        symbolic = "sum of its layers" if not own else None
    else:
        try:
            formula = apply(layer)
        except Exception as error:  # a formula that cannot read this configuration
            formula, note = None, f"formula not applicable: {type(error).__name__}: {error}"
        if isinstance(layer, keras.layers.Bidirectional):
            children = [layer_row(layer.forward_layer, seen), layer_row(layer.backward_layer, seen)]
        elif isinstance(layer, keras.layers.Wrapper) and hasattr(layer, "layer"):
            children = [layer_row(layer.layer, seen)]
        count = layer.count_params()
        if formula is not None and formula.value != count:
            note = (
                f"the {kind} formula gives {formula.value}, the layer has {count} "
                "(a subclass or an option that adds weights)"
            )
            formula = None
        formula_text = str(formula) if formula else None
        symbolic = formula.symbolic if formula else None
        if formula and formula.note:
            note = formula.note
    weights = _weight_rows(layer, formula)
    trainable = sum(w.params for w in weights if w.trainable)
    total = sum(w.params for w in weights)
    return ParamRow(
        name,
        kind,
        _output_shape(layer),
        formula_text,
        symbolic,
        total,
        trainable,
        total - trainable,
        _bytes(weights),
        weights,
        children,
        shared,
        note,
        layer,
    )


def _model_own_weights(model, children) -> list:
    """Weights of a model that none of its layers owns (added with add_weight on the model)."""
    owned = {id(w) for c in children if c.layer is not None and c.layer.built for w in c.layer.weights}
    return [w for w in model.weights if id(w) not in owned]


def _total(weights) -> int:
    return sum(prod(w.shape) for w in weights)


def collect(obj) -> tuple[list[ParamRow], dict]:
    """Rows (one per top-level layer) and Keras' totals for a model or a single layer."""
    import keras

    if not isinstance(obj, keras.layers.Layer):
        raise TypeError(f"kd.params expects a keras.Model or a keras layer, got {type(obj).__name__}")
    seen: set = set()
    if isinstance(obj, keras.Model):
        rows = [layer_row(layer, seen) for layer in obj.layers]
        own = _model_own_weights(obj, rows)
        if own:
            weights = _weight_rows(obj, None, own)
            trainable = sum(w.params for w in weights if w.trainable)
            rows.append(
                ParamRow(
                    "(the model's own weights)",
                    type(obj).__name__,
                    "",
                    None,
                    None,
                    _total(own),
                    trainable,
                    _total(own) - trainable,
                    _bytes(weights),
                    weights,
                    note="weights created on the model itself, not in a layer",
                    layer=obj,
                )
            )
    else:
        rows = [layer_row(obj, seen)]
    if not obj.built:
        # Keras' count_params() raises on an unbuilt model or layer (model.summary() shows
        # "0 (unbuilt)"): the totals are unknown until it is built, so None, never 0.
        return rows, {"params": None, "trainable": None, "non_trainable": None, "bytes": {}}
    totals = {
        "params": obj.count_params(),
        "trainable": _total(obj.trainable_weights),
        "non_trainable": _total(obj.non_trainable_weights),
    }
    totals["bytes"] = _bytes(_weight_rows(obj, None))
    return rows, totals
