"""Checks that the loss, the output layer and the targets agree (KD203-KD208, KD901).

Model-level checks (KD207, KD208) need only the model; `check_targets` runs
once per data (`x`/`y`, `validation_data`) and compares each output's loss and
width with the targets the context has read (`facts.targets.read_targets`).
"""

from __future__ import annotations

from ..codes import internal
from ..codes import targets as codes
from ..codes.data import KD103
from ..codes.registry import FIT, FIT_DATA, detects
from ..facts.data import DataFacts, Leaf
from ..facts.losses import BINARY, CATEGORICAL, REGRESSION, SPARSE, LossFacts, loss_shapes
from ..facts.model import OutputFacts
from ..facts.shapes import compatible
from ..facts.targets import TargetFacts, shape_facts, target_facts, targets_per_output
from ..findings import Remedy
from . import Skip
from .head_plan import CROSSENTROPY, PROBABILITIES, plan_head


def _heads(ctx) -> list[tuple[OutputFacts, LossFacts | None]]:
    facts = ctx.model
    if not ctx.trains:
        raise Skip(f"{ctx.call}() computes no loss")
    if not facts.compiled:
        raise Skip(f"the model is not compiled ({codes.KD202})")
    if facts.outputs is None:
        raise ctx.model_unknown("outputs")
    if facts.loss is None:
        raise Skip(f"compile() got no loss ({codes.KD201})")
    return list(zip(facts.outputs, facts.output_losses.per_output))


def _model_name(ctx) -> str:
    return ctx.name_of(ctx.model.model, "model")


# ---- KD207 activation-loss-mismatch -------------------------------------------


@detects(codes.KD207, kind=FIT, name="activation-loss")
def check_activation_loss(ctx):
    unknown = []
    for output, loss in _heads(ctx):
        if output.activation is None:
            unknown.append(f"the activation at output {output.name!r} is computed by a layer kerasdoctor does not know")
            continue
        yield from _activation_findings(ctx, output, loss)
    if unknown and len(unknown) == len(ctx.model.outputs):
        raise Skip("; ".join(unknown))


def _activation_findings(ctx, output: OutputFacts, loss: LossFacts | None):
    act, units = output.activation, output.units
    if act == "softmax" and units == 1:
        yield codes.softmax_on_one_unit(output=output, plan=_plan(ctx, output, loss))
        return
    if loss is None or loss.kind is None:
        return
    multi = len(ctx.model.outputs) > 1
    if loss.kind in CROSSENTROPY and loss.from_logits and act in PROBABILITIES:
        yield codes.activation_applied_twice(output=output, loss=loss, plan=_plan(ctx, output, loss))
    elif loss.kind in CROSSENTROPY and not loss.from_logits and act == "linear":
        yield codes.logits_into_probability_loss(
            output=output, loss=loss, model=_model_name(ctx), multi_output=multi, plan=_plan(ctx, output, loss)
        )
    elif loss.kind in BINARY and act == "softmax" and units and units > 1:
        yield codes.binary_loss_on_softmax(
            output=output, loss=loss, model=_model_name(ctx), multi_output=multi, plan=_plan(ctx, output, loss)
        )
    elif loss.kind in CATEGORICAL and act == "sigmoid" and units and units > 1:
        yield codes.categorical_loss_on_sigmoid(output=output, loss=loss, plan=_plan(ctx, output, loss))


# ---- one coherent fix per output -------------------------------------------------


def _plan(ctx, output: OutputFacts, loss: LossFacts | None, t: TargetFacts | None = None):
    """(`Remedy`, its code) for ``output``: `head_plan.plan_head` on the training targets when they
    were read (so that the findings of the training and the validation data agree), else on ``t``;
    None when nothing can be planned."""
    remedy = plan_head(output, loss, _training_facts(ctx)[output.index] or t)
    if remedy is None:
        return None
    return remedy, _remedy_text(ctx, output, loss, remedy)


