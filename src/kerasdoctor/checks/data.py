"""Checks of the data handed to fit() (or evaluate/predict): batching, shapes, structure, size, lengths,
counts (KD101-KD109, KD117, KD901)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..codes import data as codes
from ..codes import internal
from ..codes.data import show
from ..codes.registry import FIT, FIT_DATA, Code, detects
from ..facts.data import DEFAULT_BATCH, SELF_BATCHING, DataFacts, Leaf, example_counts, number_lists
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
    if batched and not _fits(example, expected) and compatible(shape, expected):
        return Verdict(codes.KD101, shape)  # the whole array is one example: model.predict(image)
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
        steps = ctx.steps_argument(data)
        if ctx.args.get("steps_per_epoch" if steps == "steps" else steps) is None:
            yield codes.infinite_without_steps(where=data.where, steps=steps)


def _matched_inputs(ctx, data: DataFacts):
    """Pairs and structure problems of data vs model inputs; Skip when either side is unknown."""
    if data.not_inspected or data.x is None:
        raise Skip(f"what {data.where} holds is unknown")
    if ctx.model.inputs is None:
        raise ctx.model_unknown("inputs")
    return ctx.inputs_matched(data)


@detects(codes.KD105, kind=FIT_DATA, name="input-structure")
def check_input_structure(ctx, data: DataFacts):
    _, problems = _matched_inputs(ctx, data)
    for problem in problems:
        yield codes.structure_mismatch(where=data.where, problem=problem, input_keys=[i.key for i in ctx.model.inputs])
    if data.has_targets is False and ctx.model.loss is not None and ctx.trains:
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
    if verdict.code is codes.KD101 and data.kind != "dataset":
        return _single_example(ctx, data, model_input, path, leaf, where)
    if verdict.code is codes.KD101:
        return codes.unbatched_dataset(
            where=where,
            element_shape=leaf.shape,
            input_name=model_input.name,
            expected=model_input.shape,
            name=name,
            batch=ctx.args.get("batch_size") or user_batch_size() or DEFAULT_BATCH,
            call=ctx.call,
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


def _single_example(ctx, data: DataFacts, model_input: InputFacts, path: str, leaf: Leaf, where: str):
    """KD101 for an array (or a list holding one) that is one example: the fix adds the batch axis, in the
    user's names (``model.predict(image[None])``)."""
    source = data.source
    if isinstance(source, dict):
        source = source.get(path[2:-2], source)
    elif isinstance(source, (list, tuple)) and len(source) == 1:
        source = source[0]  # model.predict([row]): the brackets make a list of inputs, not a batch
    name = ctx.name_of(source, "x")
    model = ctx.name_of(ctx.model.model, "model")
    batch = show((1, *leaf.shape))
    # a NumPy array or a tensor takes [None]; anything else (a pandas Series, a list) np.expand_dims
    one = f"{name}[None]" if hasattr(source, "ndim") and not hasattr(source, "iloc") else f"np.expand_dims({name}, 0)"
    if ctx.call == "predict":
        fix = f"{model}.predict({one})   # a batch of one example, shape {batch}"
    else:
        fix = f"{name} = {one}   # a batch of one example: shape {batch}"
    return codes.single_example_array(
        where=where,
        shape=leaf.shape,
        input_name=model_input.name,
        expected=(None, *model_input.example_shape),
        fix=fix,
        call=ctx.call,
    )


# ---- KD109 sample-count-mismatch, KD117 non-integer-count ---------------------------------------------


@detects(codes.KD109, kind=FIT_DATA, name="sample-counts")
def check_sample_counts(ctx, data: DataFacts):
    if data.kind != "arrays":
        raise Skip(f"{data.where} is {data.kind}, whose parts are batched together")
    if ctx.single_example(data):
        raise Skip(
            f"{data.where} is one example without a batch axis ({codes.KD101}): its first axis counts no examples"
        )
    weights = ctx.args.get("sample_weight") if data.where == "x" else ctx.validation_weights
    counts = example_counts(data, weights)
    if len({n for _, _, n in counts}) < 2:
        return
    from .values import part_name  # here: importing checks.values first would change the order of the report

    shown = [(role, part_name(ctx, data, role) + path, n) for role, path, n in counts]
    yield codes.sample_count_mismatch(
        where=data.where,
        counts=shown,
        call=ctx.call,
        model=ctx.name_of(ctx.model.model, "model"),
        same_split=_same_split(shown),
    )


