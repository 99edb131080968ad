"""Checks that the loss, the output layer and the targets agree (KD203-KD208, KD901).

Model-level checks (KD207, KD208) need only the model; `check_targets` runs
once per data (`x`/`y`, `validation_data`) and compares each output's loss and
width with the targets read by `facts.targets`.
"""

from __future__ import annotations

from typing import Callable

from ..findings import Finding
from ..facts.data import DataFacts, Leaf, unpack
from ..facts.losses import LossFacts
from ..facts.model import OutputFacts
from ..facts.targets import (TargetFacts, composite_targets, concat_elements, pipeline_hazard, sample_dataset,
                               shape_facts, target_facts, targets_per_output)
from . import Skip
from .data import judge_shape

SPARSE = {"sparse_categorical_crossentropy"}
CATEGORICAL = {"categorical_crossentropy", "categorical_focal_crossentropy"}
BINARY = {"binary_crossentropy", "binary_focal_crossentropy"}
CROSSENTROPY = SPARSE | CATEGORICAL | BINARY
REGRESSION = {"mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
              "mean_squared_logarithmic_error", "huber", "log_cosh", "poisson"}
PROBABILITIES = {"softmax", "sigmoid"}
DEFAULT_INSPECT_BATCHES = 2
MAX_VALUES_SHOWN = 10


def _heads(ctx) -> list[tuple[OutputFacts, LossFacts | None]]:
    facts = ctx.model
    if not facts.compiled:
        raise Skip("the model is not compiled (KD202)")
    if facts.outputs is None:
        raise Skip("the model's outputs are not known yet (KD401)")
    if facts.loss is None:
        raise Skip("compile() got no loss (KD201)")
    return list(zip(facts.outputs, facts.output_losses.per_output))


def _compile_fix(ctx, output: OutputFacts, loss: str) -> str:
    name = ctx.name_of(ctx.model.model, "model")
    if len(ctx.model.outputs) > 1:
        return f'{name}.compile(optimizer="adam", loss={{{output.name!r}: {loss}, ...}})   # keep your optimizer'
    return f'{name}.compile(optimizer="adam", loss={loss})   # keep your optimizer and metrics'


def _head(output: OutputFacts) -> str:
    return f"output {output.name!r} ({output.units} unit{'s' if output.units != 1 else ''}, {output.activation})"


# ---- KD207 activation-loss-mismatch -------------------------------------------

def check_activation_loss(ctx):
    unknown = []
    for output, loss in _heads(ctx):
        if output.activation is None:
            unknown.append(f"the activation at output {output.name!r} is computed by a layer kerasdoctor "
                           "does not know")
            continue
        yield from _activation_findings(ctx, output, loss)
    if unknown and len(unknown) == len(ctx.model.outputs):
        raise Skip("; ".join(unknown))


def _activation_findings(ctx, output: OutputFacts, loss: LossFacts | None):
    act, units, where = output.activation, output.units, output.where
    if act == "softmax" and units == 1:
        yield Finding("KD207", f"Output {output.name!r} applies softmax to a single unit: softmax normalises over "
                      "the units, so it always outputs 1.0 and the model cannot learn. For two classes use one "
                      "sigmoid unit with binary_crossentropy.", where=where,
                      fix='keras.layers.Dense(1, activation="sigmoid")   # with loss="binary_crossentropy"')
        return
    if loss is None or loss.kind is None:
        return
    if loss.kind in CROSSENTROPY and loss.from_logits and act in PROBABILITIES:
        yield Finding("KD207", f"Loss {loss.spelled} takes logits (from_logits=True), but {_head(output)} already "
                      f"applies {act}: the activation is applied twice, which flattens the gradients and slows or "
                      "stalls training without any error.", where=where,
                      fix=f"keras.layers.Dense({units})   # no activation: the loss applies {act} itself")
    elif loss.kind in CROSSENTROPY and not loss.from_logits and act == "linear":
        yield Finding("KD207", f"Output {output.name!r} is linear (logits), but loss {loss.spelled} expects "
                      "probabilities (from_logits=False): Keras clips the logits into (0, 1), which distorts the "
                      "loss.", where=where, severity="warning",
                      fix=_compile_fix(ctx, output, f"keras.losses.{_class_name(loss.kind)}(from_logits=True)"))
    elif loss.kind in BINARY and act == "softmax" and units and units > 1:
        yield Finding("KD207", f"{loss.spelled} on {_head(output)}: binary cross-entropy treats each of the "
                      f"{units} units as a separate yes/no question, while softmax makes them compete: the "
                      "loss does not measure the one-of-n choice the head makes, and its value is misleading.",
                      where=where, severity="warning",
                      fix=_compile_fix(ctx, output, '"categorical_crossentropy"')
                      + "   # or sparse_categorical_crossentropy for integer labels")
    elif loss.kind in CATEGORICAL and act == "sigmoid" and units and units > 1:
        yield Finding("KD207", f"{loss.spelled} on {_head(output)}: categorical cross-entropy assumes exactly one "
                      "class per example, but sigmoid scores each class independently (multi-label). For "
                      "mutually exclusive classes use softmax; for multi-label targets use binary_crossentropy.",
                      where=where, severity="warning",
                      fix=f'keras.layers.Dense({units}, activation="softmax")')