def _remedy_text(ctx, output: OutputFacts, loss: LossFacts, remedy: Remedy) -> str:
    data = ctx.train
    return codes.remedy_fix(
        remedy,
        output=output,
        loss=loss,
        model=_model_name(ctx),
        multi_output=len(ctx.model.outputs) > 1,
        y="y" if data.kind != "arrays" else ctx.name_of(data.target_values, "y"),
        ds=ctx.name_of(data.source, "ds") if data.kind == "dataset" else "",
    )


def _training_facts(ctx) -> list[TargetFacts | None]:
    """The facts of each output's training targets, as `check_targets` reads them (once); None where
    they are not known (not read, not arrays, a hazard, an unknown loss...)."""

    def gather():
        known: list[TargetFacts | None] = [None] * len(ctx.model.outputs)
        try:
            outcome = _per_output(ctx, ctx.train)
        except Exception:  # Skip, or a crash that check_targets reports itself (KD900): plan without them
            return known
        for output, _loss, facts in outcome[0] if isinstance(outcome, tuple) else ():
            known[output.index] = facts
        return known

    return ctx.once("training-target-facts", None, gather)


# ---- KD208 loss-missing-for-output ----------------------------------------------


@detects(codes.KD208, kind=FIT, name="losses-cover-outputs")
def check_losses_cover_outputs(ctx):
    facts = ctx.model
    if not facts.compiled or facts.loss is None:
        raise Skip(f"the model is not compiled with a loss ({codes.KD201}/{codes.KD202})")
    if facts.outputs is None:
        raise ctx.model_unknown("outputs")
    if not isinstance(facts.loss, (list, tuple, dict)):
        return
    names = [o.name for o in facts.outputs]
    losses = facts.output_losses
    model = _model_name(ctx)
    for key in losses.unmatched_keys:
        yield codes.loss_key_names_no_output(key=key, names=names, model=model)
    for output, loss in zip(facts.outputs, losses.per_output):
        if loss is None:
            yield codes.output_without_loss(
                output=output,
                # the user's kind of container: compile() keeps a list as Keras' tracking ListWrapper
                container="dict" if isinstance(facts.loss, dict) else "list",
                on_purpose=output.index in losses.explicit_none,
                as_dict=isinstance(facts.loss, dict),
                names=names,
                model=model,
            )


# ---- KD203-KD206: the targets ---------------------------------------------------


def _target_prefix(data: DataFacts) -> str:
    if data.kind == "arrays":
        return "y" if data.where == "x" else "validation_data[1]"
    return f"the targets in {data.where}"


@detects(codes.KD203, codes.KD204, codes.KD205, codes.KD206, internal.KD901, kind=FIT_DATA, name="targets")
def check_targets(ctx, data: DataFacts):
    outcome = _per_output(ctx, data)
    if not isinstance(outcome, tuple):  # a hazard: say what was not read, and how to allow it
        yield internal.targets_not_read(
            where=data.where, reason=outcome.hazard, budget=ctx.options.inspect_batches, forceable=outcome.forceable
        )
        return
    judged, skipped = outcome
    for output, loss, facts in judged:
        yield from _judge(ctx, data, output, loss, facts)
    if skipped and len(skipped) == len(ctx.model.outputs):
        raise Skip("; ".join(skipped))


def _per_output(ctx, data: DataFacts):
    """The targets of ``data`` per output, read once: ([(output, loss, TargetFacts)], skip reasons), or
    the `TargetsRead` whose hazard kept them unread; raises Skip when there is nothing to compare."""
    return ctx.once("targets-per-output", data, lambda: _gather_per_output(ctx, data))