@detects(codes.KD111, kind=FIT_DATA, name="python-lists")
def check_python_lists(ctx, data: DataFacts):
    """Python lists of numbers, which Keras 3 refuses (`number_lists`): KD111, before the call."""
    from ..facts.names import source_of, user_name
    from .values import part_name  # here: importing checks.values first would change the order of the report

    if data.kind != "arrays":
        raise Skip(f"{data.where} is {data.kind}, not arrays or lists")
    if ctx.single_example(data):
        raise Skip(f"{data.where} is one example without a batch axis ({codes.KD101}), whose fix makes it an array")
    weights = ctx.args.get("sample_weight") if data.where == "x" else ctx.validation_weights
    parts = (("x", data.source), ("y", data.target_values), ("sample_weight", weights))
    found = []
    for role, value in parts:
        for path, listed in number_lists(value):
            named = user_name(listed, "") if not path else part_name(ctx, data, role) + path
            literal = None if named else source_of(listed, None)
            name = named or part_name(ctx, data, role)
            found.append((role, name, literal if literal and len(literal) <= 80 else None, _shape_of(listed)))
    if found:
        yield codes.python_lists(
            where=data.where, lists=found, call=ctx.call, model=ctx.name_of(ctx.model.model, "model")
        )


def _shape_of(listed) -> tuple:
    import numpy as np

    return tuple(np.asarray(listed).shape)


# The parts of a variable name that say which split it holds: x_train, y_test, X_val, w_valid.
SPLITS = ("train", "training", "test", "testing", "val", "valid", "validation", "dev", "eval")


def _split_of(name: str) -> tuple[int, str] | None:
    """(the index of the part of ``name`` that names a split, that part), or None."""
    found = [(i, part) for i, part in enumerate(name.split("_")) if part.lower() in SPLITS]
    return found[0] if len(found) == 1 else None


def _same_split(shown: list[tuple[str, str, int]]) -> dict[str, str] | None:
    """For arrays named after another split than x's (``X_test`` with ``y_train``): the variable of x's
    split that the user's code binds, with as many examples as x (``y_test``), for each of them; None
    unless every mismatched array has one (plain names only, x, y and weights one array each)."""
    from ..facts.names import user_binding

    if len({role for role, _, _ in shown}) != len(shown) or shown[0][0] != "x":
        return None
    _, x_name, x_count = shown[0]
    x_split = _split_of(x_name) if x_name.isidentifier() else None
    if x_split is None:
        return None
    renamed = {}
    for _, name, n in shown[1:]:
        if n == x_count:
            continue
        split = _split_of(name) if name.isidentifier() else None
        if split is None or split[1].lower() == x_split[1].lower():
            return None
        parts = name.split("_")
        parts[split[0]] = x_split[1]
        candidate = "_".join(parts)
        shape = getattr(user_binding(candidate), "shape", None)
        if not shape or shape[0] != x_count:
            return None
        renamed[name] = candidate
    return renamed or None


# The counts fit()/evaluate()/predict() take as whole numbers (Keras 3 feeds them to range()).
COUNTS = ("steps_per_epoch", "validation_steps", "epochs", "initial_epoch", "batch_size", "validation_batch_size")


@detects(codes.KD117, kind=FIT, name="whole-counts")
def check_whole_counts(ctx):
    for argument in COUNTS:
        value = ctx.args.get(argument)
        if isinstance(value, float) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "f"):
            shown = "steps" if argument == "steps_per_epoch" and ctx.call != "fit" else argument
            yield codes.non_integer_count(argument=shown, value=float(value), call=ctx.call)
