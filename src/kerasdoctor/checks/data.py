"""Checks of the data handed to fit(): batching, shapes, structure, size (KD101-KD108, KD901)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..findings import Finding
from ..facts.data import DEFAULT_BATCH, DataFacts, Leaf
from ..facts.model import InputFacts
from ..facts.shapes import compatible, show
from . import Skip

ONE_BATCH_KINDS = {"dataset": "a tf.data.Dataset", "pydataset": "a keras.utils.PyDataset",
                   "generator": "a Python generator"}


@dataclass(frozen=True)
class Verdict:
    code: str | None      # None: the shapes fit
    example_shape: tuple  # the shape of one example as the data has it


def _fits(example: tuple, expected: tuple) -> bool:
    """Whether one example fits the Input, allowing the one-axis adjustment that
    Keras' functional models make (expand a trailing 1, or squeeze one)."""
    if compatible(example, expected):
        return True
    if len(example) == len(expected) - 1 and expected[-1] == 1:
        return compatible(example, expected[:-1])
    if len(example) == len(expected) + 1 and example[-1] == 1:
        return compatible(example[:-1], expected)
    return False


def judge_shape(shape: tuple, expected: tuple, batched: bool | None) -> Verdict:
    """Compare one leaf of the data with one Input's per-example shape.

    ``batched`` is True when axis 0 is known to be the batch axis (arrays,
    PyDataset); None for a tf.data element, where it is inferred: an element
    that has exactly one example's shape was never batched. A leading ``None``
    against a known per-example size is a batch axis (what ``batch()`` makes).
    """
    if batched is None:
        leading_batch_axis = bool(shape) and shape[0] is None and bool(expected) and expected[0] is not None
        looks_like_one_example = compatible(shape, expected) or (
            len(shape) == len(expected) - 1 and expected and expected[-1] == 1 and compatible(shape, expected[:-1]))
        if looks_like_one_example and not leading_batch_axis:
            return Verdict("KD101", shape)
        if not shape:
            return Verdict("KD104", shape)
    example = tuple(shape[1:])
    if _fits(example, expected):
        return Verdict(None, example)
    if batched is None and len(example) == len(expected) + 1 and compatible(example[1:], expected):
        return Verdict("KD103", tuple(example[1:]))
    return Verdict("KD104", example)


def match_inputs(inputs: list[InputFacts], x) -> tuple[list[tuple[InputFacts, str, Leaf]], list[str]]:
    """Pair each model input with the data leaf that fit() will feed it, as
    Keras does: by name for a dict, by position for a list or tuple.
    Returns the pairs and a list of structure problems (in words)."""
    n = len(inputs)
    if isinstance(x, Leaf):
        if n == 1:
            return [(inputs[0], "", x)], []
        return [], [f"the data gives one array, but the model has {n} inputs "
                    f"({', '.join(repr(i.name) for i in inputs)})"]
    if isinstance(x, dict):
        pairs, missing = [], []
        for item in inputs:
            if item.key in x and isinstance(x[item.key], Leaf):
                pairs.append((item, f"[{item.key!r}]", x[item.key]))
            else:
                missing.append(item.key)
        if missing and not (n == 1 and len(x) == 1):
            return pairs, [f"the data is a dict with keys {sorted(map(str, x))}, but the model's "
                           f"inputs are named {[i.key for i in inputs]}: no data for {missing}"]
        if missing:  # one input, one key: Keras feeds it by position
            key, value = next(iter(x.items()))
            return ([(inputs[0], f"[{key!r}]", value)] if isinstance(value, Leaf) else []), []
        return pairs, []
    if isinstance(x, (list, tuple)):
        if len(x) != n:
            return [], [f"the data gives {len(x)} inputs, but the model has {n} "
                        f"({', '.join(repr(i.name) for i in inputs)})"]
        return [(i, f"[{k}]", leaf) for k, (i, leaf) in enumerate(zip(inputs, x)) if isinstance(leaf, Leaf)], []
    return [], []


# ---- the checks -------------------------------------------------------------
# Each takes (context, data) where data is the DataFacts of `x` or of
# `validation_data`; fit.py binds them to both.

def check_inspected(ctx, data: DataFacts):
    if data.not_inspected:
        yield Finding("KD901", f"{data.where} was not inspected: {data.not_inspected}.",
                      where=data.where, severity="info", fix=_how_to_let_us_look(data))


def _how_to_let_us_look(data: DataFacts) -> str:
    if data.kind == "generator":
        return ("ds = tf.data.Dataset.from_generator(make_batches, output_signature=(\n"
                "    tf.TensorSpec((None, *features_shape)), tf.TensorSpec((None,))))")
    return ""


def check_batch_size_ignored(ctx, data: DataFacts):
    if data.kind not in ONE_BATCH_KINDS:
        raise Skip(f"{data.where} is {data.kind}, for which fit() uses batch_size")
    arg = "batch_size" if data.where == "x" else "validation_batch_size"
    batch_size = ctx.args.get(arg)
    if batch_size is None:
        return
    # Not `ds.batch(n)`: the data may be batched already (then that would batch
    # twice); an unbatched dataset gets its batching fix from KD101.
    model, name = ctx.name_of(ctx.model.model, "model"), ctx.name_of(data.source, "ds")
    keyword = "" if data.where == "x" else f"validation_data={ctx.name_of(data.source, 'val_ds')}, "
    fix = (f"{model}.fit({name if data.where == 'x' else '...'}, {keyword}...)   "
           f"# without {arg}={batch_size}: the {data.kind} decides its own batches")
    yield Finding("KD106", f"{arg}={batch_size} is ignored because {data.where} is "
                  f"{ONE_BATCH_KINDS[data.kind]}: it yields its own batches, and fit() does not re-batch them.",
                  where=data.where, fix=fix)