def _gather_per_output(ctx, data: DataFacts):
    if not ctx.trains:
        raise Skip(f"{ctx.call}() takes no targets")
    if data.not_inspected:
        raise Skip(f"{data.where} was not inspected ({internal.KD901})")
    if data.has_targets is False:
        raise Skip(f"{data.where} has no targets")
    if ctx.double_batched(data):
        raise Skip(f"the elements of {data.where} are batches of batches ({KD103}): their targets are not one batch")
    heads = _heads(ctx)
    read = ctx.targets(data, values_needed=any(loss is not None and loss.kind in CROSSENTROPY for _, loss in heads))
    if read.skipped:
        raise Skip(read.skipped)
    if read.hazard:
        return read
    if read.failed:
        raise Skip(f"{read.failed} ({internal.KD901})")
    if read.values is None:
        raise Skip(f"no targets found in {data.where}")
    names = [o.name for o in ctx.model.outputs]
    judged, skipped = [], []
    for (output, loss), pair in zip(heads, targets_per_output(read.values, names, _target_prefix(data))):
        if pair is None or loss is None:
            continue
        if loss.kind is None:
            skipped.append(loss.unknown_reason)
            continue
        if len(output.shape) < 2:
            skipped.append(f"output {output.name!r} has shape {output.shape}, without a batch axis")
            continue
        if isinstance(pair[1], Leaf):
            facts = shape_facts(pair[1].shape, pair[1].dtype, pair[0], ctx.elements_batched(data))
        else:
            facts = target_facts(pair[1], pair[0], read.complete)
        if facts is None or (facts.values_known and facts.rows == 0):
            continue
        judged.append((output, loss, facts))
    return judged, skipped


def _judge(ctx, data: DataFacts, output: OutputFacts, loss: LossFacts, t: TargetFacts):
    """The values first (a one-hot target for a sparse loss, class ids for a categorical one, labels out of
    range), where they explain a shape error better than the shapes do; then what Keras does with the two
    shapes (`facts.losses.loss_shapes`); then the labels a fitting shape leaves to judge."""
    units, where = output.units, f"{t.where} -> {output.where}"
    examples = "example" if t.rows == 1 else "examples"
    seen = "" if t.complete or not t.values_known else f" (in the first {t.rows} {examples} read)"
    per_example = tuple(output.shape[1:])
    plan = _plan(ctx, output, loss, t)  # the one fix of every finding about this output

    def y() -> str:  # the targets' name, looked up only for a finding that shows it in its fix
        return _y_name(ctx, data, t)

    def compile_call(new_loss: str) -> str:
        return codes.output_compile_fix(_model_name(ctx), output, len(ctx.model.outputs) > 1, new_loss)

    if t.values_known:
        if loss.kind in SPARSE and t.onehot and compatible(t.example_shape, per_example):
            yield codes.onehot_with_sparse_loss(
                where=where,
                output=output,
                loss=loss,
                t=t,
                seen=seen,
                compile_call=compile_call('"categorical_crossentropy"'),
                class_ids_fix=_argmax_fix(ctx, data, y),
                plan=plan,
            )
            return
        if loss.kind in CATEGORICAL and t.integer and units and units > 1 and _ids_for(t.example_shape, per_example):
            yield codes.ids_with_categorical_loss(
                where=where,
                output=output,
                loss=loss,
                t=t,
                seen=seen,
                compile_call=compile_call('"sparse_categorical_crossentropy"'),
                y=y(),
                plan=plan,
            )
            return
        if loss.kind in BINARY and t.integer and (t.minimum < 0 or t.maximum > 1):
            yield from _range(output, loss, t, where, seen, 2, y, plan)
            return
    shapes = loss_shapes(t.example_shape, per_example, loss.kind)
    if shapes is not None and shapes.outcome != "fits":
        finding = _shape_finding(output, loss, t, where, seen, shapes, y)
        if plan is not None and finding.code == codes.KD206.code and len(output.shape) == 2:
            # a width to change with the loss and the activation: the output's one fix (KD207 says it too)
            finding = finding.replace(fix=plan[1], remedy=plan[0])
        if loss.kind in BINARY and units == 1 and t.onehot and t.width == 2:  # two classes, one-hot
            keep = f"# or keep the one unit, with one 0/1 label per example: {y()} = {y()}.argmax(-1)"
            finding = finding.replace(fix=f"{finding.fix}\n{keep}")
        yield finding
        return
    if t.values_known and loss.kind in SPARSE and t.integer:
        yield from _range(output, loss, t, where, seen, units, y, plan)
        yield from _unused_units(data, output, t, where, plan)