def _class_name(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_"))


# ---- KD208 loss-missing-for-output ----------------------------------------------

def check_losses_cover_outputs(ctx):
    facts = ctx.model
    if not facts.compiled or facts.loss is None:
        raise Skip("the model is not compiled with a loss (KD201/KD202)")
    if facts.outputs is None:
        raise Skip("the model's outputs are not known yet (KD401)")
    if not isinstance(facts.loss, (list, tuple, dict)):
        return
    names = [o.name for o in facts.outputs]
    losses = facts.output_losses
    model = ctx.name_of(facts.model, "model")
    for key in losses.unmatched_keys:
        yield Finding("KD208", f"The loss dict has a key {key!r}, but the model has no output of that name "
                      f"(its outputs are {names}); Keras stops at the first step with 'Expected keys ... in loss "
                      "dict'.", where=f"{model}.compile(loss=...)",
                      fix=f"{model}.compile(optimizer=\"adam\", loss={{{', '.join(f'{n!r}: ...' for n in names)}}})")
    for output, loss in zip(facts.outputs, losses.per_output):
        if loss is not None:
            continue
        on_purpose = output.index in losses.explicit_none
        if on_purpose:
            effect = "so it receives no gradient from its targets (fine only if another loss trains it)."
        elif isinstance(facts.loss, dict):
            effect = ("so Keras stops at the first step with 'Expected keys ... in loss dict'; "
                      "use None for an output that really needs no loss.")
        else:
            effect = ("so it receives no gradient from its targets; Keras trains anyway, with at most a "
                      "'Gradients do not exist' warning.")
        how = "gets None" if on_purpose else "is not given one"
        yield Finding("KD208", f"Output {output.name!r} {how} in the loss {type(facts.loss).__name__}, {effect}",
                      where=output.where,
                      severity="warning" if on_purpose else None,
                      fix=f"{model}.compile(optimizer=\"adam\", loss={{{', '.join(f'{n!r}: ...' for n in names)}}})")


# ---- KD203-KD206: the targets ---------------------------------------------------

def _target_prefix(data: DataFacts) -> str:
    if data.kind == "arrays":
        return "y" if data.where == "x" else "validation_data[1]"
    return f"the targets in {data.where}"


def _dataset_batched(ctx, data: DataFacts) -> bool:
    """Whether the dataset's elements are batches, judged as the input-shape
    check does (an element with exactly one example's shape is unbatched, KD101)."""
    # without known inputs there is nothing to pair: the elements are taken as batches
    known = data.x is not None and ctx.model.inputs is not None
    pairs, _ = ctx.inputs_matched(data) if known else ([], [])
    for model_input, _, leaf in pairs:
        if leaf.shape is not None:
            return judge_shape(leaf.shape, model_input.example_shape, None).code != "KD101"
    return True


def _target_values(ctx, data: DataFacts):
    """The targets to judge and whether they are all of them (True), a sample
    (False), or, when a dataset cannot be read without side effects, the reason
    and None."""
    if data.kind == "arrays":
        return data.target_values, True
    if data.kind == "pydataset":
        return data.target_values, False
    if data.kind != "dataset":
        raise Skip(f"the targets of {data.where} ({data.kind}) cannot be read without consuming it")
    budget = ctx.args.get("inspect_batches", DEFAULT_INSPECT_BATCHES)
    if not any(loss is not None and loss.kind in CROSSENTROPY for _, loss in _heads(ctx)):
        # Widths are all a regression loss needs, and element_spec has them: read nothing.
        return data.y, False
    composite = composite_targets(data.source)
    if composite:
        raise Skip(f"the targets of {data.where} are {composite} tensors (tf.{composite.capitalize()}Tensor); "
                   "only dense targets are compared with the loss")
    if not budget:
        raise Skip("inspect_batches=0: the dataset's targets were not read")
    hazard = None if ctx.args.get("inspect_unsafe") else pipeline_hazard(data.source)
    if hazard:
        return hazard, None
    elements = sample_dataset(data.source, budget)
    ys = [unpack(element)[1] for element in elements]
    if not ys or ys[0] is None:
        return None, False
    return concat_elements(ys, _dataset_batched(ctx, data)), False


def check_targets(ctx, data: DataFacts):
    if data.not_inspected:
        raise Skip(f"{data.where} was not inspected (KD901)")
    if data.has_targets is False:
        raise Skip(f"{data.where} has no targets")
    heads = _heads(ctx)
    values, complete = _target_values(ctx, data)
    if complete is None:   # a hazard: say what was not read, and how to allow it
        budget = ctx.args.get("inspect_batches", DEFAULT_INSPECT_BATCHES)
        yield Finding("KD901", f"The targets of {data.where} were not read, so the loss-vs-target checks "
                      f"(KD203-KD206) did not run: {values}. Pass inspect_unsafe=True to read it anyway.",
                      where=data.where, severity="info",
                      fix=f"kd.check(..., inspect_unsafe=True, inspect_batches={budget})   "
                          "# reads that many batches from a fresh iteration")
        return
    if values is None:
        raise Skip(f"no targets found in {data.where}")
    names = [o.name for o in ctx.model.outputs]
    skipped = []
    for (output, loss), pair in zip(heads, targets_per_output(values, names, _target_prefix(data))):
        if pair is None or loss is None:
            continue
        if loss.kind is None:
            skipped.append(loss.unknown_reason)
            continue
        if len(output.shape) != 2:
            skipped.append(f"output {output.name!r} has shape {output.shape}; only (batch, units) outputs "
                           "are compared with their targets")
            continue
        if isinstance(pair[1], Leaf):
            facts = shape_facts(pair[1].shape, pair[1].dtype, pair[0], _dataset_batched(ctx, data))
        else:
            facts = target_facts(pair[1], pair[0], complete)
        if facts is None or (facts.values_known and facts.rows == 0):
            continue
        yield from _judge(ctx, data, output, loss, facts)
    if skipped and len(skipped) == len(heads):
        raise Skip("; ".join(skipped))


def _judge(ctx, data: DataFacts, output: OutputFacts, loss: LossFacts, t: TargetFacts):
    units, where = output.units, f"{t.where} -> {output.where}"
    seen = "" if t.complete or not t.values_known else f" (in the first {t.rows} examples read)"
    if not t.values_known and loss.kind not in REGRESSION:
        return
    def y() -> str:   # the targets' name, looked up only for a finding that shows it in its fix
        return _y_name(ctx, data, t)
    if loss.kind in SPARSE:
        if t.onehot and t.width == units:
            yield Finding("KD203", f"Loss {loss.spelled} expects one integer class id per example, but {t.where} "
                          f"is one-hot: shape (N, {t.width}) with 0/1 rows{seen}. Keras stops at the first step with "
                          "'Argument `output` must have rank (ndim) `target.ndim - 1`'.", where=where,
                          fix=_compile_fix(ctx, output, '"categorical_crossentropy"')
                          + f"\n# or keep the sparse loss and pass class ids:\n{_argmax_fix(ctx, data, y)}")
        elif t.onehot:
            yield _width_finding(output, loss, t, where, f"{t.where} is one-hot with {t.width} columns{seen}")
        elif t.class_ids:
            yield from _range(output, loss, t, where, seen, 0, units, y)
            yield from _unused_units(data, output, t, where)
    elif loss.kind in CATEGORICAL:
        if t.class_ids and units > 1:
            yield Finding("KD204", f"Loss {loss.spelled} expects one-hot targets of width {units}, but {t.where} "
                          f"holds integer class ids{_labels(t)}{seen}. Keras stops at the first step with 'Arguments "
                          "`target` and `output` must have the same rank (ndim)' (or 'the same shape').",
                          where=where,
                          fix=_compile_fix(ctx, output, '"sparse_categorical_crossentropy"')
                          + "\n# or keep the loss and one-hot encode:\n"
                          + f"{y()} = keras.utils.to_categorical({y()}, {units})")
        elif t.width != units:
            yield _width_finding(output, loss, t, where, f"the targets {t.where} have {t.width} columns{seen}")
    elif loss.kind in BINARY:
        if t.integer and (t.minimum < 0 or t.maximum > 1):
            yield from _range(output, loss, t, where, seen, 0, 2, y)
        elif t.width != units:
            yield _width_finding(output, loss, t, where, f"the targets {t.where} have {t.width} "
                                 f"column{'s' if t.width != 1 else ''}{seen}")
    elif loss.kind in REGRESSION and t.width != units:
        yield _width_finding(output, loss, t, where, f"the targets {t.where} have {t.width} "
                             f"column{'s' if t.width != 1 else ''} per example{seen}")


def _y_name(ctx, data: DataFacts, t: TargetFacts) -> str:
    if data.kind != "arrays":
        return "y"
    base = ctx.name_of(data.target_values, "y" if data.where == "x" else "y_val")
    return base + t.where[len(_target_prefix(data)):]


def _argmax_fix(ctx, data: DataFacts, y: Callable[[], str]) -> str:
    if data.kind == "dataset":
        ds = ctx.name_of(data.source, "ds")
        return f"{ds} = {ds}.map(lambda x, y: (x, tf.argmax(y, axis=-1)))"
    return f"{y()} = {y()}.argmax(-1)"


def _labels(t: TargetFacts) -> str:
    if t.classes is None:
        return f" from {t.minimum:g} to {t.maximum:g}"
    shown = ", ".join(map(str, t.classes[:MAX_VALUES_SHOWN]))
    return f" ({shown}{', ...' if len(t.classes) > MAX_VALUES_SHOWN else ''})"


def _range(output: OutputFacts, loss: LossFacts, t: TargetFacts, where: str, seen: str, low: int, high: int,
           y: Callable[[], str]):
    if t.minimum >= low and t.maximum < high:
        return
    if t.classes is not None:
        bad = [v for v in t.classes if v < low or v >= high]
        shown = ", ".join(map(str, bad[:MAX_VALUES_SHOWN])) + (", ..." if len(bad) > MAX_VALUES_SHOWN else "")
    else:
        shown = f"values from {t.minimum:g} to {t.maximum:g}"
    if loss.kind in BINARY:
        text = f"{loss.spelled} needs targets in [0, 1], but {t.where} holds {shown}{seen}."
        fix = "# for more than two classes: Dense(n_classes, activation=\"softmax\") with sparse_categorical_crossentropy"
    else:
        text = (f"{t.where} holds the label{'s' if ',' in shown else ''} {shown}{seen}, outside the valid range "
                f"[0, {high}) of {_head(output)}: every label must index one of its units. Keras fails with "
                f"'Received a label value of {int(t.maximum) if t.maximum >= high else int(t.minimum)} which is "
                f"outside the valid range', or (on GPU) the loss silently becomes NaN.")
        if t.minimum > 0 and t.maximum - t.minimum < high:
            fix = f"{y()} = {y()} - {int(t.minimum)}   # labels 0..{high - 1}"
        elif t.minimum < 0:
            fix = f"{y()} = np.unique({y()}, return_inverse=True)[1]   # renumber the classes 0..n-1"
        else:
            fix = f"keras.layers.Dense({int(t.maximum) + 1}, activation={output.activation!r})   # one unit per class"
    yield Finding("KD205", text, where=where, fix=fix)


def _unused_units(data: DataFacts, output: OutputFacts, t: TargetFacts, where: str):
    # Only on the full training targets: a validation set or a sample may lack classes.
    if not t.complete or data.where != "x" or t.classes is None:
        return
    n = len(t.classes)
    if t.classes == tuple(range(n)) and 1 < n < output.units:
        yield Finding("KD206", f"{t.where} holds {n} classes (0..{n - 1}), but {_head(output)} has {output.units}: "
                      f"{output.units - n} units never see a target.", where=where, severity="warning",
                      fix=f"keras.layers.Dense({n}, activation={output.activation!r})")


def _width_finding(output: OutputFacts, loss: LossFacts, t: TargetFacts, where: str, got: str) -> Finding:
    # What Keras 3 does with the mismatch: regression losses broadcast a single
    # target column (no error); the cross-entropies compare shapes and stop.
    units = output.units
    if loss.kind in REGRESSION and t.width == 1:
        effect = (f"Keras broadcasts the single target column over all {units} outputs and trains without "
                  "complaint, on the wrong problem.")
    elif loss.kind in REGRESSION:
        effect = f"Keras stops at the first step with 'Dimensions must be equal, but are {t.width} and {units}'."
    elif loss.kind in SPARSE:
        effect = "Keras stops at the first step with 'Argument `output` must have rank (ndim) `target.ndim - 1`'."
    else:
        effect = ("Keras stops at the first step with 'Arguments `target` and `output` must have the same "
                  "shape' (or rank).")
    return Finding("KD206", f"{_head(output).capitalize()} produces {units} value{'s' if units != 1 else ''} per example, but {got}. "
                   f"{effect}", where=where,
                   fix=f"keras.layers.Dense({t.width}{'' if output.activation == 'linear' else f', activation={output.activation!r}'})"
                       f"   # one unit per target column")
