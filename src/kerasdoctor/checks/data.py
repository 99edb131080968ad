"""Checks of the data handed to fit(): batching, shapes, structure, size (KD101-KD108, KD901)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..codes import data as codes
from ..codes import internal
from ..codes.data import show
from ..codes.model import KD401
from ..codes.registry import FIT_DATA, Code, detects
from ..facts.data import DEFAULT_BATCH, SELF_BATCHING, DataFacts, Leaf
from ..facts.model import InputFacts
from ..facts.names import user_batch_size
from ..facts.pairing import looks_unbatched
from ..facts.shapes import compatible
from . import Skip
from .head_plan import CROSSENTROPY, SPARSE


@dataclass(frozen=True)
class Verdict:
    code: Code | None  # None: the shapes fit
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
        if looks_unbatched(shape, expected):
            return Verdict(codes.KD101, shape)
        if not shape:
            return Verdict(codes.KD104, shape)
    example = tuple(shape[1:])
    if _fits(example, expected):
        return Verdict(None, example)
    if batched is None and len(example) == len(expected) + 1 and compatible(example[1:], expected):
        return Verdict(codes.KD103, tuple(example[1:]))
    return Verdict(codes.KD104, example)


# ---- the checks -------------------------------------------------------------
# Each takes (context, data) where data is the DataFacts of `x` or of
# `validation_data`; fit.py runs them on both.


@detects(internal.KD901, kind=FIT_DATA, name="inspected")
def check_inspected(ctx, data: DataFacts):
    if data.not_inspected:
        fix = _generator_fix(ctx, data.source) if data.kind == "generator" else ""
        yield internal.data_not_inspected(where=data.where, reason=data.not_inspected, fix=fix)
    elif data.kind == "dataset":
        failed = ctx.sample(data).failed  # the one sample the value checks read: said once, here
        if failed:
            yield internal.data_not_inspected(where=data.where, reason=failed)


def _generator_fix(ctx, generator) -> str:
    """`codes.internal.generator_fix` in the user's terms: their generator function (a generator object
    knows it: ``gi_code``), their model's input and output shapes, the loss that decides the targets'."""
    code = getattr(generator, "gi_code", None)
    name = getattr(generator, "__name__", "<genexpr>")
    if not name.isidentifier():  # a generator expression: from_generator needs a function to call
        make = ""
    elif code is None or code.co_argcount == 0:
        make = name
    else:
        make = f"lambda: {name}({', '.join(code.co_varnames[: code.co_argcount])})"
    model = ctx.model
    x_shape = "(None, *features_shape)"
    if model.inputs is not None and len(model.inputs) == 1:
        x_shape = show((None, *model.inputs[0].example_shape))
    # One class id per example for a sparse loss or a one-unit head, else one row per example as wide
    # as the output. (Keras' fit() needs the rank: a TensorSpec(shape=None) stops it with "Cannot take
    # the length of shape with unknown rank".)
    y_shape, read_targets = "(None,)", False
    if model.outputs is not None and len(model.outputs) == 1 and model.output_losses is not None:
        loss, units = model.output_losses.per_output[0], model.outputs[0].units
        read_targets = loss is not None and loss.kind in CROSSENTROPY
        if loss is not None and loss.kind not in SPARSE and units is not None and units > 1:
            y_shape = show((None, units))
    return internal.generator_fix(
        make=make,
        x_shape=x_shape,
        y_shape=y_shape,
        model=ctx.name_of(model.model, "model"),
        budget=ctx.options.inspect_batches,
        read_targets=read_targets and ctx.options.inspect_batches > 0,
    )


@detects(codes.KD106, kind=FIT_DATA, name="batch-size-ignored")
def check_batch_size_ignored(ctx, data: DataFacts):
    if data.kind not in SELF_BATCHING:
        raise Skip(f"{data.where} is {data.kind}, for which fit() uses batch_size")
    argument = "batch_size" if data.where == "x" else "validation_batch_size"
    batch_size = ctx.args.get(argument)
    if batch_size is None:
        return
    validation = data.where != "x"
    yield codes.batch_size_ignored(
        where=data.where,
        kind=data.kind,
        argument=argument,
        batch_size=batch_size,
        model=ctx.name_of(ctx.model.model, "model"),
        name=ctx.name_of(data.source, "val_ds" if validation else "ds"),
        validation=validation,
    )


@detects(codes.KD107, codes.KD108, kind=FIT_DATA, name="size")
def check_size(ctx, data: DataFacts):
    if data.size is None:
        raise Skip(f"the size of {data.where} is unknown (e.g. after filter())")
    if data.size == 0:
        yield codes.empty_data(where=data.where, kind=data.kind, name=ctx.name_of(data.source, "ds"))
    elif data.size == math.inf:
        steps = "steps_per_epoch" if data.where == "x" else "validation_steps"
        if ctx.args.get(steps) is None:
            yield codes.infinite_without_steps(where=data.where, steps=steps)


def _matched_inputs(ctx, data: DataFacts):
    """Pairs and structure problems of data vs model inputs; Skip when either side is unknown."""
    if data.not_inspected or data.x is None:
        raise Skip(f"what {data.where} holds is unknown")
    if ctx.model.inputs is None:
        raise Skip(f"the model's inputs are not known yet ({KD401})")
    return ctx.inputs_matched(data)


@detects(codes.KD105, kind=FIT_DATA, name="input-structure")
def check_input_structure(ctx, data: DataFacts):
    _, problems = _matched_inputs(ctx, data)
    for problem in problems:
        yield codes.structure_mismatch(where=data.where, problem=problem, input_keys=[i.key for i in ctx.model.inputs])
    if data.has_targets is False and ctx.model.loss is not None:
        yield codes.inputs_only(where=data.where, kind=data.kind, name=ctx.name_of(data.source, "ds"))


@detects(codes.KD101, codes.KD103, codes.KD104, kind=FIT_DATA, name="input-shapes")
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
    name = ctx.name_of(data.source, "ds" if data.kind == "dataset" else "x")
    if verdict.code is codes.KD101:
        return codes.unbatched_dataset(
            where=where,
            element_shape=leaf.shape,
            input_name=model_input.name,
            expected=model_input.shape,
            name=name,
            batch=ctx.args.get("batch_size") or user_batch_size() or DEFAULT_BATCH,
        )
    if verdict.code is codes.KD103:
        return codes.double_batched(
            where=where,
            element_shape=leaf.shape,
            example_shape=verdict.example_shape,
            input_name=model_input.name,
            expected=model_input.shape,
            name=name,
        )
    return codes.input_shape_mismatch(
        where=where,
        input_name=model_input.name,
        expected=model_input.shape,
        data_where=data.where,
        path=path,
        element_shape=leaf.shape,
        example_shape=verdict.example_shape,
        inferred_batch=data.batched is None,
        name=name,
        arrays=data.kind == "arrays",
    )