def _ids_for(target: tuple, output: tuple) -> bool:
    """Whether a target of this shape holds one class id per output vector: the output without its last axis
    (or with that axis 1)."""
    return compatible(target, output[:-1]) or compatible(target, (*output[:-1], 1))


def _shape_finding(output: OutputFacts, loss: LossFacts, t: TargetFacts, where: str, seen: str, shapes, y):
    """KD206: the target and output shapes Keras cannot pair, or pairs by broadcasting."""
    expected = tuple(output.shape[1:-1]) if loss.kind in SPARSE else tuple(output.shape[1:])
    target = tuple(t.example_shape)
    if target[-1:] == (1,) and len(target) == len(expected) + 1:
        target = target[:-1]  # Keras squeezes a trailing 1: not an axis of its own
    if len(target) == len(expected) and loss.kind not in SPARSE:
        if target[-1:] == expected[-1:] or not compatible(target[:-1], expected[:-1]):  # not (only) the width
            return codes.axes_mismatch(where=where, output=output, t=t, seen=seen, shapes=shapes)
        return codes.width_mismatch(where=where, output=output, t=t, got=_width_got(loss, t, seen), shapes=shapes)
    if len(expected) == 1 and not target and loss.kind not in SPARSE:  # one value against a (batch, units) head
        return codes.width_mismatch(where=where, output=output, t=t, got=_width_got(loss, t, seen), shapes=shapes)
    extra = len(target) > len(expected)
    return codes.rank_mismatch(
        where=where, output=output, t=t, seen=seen, extra=extra, shapes=shapes, loss=loss, y=y() if extra else "y"
    )


def _width_got(loss: LossFacts, t: TargetFacts, seen: str) -> str:
    columns = f"{t.width} column{'s' if t.width != 1 else ''}"
    plural = t.where.startswith("the targets")  # a dataset's targets; "y", "y['age']" are one array
    if loss.kind in SPARSE and t.onehot:
        return f"{t.where} {'are' if plural else 'is'} one-hot with {columns}{seen}"
    holds = "hold" if plural else "holds"
    if loss.kind in REGRESSION:
        return f"{t.where} {holds} {columns} per example{seen}"
    return f"{t.where} {holds} {columns}{seen}"


def _y_name(ctx, data: DataFacts, t: TargetFacts) -> str:
    if data.kind != "arrays":
        return "y"
    base = ctx.name_of(data.target_values, "y" if data.where == "x" else "y_val")
    return base + t.where[len(_target_prefix(data)) :]


def _argmax_fix(ctx, data: DataFacts, y) -> str:
    if data.kind == "dataset":
        ds = ctx.name_of(data.source, "ds")
        return f"{ds} = {ds}.map(lambda x, y: (x, tf.argmax(y, axis=-1)))"
    return f"{y()} = {y()}.argmax(-1)"


def _range(output: OutputFacts, loss: LossFacts, t: TargetFacts, where: str, seen: str, high: int, y, plan):
    if t.minimum >= 0 and t.maximum < high:
        return
    binary = loss.kind in BINARY
    yield codes.labels_out_of_range(
        where=where,
        output=output,
        loss=loss,
        t=t,
        seen=seen,
        high=high,
        binary=binary,
        y="" if binary or t.minimum == 0 else y(),
        plan=plan,
    )


def _unused_units(data: DataFacts, output: OutputFacts, t: TargetFacts, where: str, plan):
    # Only on the full training targets: a validation set or a sample may lack classes.
    if not t.complete or data.where != "x" or t.classes is None:
        return
    n = len(t.classes)
    if t.classes == tuple(range(n)) and 1 < n < output.units:
        yield codes.unused_units(where=where, output=output, t=t, plan=plan)
