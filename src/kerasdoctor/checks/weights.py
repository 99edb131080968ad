"""Checks of fit()'s class_weight and sample_weight against the classes and the outputs (KD209).

Keras 3.15 turns class_weight into sample weights with
``class_weight.get(int(label), 1.0)`` (`data_adapter_utils.class_weight_to_sample_weights`
for arrays; `tf_dataset_adapter.make_class_weight_map_fn` for datasets, which
fills the keys up to the largest with 1.0): a key that names no class is never
used, and a class without a key weighs 1.0. Both are silent.
"""

from __future__ import annotations

import numbers

from ..codes import targets as codes
from ..codes.registry import FIT_DATA, detects
from ..facts.data import DataFacts
from ..facts.losses import BINARY, CATEGORICAL, SPARSE
from ..facts.targets import target_facts, targets_per_output
from . import Skip


def predictable_classes(ctx) -> tuple[list[int], str] | None:
    """The classes the single output can predict, and why: its units for a softmax/sparse head, 0 and 1
    for a binary one; None when the model says nothing about classes (a regression, several outputs)."""
    facts = ctx.model
    if not facts.compiled or facts.outputs is None or len(facts.outputs) != 1 or facts.output_losses is None:
        return None
    output, loss = facts.outputs[0], facts.output_losses.per_output[0]
    if loss is None or output.units is None or len(output.shape) != 2:
        return None
    if loss.kind in SPARSE | CATEGORICAL and output.units > 1:
        return list(range(output.units)), f"output {output.name!r} has {output.units} units"
    if loss.kind in BINARY and output.units == 1:
        return [0, 1], f"output {output.name!r} is binary"
    return None


def _present_classes(ctx, data: DataFacts) -> tuple[list[int], str] | None:
    """The classes in the full training targets (arrays only: a sample may lack classes), and their name."""
    if data.kind != "arrays" or data.target_values is None or ctx.model.outputs is None:
        return None
    pairs = targets_per_output(data.target_values, [o.name for o in ctx.model.outputs])
    if len(pairs) != 1 or pairs[0] is None:
        return None
    t = target_facts(pairs[0][1], "y")
    if t is None or t.rows == 0:
        return None
    if t.onehot:
        import numpy as np

        counts = np.asarray(pairs[0][1]).reshape(t.rows, -1).sum(axis=0)
        return [int(i) for i in np.flatnonzero(counts)], "its one-hot columns"
    if t.class_ids and t.classes is not None:
        return list(t.classes), "its labels"
    return None


def _key_fix(keys: list, classes: list, y: str, name: str) -> str:
    ints = [int(k) for k in keys if _integral(k)]
    if ints and all(not isinstance(k, numbers.Number) for k in keys) and sorted(ints) == classes:
        return f"{name} = {{int(k): w for k, w in {name}.items()}}   # keys must be integer class ids"
    if keys and all(isinstance(k, numbers.Integral) for k in keys) and sorted(int(k) - 1 for k in keys) == classes:
        return f"{name} = {{int(k) - 1: w for k, w in {name}.items()}}   # class ids count from 0"
    return codes.balanced_class_weight(y, name)


def _integral(key) -> bool:
    try:
        return float(key) == int(float(key))
    except (TypeError, ValueError):
        return False


@detects(codes.KD209, kind=FIT_DATA, name="weights")
def check_weights(ctx, data: DataFacts):
    validation = data is not ctx.train
    weights = ctx.validation_weights if validation else ctx.args.get("sample_weight")
    class_weight = None if validation else ctx.args.get("class_weight")
    if weights is None and class_weight is None:
        raise Skip(f"no class_weight or sample_weight for {data.where}")
    if weights is not None:
        yield from _sample_weight_shape(ctx, data, weights, validation)
    if isinstance(class_weight, dict) and class_weight:
        yield from _class_weight_keys(ctx, data, class_weight)


def _sample_weight_shape(ctx, data: DataFacts, weights, validation: bool):
    facts = ctx.model
    shape = getattr(weights, "shape", None)
    if shape is None or facts.outputs is None or len(facts.outputs) != 1 or len(facts.outputs[0].shape) != 2:
        return
    per_example = [int(d) for d in tuple(shape)[1:] if d is not None]
    if any(d != 1 for d in per_example):
        where = f"{data.where}[2]" if validation else "sample_weight"
        name = ctx.name_of(weights, "sw_val" if validation else "sample_weight")
        yield codes.sample_weight_shape(where=where, shape=tuple(shape), output=facts.outputs[0], name=name)


def _class_weight_keys(ctx, data: DataFacts, class_weight: dict):
    predictable = predictable_classes(ctx)
    present = _present_classes(ctx, data)
    known = predictable or present
    if known is None:
        raise Skip("the classes are not known (not a single classification output, and no class ids to read)")
    classes, source = known
    y = ctx.name_of(data.target_values, "y") if data.kind == "arrays" else "y"
    if present and present[1] == "its one-hot columns":
        y = f"{y}.argmax(axis=1)"
    keys = list(class_weight)
    strange = [k for k in keys if not isinstance(k, numbers.Integral) or int(k) not in classes]
    if strange:
        yield codes.class_weight_keys(
            where="class_weight",
            keys=strange,
            classes=classes,
            source=source,
            fix=_key_fix(keys, classes, y, ctx.name_of(class_weight, "class_weight")),
            not_int=any(not isinstance(k, numbers.Integral) for k in strange),
        )
        return
    if present is not None:
        missing = [c for c in present[0] if c not in class_weight]
        if missing:
            yield codes.classes_without_weight(
                where="class_weight",
                missing=missing,
                y=y,
                fix=codes.balanced_class_weight(y, ctx.name_of(class_weight, "class_weight")),
            )