def check_size(ctx, data: DataFacts):
    if data.size is None:
        raise Skip(f"the size of {data.where} is unknown (e.g. after filter())")
    if data.size == 0:
        unit = {"arrays": "examples", "dataset": "elements", "pydataset": "batches"}.get(data.kind, "items")
        name = ctx.name_of(data.source, "ds")
        # Batching an empty dataset again keeps it empty: the fix is where it is built.
        fix = (f"# where {name} is built: .batch(n) without drop_remainder=True (or a smaller n)"
               if data.kind == "dataset" else "")
        yield Finding("KD107", f"{data.where} holds 0 {unit}, so fit() would run zero steps. With a tf.data "
                      "pipeline the usual cause is batch(n, drop_remainder=True) over fewer than n examples, "
                      "or a take()/skip()/filter() that removes everything.", where=data.where, fix=fix)
    elif data.size == math.inf:
        steps = "steps_per_epoch" if data.where == "x" else "validation_steps"
        if ctx.args.get(steps) is None:
            yield Finding("KD108", f"{data.where} is infinite (repeat() without a count, or an endless "
                          f"PyDataset) and {steps} is not set, so the first epoch never ends.",
                          where=data.where, fix=f"model.fit(..., {steps}=number_of_examples // batch_size)")


def _matched_inputs(ctx, data: DataFacts):
    """Pairs and structure problems of data vs model inputs; Skip when either side is unknown."""
    if data.not_inspected or data.x is None:
        raise Skip(f"what {data.where} holds is unknown")
    if ctx.model.inputs is None:
        raise Skip("the model's inputs are not known yet (KD401)")
    return ctx.inputs_matched(data)


def check_input_structure(ctx, data: DataFacts):
    _, problems = _matched_inputs(ctx, data)
    for problem in problems:
        yield Finding("KD105", f"{data.where}: {problem}.", where=data.where,
                      fix=_structure_fix(ctx.model.inputs))
    if data.has_targets is False and ctx.model.loss is not None:
        kind = ONE_BATCH_KINDS.get(data.kind, "the data")
        name = ctx.name_of(data.source, "ds")
        fix = (f"{name} = tf.data.Dataset.zip(({name}, labels_ds))   # elements must be (x, y)"
               if data.kind == "dataset" else "model.fit(x, y, ...)")
        yield Finding("KD105", f"{data.where} ({kind}) provides inputs only, but the model was compiled with a "
                      f"loss, which needs targets: each element must be an (x, y) pair.",
                      where=data.where, fix=fix)


def _structure_fix(inputs: list[InputFacts]) -> str:
    if len(inputs) == 1:
        return "model.fit(x_array, y, ...)"
    items = ", ".join(f"{i.key!r}: x_{i.index}" for i in inputs)
    return f"x = {{{items}}}"


def check_input_shapes(ctx, data: DataFacts):
    pairs, _ = _matched_inputs(ctx, data)
    for model_input, path, leaf in pairs:
        if leaf.shape is None:
            continue
        verdict = judge_shape(leaf.shape, model_input.example_shape, data.batched)
        if verdict.code:
            yield _shape_finding(ctx, data, model_input, path, leaf, verdict)


def _shape_finding(ctx, data: DataFacts, model_input: InputFacts, path: str, leaf: Leaf, verdict: Verdict):
    where = f"{data.where}{path} -> {model_input.where}"
    expected = show(model_input.shape)
    name = ctx.name_of(data.source, "ds" if data.kind == "dataset" else "x")
    if verdict.code == "KD101":
        batch = ctx.args.get("batch_size") or DEFAULT_BATCH
        return Finding("KD101", (
            f"The dataset yields single examples: its elements have shape {show(leaf.shape)}, one example for "
            f"input {model_input.name!r}, which expects batches of shape {expected}. fit() takes every element "
            f"as a whole batch. tf.data datasets are immutable: `batch()` returns a new dataset, and its result "
            f"must be assigned."), where=where, fix=f"{name} = {name}.batch({batch})")
    if verdict.code == "KD103":
        return Finding("KD103", (
            f"The dataset's elements have shape {show(leaf.shape)}: batches of batches of examples of shape "
            f"{show(verdict.example_shape)}. Input {model_input.name!r} expects batches of shape {expected}; "
            f"batch() was applied twice, or to data that was already batched."),
            where=where, fix=f"{name} = {name}.unbatch()   # or drop the second .batch(...)")
    if data.batched is None:
        got = f"the elements of {data.where}{path} have shape {show(leaf.shape)}"
        if len(leaf.shape) > 1:
            got += f" (examples of shape {show(verdict.example_shape)})"
    else:
        got = f"the examples in {data.where}{path} have shape {show(verdict.example_shape)}"
    return Finding("KD104", (
        f"Input {model_input.name!r} expects examples of shape {show(model_input.example_shape)} (batches of "
        f"{expected}), but {got}."),
        where=where, fix=_reshape_fix(name, verdict.example_shape, model_input, data))


def _reshape_fix(name: str, example: tuple, model_input: InputFacts, data: DataFacts) -> str:
    expected = model_input.example_shape
    if data.kind == "arrays" and None not in example and None not in expected \
            and math.prod(example) == math.prod(expected):
        return f"{name} = {name}.reshape((-1, {', '.join(map(str, expected))}))"
    return f"keras.Input(shape={show(example)})   # or reshape the data to {show(expected)} per example"
