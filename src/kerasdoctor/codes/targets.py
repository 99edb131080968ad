"""KD2xx: compile, loss, targets and outputs. Each code's declaration, then the wording of its findings.

The wording functions take the facts (`facts.model.OutputFacts`, `facts.losses.LossFacts`,
`facts.targets.TargetFacts`) and the user's names; the checks decide which one applies.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from ..findings import Finding, Remedy
from .data import show
from .registry import ERROR, WARNING, declare

if TYPE_CHECKING:
    from ..facts.heads import RecurrentFacts
    from ..facts.losses import LossFacts, LossShapes
    from ..facts.model import OutputFacts
    from ..facts.targets import TargetFacts

    Plan = tuple[Remedy, str] | None  # an output's planned fix (`checks.head_plan`) and its code

KD201 = declare(
    "KD201",
    "missing-loss",
    ERROR,
    "`compile()` without a loss (and no `add_loss`).",
    what="""
    Reports a model compiled without `loss=` that adds no loss of its own through `add_loss` or an
    overridden `compute_loss`/`train_step`.
    """,
    why="""
    `loss` defaults to `None`. With nothing to minimise, `fit()` stops with "No loss to compute"
    (or, in older versions, trains nothing at all).
    """,
)


KD202 = declare(
    "KD202",
    "not-compiled",
    ERROR,
    "`fit()` on a model that was never compiled.",
    what="""
    Reports a model about to be trained that has not been compiled.
    """,
    why="""
    `fit()` needs an optimizer and a loss, which `compile()` provides. Keras fails with "You must
    call `compile()` before using the model"; in a script this often means a `compile()` went to
    another model object.
    """,
)


KD203 = declare(
    "KD203",
    "sparse-loss-with-onehot-targets",
    ERROR,
    "Sparse categorical loss with one-hot targets.",
    what="""
    Detects `sparse_categorical_crossentropy` (as a string, the function or a
    `keras.losses.SparseCategoricalCrossentropy` object, in any spelling Keras accepts) used with
    one-hot targets: 0/1 rows that sum to 1, as wide as the output. Array targets are read in full;
    a `tf.data` pipeline is sampled (see KD901); `PyDataset` batch 0 is read.
    """,
    why="""
    The sparse loss expects one integer class id per example. Given one-hot rows, Keras stops at the
    first step with "Argument `output` must have rank (ndim) `target.ndim - 1`", which names neither
    the loss nor the labels.
    """,
)


KD204 = declare(
    "KD204",
    "categorical-loss-with-integer-targets",
    ERROR,
    "Categorical loss with integer class ids as targets.",
    what="""
    Detects `categorical_crossentropy` or `categorical_focal_crossentropy` (any spelling) on an
    output of more than one unit, trained against targets that hold one whole-number class id per
    example (shape `(N,)` or `(N, 1)`, integer or float dtype).
    """,
    why="""
    The categorical losses expect one-hot rows as wide as the output. With class ids Keras stops at
    the first step with "Arguments `target` and `output` must have the same rank (ndim)" (or "the
    same shape").
    """,
)


KD205 = declare(
    "KD205",
    "labels-out-of-range",
    ERROR,
    "Integer labels outside `[0, output units)`.",
    what="""
    With `sparse_categorical_crossentropy`, reports integer class labels that are negative or not
    smaller than the width of the output layer, naming the offending values. With
    `binary_crossentropy` (or its focal variant), reports whole-number targets outside `[0, 1]`.
    """,
    why="""
    Labels 1..10 with `Dense(10)` put class 10 past the end of the output. On CPU Keras fails with
    "Received a label value of 10 which is outside the valid range of [0, 10)"; on GPU the loss can
    silently become NaN. Binary cross-entropy on labels 0, 1, 2 computes a meaningless loss.
    """,
)


KD206 = declare(
    "KD206",
    "output-units-vs-classes",
    ERROR,
    "Output width differs from the number of classes or target width.",
    what="""
    Compares the shape of each output with its targets as the loss will: the width (the one-hot
    width for categorical losses, the target columns for binary and regression losses; a `(N,)` or
    `(N, 1)` target is one column) and the rank: targets with an axis the output lacks (one-hot per
    time step `(N, T, C)` against an output `(batch, C)`), or without an axis the output has (one
    target per sequence against a sequence output `(batch, T, units)`, an image output without
    `Flatten`). Keras' own rules decide: a trailing axis of 1 is squeezed, regression losses
    broadcast, cross-entropies need equal shapes, a sparse loss one class id per output vector. The
    fix is the one the shapes call for: `Dense(n)`, `return_sequences` on the recurrent layer
    behind the output, `Flatten()`, or reshaping the targets. With a sparse loss on the full
    training targets, labels 0..k-1 on an output wider than k are reported as a warning (units that
    never see a target); validation targets and samples may lack classes, so they are not judged
    this way.
    """,
    why="""
    Some mismatches train without any error, on the wrong problem: a `Dense(4)` regression head
    against `(N, 1)` targets, a one-unit head against several target columns, an LSTM with
    `return_sequences=True` under `Dense(1)` against one target per sequence: `mse` broadcasts one
    over the other. The others stop the first step with a shape error that names neither the layer
    nor the data.
    """,
)


KD207 = declare(
    "KD207",
    "activation-loss-mismatch",
    ERROR,
    "The output activation and the loss disagree.",
    what="""
    Reads the activation really applied at each output (a layer's `activation=`, or a following
    `Activation`/`Softmax` layer, through Dropout/Flatten/Reshape) and checks it against the loss.
    Errors: softmax on a single unit; `from_logits=True` against a softmax or sigmoid output.
    Warnings: a cross-entropy with `from_logits=False` on a linear output; binary cross-entropy on a
    multi-unit softmax; sigmoid with categorical cross-entropy. An output computed by a layer it
    does not know (Lambda, custom layers) is skipped with that reason.
    """,
    why="""
    Softmax over one unit is always 1.0, so the model learns nothing. Applying an activation twice,
    or treating logits as probabilities, distorts the loss and slows or stalls training without any
    error. Binary cross-entropy on a softmax scores each unit as an independent yes/no, which is not
    the one-of-n choice a softmax makes.
    """,
)


KD208 = declare(
    "KD208",
    "loss-missing-for-output",
    ERROR,
    "A multi-output model with no loss for some output.",
    what="""
    Assigns a loss list (by position) or dict (by output name) to the outputs as Keras does, and
    reports outputs left without a loss (an error when the list is too short or the key absent, a
    warning when the loss is `None` on purpose) and dict keys that name no output.
    """,
    why="""
    An output without a loss receives no gradient from its targets: a short loss list trains
    silently (at most a "Gradients do not exist" warning). A dict that misses an output or names no
    output stops the first step with "Expected keys ... in loss dict".
    """,
)


# ---- wording: shared pieces ------------------------------------------------------------

MAX_VALUES_SHOWN = 10


def compile_fix(
    model: str, loss: str = '"mse"', note: str = "or the loss that fits your targets", metrics: str = ""
) -> str:
    """The one spelling of a compile() call to paste (``loss`` as code: ``'"mse"'``, ``"{'out': ...}"``;
    ``metrics`` as code too, or empty for none)."""
    shown = f", metrics={metrics}" if metrics else ""
    return f'{model}.compile(optimizer="adam", loss={loss}{shown})' + (f"   # {note}" if note else "")


def output_compile_fix(model: str, output: OutputFacts, multi_output: bool, loss: str) -> str:
    """compile() with ``loss`` for this output: by name when the model has several."""
    if multi_output:
        return compile_fix(model, f"{{{output.name!r}: {loss}, ...}}", "keep your optimizer")
    return compile_fix(model, loss, "keep your optimizer and metrics")


def remedy_fix(
    remedy: Remedy, *, output: OutputFacts, loss: LossFacts, model: str, multi_output: bool, y: str, ds: str = ""
) -> str:
    """`Remedy` as the code to paste, one line per change: the output layer, the compile() call, the
    targets (``y``: their name; ``ds``: the dataset's name when the targets come from one)."""
    lines = []
    if remedy.units is not None or remedy.activation is not None:
        units, activation = remedy.units or output.units, remedy.activation or output.activation
        shown = "" if activation == "linear" else f', activation="{activation}"'
        logits = remedy.from_logits if remedy.loss is not None else loss.from_logits
        note = " (no activation: logits, which the loss takes)" if logits else ""
        lines.append(f"keras.layers.Dense({units}{shown})   # replaces the output layer {output.name!r}" + note)
    if remedy.loss is not None:
        loss = f"keras.losses.{loss_class(remedy.loss)}(from_logits=True)" if remedy.from_logits else f'"{remedy.loss}"'
        lines.append(output_compile_fix(model, output, multi_output, loss))
    if remedy.targets is not None:
        lines.append(_targets_line(remedy.targets, y, ds))
    return "\n".join(lines)


def _targets_line(expression: str, y: str, ds: str) -> str:
    """``y = <expression>`` for arrays; a ``map()`` for a dataset (when TensorFlow can compute it)."""
    if not ds:
        return f"{y} = " + re.sub(r"\by\b", y, expression)
    if expression.startswith("np."):
        return f"# renumber the labels where {ds} is built: {expression}"
    return f"{ds} = {ds}.map(lambda x, y: (x, {expression}))"


def _fixed(plan: Plan, default: str, alternative: str = "") -> dict:
    """A finding's ``fix`` and ``remedy``: the output's plan (`checks.head_plan`) when there is one, then
    ``alternative`` (an "# or ..." note and its code), else ``default``."""
    if plan is None:
        return {"fix": default}
    remedy, text = plan
    return {"fix": text + (f"\n{alternative}" if alternative else ""), "remedy": remedy}


def head(output: OutputFacts) -> str:
    """ "output 'dense' (3 units, softmax)"; "output 'output_0' (3 units)" when its activation is not known."""
    activation = f", {output.activation}" if output.activation else ""
    return f"output {output.name!r} ({output.units} unit{'s' if output.units != 1 else ''}{activation})"


def _head(output: OutputFacts) -> str:
    """`head` at the start of a sentence (``str.capitalize`` would lowercase the layer's name)."""
    return "O" + head(output)[1:]


_PLURAL = {"is": "are", "has": "have", "holds": "hold"}


def _says(where: str, verb: str) -> str:
    """``where`` and its verb in agreement: "y holds", "the targets in ds hold"."""
    return f"{where} {_PLURAL[verb] if where.startswith('the ') else verb}"


def _plural(n: int, word: str) -> str:
    return f"{word}{'s' if n != 1 else ''}"


def loss_class(kind: str) -> str:
    """ "sparse_categorical_crossentropy" -> "SparseCategoricalCrossentropy"."""
    return "".join(part.capitalize() for part in kind.split("_"))


def labels_text(t: TargetFacts) -> str:
    if t.classes is None:
        return f" from {t.minimum:g} to {t.maximum:g}"
    shown = ", ".join(map(str, t.classes[:MAX_VALUES_SHOWN]))
    return f" ({shown}{', ...' if len(t.classes) > MAX_VALUES_SHOWN else ''})"


# ---- KD201 missing-loss, KD202 not-compiled ----------------------------------------------


def missing_loss(*, model_name: str, name: str) -> Finding:
    return KD201.finding(
        f"Model {model_name!r} was compiled without a loss and adds none itself (no "
        "add_loss()), so fit() has nothing to minimise and stops with 'No loss to compute'.",
        where=f"{name}.compile()",
        fix=compile_fix(name),
    )


def missing_loss_in_error(*, name: str) -> Finding:
    return KD201.finding(
        f"Model {name!r} was compiled without a loss, so there is nothing to minimise.",
        where=f"{name}.compile()",
        fix=compile_fix(name),
    )


def missing_loss_in_source(*, call: str, name: str, fixed_call: str) -> Finding:
    """KD201 from source: ``call`` has no loss; ``fixed_call`` is the same call with ``loss='mse'``."""
    return KD201.finding(
        f"`{call}` has no loss: `loss` defaults to None, so `{name}.fit()` has nothing to "
        f'minimise ("No loss to compute")',
        fix=f"{fixed_call}   # or the loss that fits your targets",
    )


def not_compiled(*, model_name: str, name: str) -> Finding:
    return KD202.finding(
        f"Model {model_name!r} has not been compiled, so fit() has no optimizer and no loss. If "
        "compile() appears in your code, it was called on another model object.",
        where="model",
        fix=compile_fix(name),
    )


def not_compiled_in_error(*, name: str) -> Finding:
    return KD202.finding(
        f"Model {name!r} was never compiled. If compile() appears in your code, it was called on another model object.",
        where=name,
        fix=compile_fix(name),
    )


def not_compiled_in_source(*, name: str) -> Finding:
    return KD202.finding(
        f"`{name}.fit()` on a model that is never compiled in this file; Keras fails with "
        f'"You must call `compile()` before using the model"',
        fix=compile_fix(name, note="before fit(); the loss that fits your targets"),
    )


# ---- KD203 sparse loss / one-hot targets, KD204 categorical loss / class ids -------------------


def onehot_with_sparse_loss(
    *,
    where: str,
    output: OutputFacts,
    loss: LossFacts,
    t: TargetFacts,
    seen: str,
    compile_call: str,
    class_ids_fix: str,
    plan: Plan = None,
) -> Finding:
    return KD203.finding(
        f"Loss {loss.spelled} expects one integer class id per example, but {_says(t.where, 'is')} one-hot: shape "
        f"(N, {t.width}) with 0/1 rows{seen}. Keras stops at the first step with 'Argument `output` must have "
        "rank (ndim) `target.ndim - 1`'.",
        where=where,
        **_fixed(
            plan,
            f"{compile_call}\n# or keep the sparse loss and pass class ids:\n{class_ids_fix}",
            f"# or keep the sparse loss and pass class ids:\n{class_ids_fix}",
        ),
    )


def onehot_with_sparse_loss_in_error(*, name: str, target: tuple, output: tuple) -> Finding:
    return KD203.finding(
        f"The loss is sparse categorical: it wants one integer class index per example (targets of shape "
        f"{show(output[:-1])} for outputs {show(output)}), but the targets have shape {show(target)}: they "
        f"look one-hot encoded.",
        where=f"{name}.compile(loss=...)",
        fix=compile_fix(name, '"categorical_crossentropy"', "or y = y.argmax(axis=-1)"),
    )


def onehot_with_sparse_loss_in_source(*, y: str) -> Finding:
    return KD203.finding(
        f"`{y}` holds one-hot rows (to_categorical/one_hot) but the model is compiled with a "
        "sparse categorical loss, which expects one integer class id per example",
        fix='loss="categorical_crossentropy"   # or keep the sparse loss and pass the integer labels',
    )


def ids_with_categorical_loss(
    *,
    where: str,
    output: OutputFacts,
    loss: LossFacts,
    t: TargetFacts,
    seen: str,
    compile_call: str,
    y: str,
    plan: Plan = None,
) -> Finding:
    onehot = f"{y} = keras.utils.to_categorical({y}, {output.units})"
    return KD204.finding(
        f"Loss {loss.spelled} expects one-hot targets of width {output.units}, but {_says(t.where, 'holds')} integer "
        f"class ids{labels_text(t)}{seen}. Keras stops at the first step with 'Arguments `target` and `output` "
        "must have the same rank (ndim)' (or 'the same shape').",
        where=where,
        **_fixed(
            plan,
            f"{compile_call}\n# or keep the loss and one-hot encode:\n{onehot}",
            "" if plan is None or plan[0].targets else f"# or keep the loss and one-hot encode:\n{onehot}",
        ),
    )


def ids_with_categorical_loss_in_error(*, name: str, target: tuple, output: tuple) -> Finding:
    units = output[-1] if output and output[-1] is not None else "n_classes"
    return KD204.finding(
        f"The loss is categorical: it wants one-hot targets of the outputs' shape {show(output)}, but the "
        f"targets have shape {show(target)}: they look like integer class labels.",
        where=f"{name}.compile(loss=...)",
        fix=compile_fix(name, '"sparse_categorical_crossentropy"', f"or y = keras.utils.to_categorical(y, {units})"),
    )


def ids_with_categorical_loss_in_source(*, y: str) -> Finding:
    return KD204.finding(
        f"`{y}` holds integer class ids but the model is compiled with categorical "
        "cross-entropy, which expects one-hot rows",
        fix='loss="sparse_categorical_crossentropy"   # or keras.utils.to_categorical(y)',
    )


# ---- KD205 labels-out-of-range -----------------------------------------------------------


def labels_out_of_range(
    *,
    where: str,
    output: OutputFacts,
    loss: LossFacts,
    t: TargetFacts,
    seen: str,
    high: int,
    binary: bool,
    y: str,
    plan: Plan = None,
) -> Finding:
    """KD205 from the targets: labels outside [0, high) (``binary``: a binary cross-entropy's [0, 1])."""
    if t.classes is not None:
        bad = [v for v in t.classes if v < 0 or v >= high]
        shown = ", ".join(map(str, bad[:MAX_VALUES_SHOWN])) + (", ..." if len(bad) > MAX_VALUES_SHOWN else "")
    else:
        shown = f"values from {t.minimum:g} to {t.maximum:g}"
    if binary:
        text = f"{loss.spelled} needs targets in [0, 1], but {_says(t.where, 'holds')} {shown}{seen}."
        fix = '# for more than two classes: Dense(n_classes, activation="softmax") with sparse_categorical_crossentropy'
    else:
        text = (
            f"{_says(t.where, 'holds')} the label{'s' if ',' in shown else ''} {shown}{seen}, outside the valid range "
            f"[0, {high}) of {head(output)}: every label must index one of its units. Keras fails with "
            f"'Received a label value of {int(t.maximum) if t.maximum >= high else int(t.minimum)} which is "
            f"outside the valid range', or (on GPU) the loss silently becomes NaN."
        )
        if t.minimum > 0 and t.maximum - t.minimum < high:
            fix = f"{y} = {y} - {int(t.minimum)}   # labels 0..{high - 1}"
        elif t.minimum < 0:
            fix = f"{y} = np.unique({y}, return_inverse=True)[1]   # renumber the classes 0..n-1"
        else:
            fix = f"keras.layers.Dense({int(t.maximum) + 1}, activation={output.activation!r})   # one unit per class"
    return KD205.finding(text, where=where, **_fixed(plan, fix))


def labels_out_of_range_in_error(*, label: int, classes: int, name: str) -> Finding:
    if label == classes:
        fix = (
            "y = y - 1   # if your labels run 1..n_classes"
            + f"; else keras.layers.Dense({label + 1}, ...) as the output layer"
        )
    elif label < 0:
        fix = "y = np.unique(y, return_inverse=True)[1]   # labels 0..n_classes-1"
    else:
        fix = f"keras.layers.Dense({label + 1}, ...)   # one unit per class; or remap the labels to 0..{classes - 1}"
    return KD205.finding(
        f"A target label is {label}, outside [0, {classes}): the model has {classes} output units, so a sparse "
        f"categorical loss needs labels 0..{classes - 1}.",
        where=f"{name} targets",
        fix=fix,
    )


# ---- KD206 output-units-vs-classes -------------------------------------------------------


def unused_units(*, where: str, output: OutputFacts, t: TargetFacts, plan: Plan = None) -> Finding:
    n = len(t.classes)
    return KD206.finding(
        f"{_says(t.where, 'holds')} {n} classes (0..{n - 1}), but {head(output)} has {output.units}: "
        f"{output.units - n} {'unit never sees' if output.units - n == 1 else 'units never see'} a target.",
        where=where,
        severity=WARNING,
        **_fixed(plan, f'keras.layers.Dense({n}, activation="{output.activation}")'),
    )


def fold_lacks_classes(finding: Finding) -> Finding:
    """KD206 about the model of one fold of a search whose training parts lack classes (KD302): the
    output is as wide as the data's classes, so the advice to narrow it is replaced by KD302's."""
    return finding.replace(
        message=finding.message
        + " This fit is one fold of the search above, whose training part lacks classes the data has "
        "(KD302): the output is right for the data; the folds are not.",
        fix="# keep the output layer; make every training fold hold every class: the fix of KD302 above",
        remedy=None,
        severity=WARNING,
    )


def _effect(shapes: LossShapes, t: TargetFacts) -> str:
    """What Keras does with the two shapes, in a sentence."""
    if shapes.outcome == "broadcasts":
        return (
            f"Keras broadcasts targets of shape {show(shapes.target)} against outputs of shape {show(shapes.output)} "
            "(batch axis first) and trains without complaint, on the wrong problem."
        )
    return f"Keras stops at the first step with '{shapes.keras_says}'."


def width_mismatch(*, where: str, output: OutputFacts, t: TargetFacts, got: str, shapes: LossShapes) -> Finding:
    """KD206: the output's width against the targets' (``got`` says what the targets hold)."""
    units = output.units
    activation = _activation_for(output, t.width)
    return KD206.finding(
        f"{_head(output)} produces {units} {_plural(units, 'value')} per "
        f"{'time step' if len(output.shape) == 3 else 'example'}, but {got}. {_effect(shapes, t)}",
        where=where,
        fix=f"keras.layers.Dense({t.width}{activation})   # one unit per target column",
    )


def _activation_for(output: OutputFacts, units: int) -> str:
    """The activation argument of a Dense(units) that replaces the output layer: its own, except softmax on
    one unit (always 1.0, KD207), which becomes sigmoid."""
    if output.activation in ("linear", None):
        return ""
    return f", activation={'sigmoid' if output.activation == 'softmax' and units == 1 else output.activation!r}"


def axes_mismatch(*, where: str, output: OutputFacts, t: TargetFacts, seen: str, shapes: LossShapes) -> Finding:
    """KD206: targets and outputs of the same rank whose axes before the last differ (an autoencoder whose
    decoder gives 32 x 32 images for 28 x 28 targets)."""
    o, target = tuple(output.shape[1:]), tuple(t.example_shape)
    if len(o) == 3 and None not in target[:2]:
        fix = (
            f"keras.layers.Resizing({target[0]}, {target[1]})   # after the output layer: "
            f"{show(o[:2])} -> {show(target[:2])}; or change the decoder's strides/padding"
        )
    else:
        fix = f"# make the model's output {show(target)} per example: the targets' shape"
    return KD206.finding(
        f"{_head(output)} gives outputs of shape {show(o)} per example, but {_says(t.where, 'holds')} "
        f"targets of shape {show(target)}{seen}. " + _effect(shapes, t),
        where=where,
        fix=fix,
    )


def rank_mismatch(
    *,
    where: str,
    output: OutputFacts,
    t: TargetFacts,
    seen: str,
    extra: bool,
    shapes: LossShapes,
    loss: LossFacts,
    y: str,
) -> Finding:
    """KD206: targets (named ``y`` in a fix) with an axis the output lacks (``extra``), or without one it has."""
    o, target = tuple(output.shape[1:]), tuple(t.example_shape)
    rnn = output.recurrent
    if extra:
        relation = f"{_per_example(target)} per example, while the model gives one output of shape {show(o)}"
        if rnn is not None and not rnn.return_sequences:
            relation += (
                f": a target for each of {target[0]} time steps, but layer {rnn.name!r} returns its last step only"
            )
            fix = _recurrent_fix(rnn, True) + f"   # layer {rnn.name!r}: one output per time step"
            fix += f"\n# or, if each sequence has one label: {y} = {y}[:, -1]   # targets {show(target[1:])}"
        else:
            dims = ", ".join(map(str, o))
            fix = f"{y} = {y}.reshape((len({y}), {dims}))   # one target of the output's shape per example"
            if math.prod(d or 1 for d in target) != math.prod(d or 1 for d in o):
                fix = (
                    f"# {show(target)} targets cannot be reshaped to the output's {show(o)}: "
                    f"encode one target of shape {show(o)} per example"
                )
    else:
        relation = f"{_per_example(target)} per example, while the model gives outputs of shape {show(o)}"
        if rnn is not None and rnn.return_sequences:
            relation += f": layer {rnn.name!r} returns every time step ({o[0]}), the targets one value per sequence"
            fix = _recurrent_fix(rnn, False) + f"   # layer {rnn.name!r}: one output per sequence (its last step)"
        else:
            kept = ", ".join("?" if d is None else str(d) for d in o[:-1])
            relation += f": the output keeps the axes ({kept}) that the targets do not have"
            units = t.width if loss.kind not in ("sparse_categorical_crossentropy",) else output.units
            activation = _activation_for(output, units)
            fix = (
                "keras.layers.Flatten()   # before the output layer (or GlobalAveragePooling), then:\n"
                f"keras.layers.Dense({units}{activation})"
            )
    return KD206.finding(
        f"{_head(output)} does not fit its targets: {_says(t.where, 'holds')} {relation}{seen}. " + _effect(shapes, t),
        where=where,
        fix=fix,
    )


def _per_example(shape: tuple) -> str:
    """ "one value", "a target of shape (40, 12)"."""
    return "one value" if shape in ((), (1,)) else f"a target of shape {show(shape)}"


def _recurrent_fix(rnn: RecurrentFacts, return_sequences: bool) -> str:
    flag = ", return_sequences=True" if return_sequences else ""
    layer = f"keras.layers.{rnn.kind}({rnn.units if rnn.units is not None else 'units'}{flag})"
    return f"keras.layers.Bidirectional({layer})" if rnn.bidirectional else layer


# ---- KD207 activation-loss-mismatch ------------------------------------------------------


def softmax_on_one_unit(*, output: OutputFacts, plan: Plan = None) -> Finding:
    return KD207.finding(
        f"Output {output.name!r} applies softmax to a single unit: softmax normalises over the "
        "units, so it always outputs 1.0 and the model cannot learn. For two classes use one "
        "sigmoid unit with binary_crossentropy.",
        where=output.where,
        **_fixed(plan, 'keras.layers.Dense(1, activation="sigmoid")   # with loss="binary_crossentropy"'),
    )


def activation_applied_twice(*, output: OutputFacts, loss: LossFacts, plan: Plan = None) -> Finding:
    act = output.activation
    return KD207.finding(
        f"Loss {loss.spelled} takes logits (from_logits=True), but {head(output)} already applies "
        f"{act}: the activation is applied twice, which flattens the gradients and slows or stalls "
        "training without any error.",
        where=output.where,
        **_fixed(plan, f"keras.layers.Dense({output.units})   # no activation: the loss applies {act} itself"),
    )


def logits_into_probability_loss(
    *, output: OutputFacts, loss: LossFacts, model: str, multi_output: bool, plan: Plan = None
) -> Finding:
    return KD207.finding(
        f"Output {output.name!r} is linear (logits), but loss {loss.spelled} expects probabilities "
        "(from_logits=False): Keras clips the logits into (0, 1), which distorts the loss.",
        where=output.where,
        severity=WARNING,
        **_fixed(
            plan,
            output_compile_fix(model, output, multi_output, f"keras.losses.{loss_class(loss.kind)}(from_logits=True)"),
        ),
    )


def binary_loss_on_softmax(
    *, output: OutputFacts, loss: LossFacts, model: str, multi_output: bool, plan: Plan = None
) -> Finding:
    return KD207.finding(
        f"{loss.spelled} on {head(output)}: binary cross-entropy treats each of the "
        f"{output.units} units as a separate yes/no question, while softmax makes them compete: "
        "the loss does not measure the one-of-n choice the head makes, and its value is "
        "misleading.",
        where=output.where,
        severity=WARNING,
        **_fixed(plan, output_compile_fix(model, output, multi_output, '"categorical_crossentropy"')),
    )


def categorical_loss_on_sigmoid(*, output: OutputFacts, loss: LossFacts, plan: Plan = None) -> Finding:
    return KD207.finding(
        f"{loss.spelled} on {head(output)}: categorical cross-entropy assumes exactly one class "
        "per example, but sigmoid scores each class independently (multi-label). For mutually "
        "exclusive classes use softmax; for multi-label targets use binary_crossentropy.",
        where=output.where,
        severity=WARNING,
        **_fixed(plan, f'keras.layers.Dense({output.units}, activation="softmax")'),
    )


# ---- KD208 loss-missing-for-output -------------------------------------------------------


def _every_output(model: str, names: list[str]) -> str:
    return compile_fix(model, "{" + ", ".join(f"{n!r}: ..." for n in names) + "}", "")


def loss_key_names_no_output(*, key: str, names: list[str], model: str) -> Finding:
    return KD208.finding(
        f"The loss dict has a key {key!r}, but the model has no output of that name (its outputs "
        f"are {names}); Keras stops at the first step with 'Expected keys ... in loss dict'.",
        where=f"{model}.compile(loss=...)",
        fix=_every_output(model, names),
    )


def output_without_loss(
    *, output: OutputFacts, container: str, on_purpose: bool, as_dict: bool, names: list[str], model: str
) -> Finding:
    """KD208: an output the loss list or dict (``container``: its type's name) leaves without a loss."""
    if on_purpose:
        effect = "so it receives no gradient from its targets (fine only if another loss trains it)."
    elif as_dict:
        effect = (
            "so Keras stops at the first step with 'Expected keys ... in loss dict'; "
            "use None for an output that really needs no loss."
        )
    else:
        effect = (
            "so it receives no gradient from its targets; Keras trains anyway, with at most a "
            "'Gradients do not exist' warning."
        )
    how = "gets None" if on_purpose else "is not given one"
    return KD208.finding(
        f"Output {output.name!r} {how} in the loss {container}, {effect}",
        where=output.where,
        severity=WARNING if on_purpose else None,
        fix=_every_output(model, names),
    )


# ---- KD209 sample-or-class-weight-mismatch, KD210 metric-task-mismatch -----------------------

KD209 = declare(
    "KD209",
    "sample-or-class-weight-mismatch",
    ERROR,
    "`class_weight` keys that name no class; `sample_weight` of a shape Keras cannot use.",
    what="""
    Compares `class_weight` with the classes the output can predict (its units for a softmax, 0 and
    1 for a sigmoid) and with the training targets: keys that are not integers or name no class are
    errors, classes without a key a warning. Reports a `sample_weight` array with more than one value
    per example for a `(batch, units)` output, and `class_weight` given with `sample_weight`.
    """,
    why="""
    Keras looks every label up as `class_weight.get(int(label), 1.0)`: a key `"0"` or an
    off-by-one key `3` for labels 0..2 is never found, so the weighting you asked for silently
    does not happen (weight 1.0), and a class without a key gets 1.0 too. A `(N, C)` sample
    weight stops the first step with "Dimensions must be equal", naming neither argument.
    """,
)


KD210 = declare(
    "KD210",
    "metric-task-mismatch",
    WARNING,
    "A metric that does not fit the loss: `accuracy` on a regression loss, and the like.",
    what="""
    Reads the metrics given to `compile()` for each output and compares them with its loss:
    `accuracy` (any spelling) on a regression loss (`mse`, `mae`, ...); `categorical_accuracy` with
    a sparse loss (integer targets); `sparse_categorical_accuracy` with a categorical loss (one-hot
    targets); `binary_accuracy` on a multi-class softmax; `keras.metrics.Accuracy()` (exact
    equality of predictions and targets) on a classifier. `kerasdoctor lint` reports an accuracy
    metric in a `compile()` call whose loss is a regression loss.
    """,
    why="""
    The metric still prints a number every epoch. `accuracy` on a regression counts predictions
    exactly equal to their targets (about 0.0 whatever the model learns); `categorical_accuracy` on
    class ids compares every prediction with the argmax over the batch's labels. The curve
    you watch, early stopping and model selection then follow a number that says nothing.
    """,
)

# The accuracy each classification loss family goes with.
MATCHING_ACCURACY = {
    "sparse": "sparse_categorical_accuracy",
    "categorical": "categorical_accuracy",
    "binary": "binary_accuracy",
}


def class_weight_keys(*, where: str, keys: list, classes: list, source: str, fix: str, not_int: bool) -> Finding:
    """KD209: ``class_weight`` keys that name no class (``classes``: those known, per ``source``);
    ``not_int``: some keys are not integers."""
    n = len(keys)
    shown = ", ".join(_key(k) for k in keys[:MAX_VALUES_SHOWN]) + (", ..." if n > MAX_VALUES_SHOWN else "")
    return KD209.finding(
        f"class_weight has {n} {_plural(n, 'key')} that "
        + (("is not an integer" if n == 1 else "are not integers") if not_int else ("names" if n == 1 else "name"))
        + f"{'' if not_int else ' no class'} ({shown}); the classes are {_ids(classes)} ({source}). "
        "Keras looks each label up as class_weight.get(int(label), 1.0): "
        f"{'this weight is' if n == 1 else 'these weights are'} never used, and a class without a key "
        "is weighted 1.0.",
        where=where,
        fix=fix,
    )


def _key(key) -> str:
    """A class_weight key as the user wrote it: '0' for a string, 3 for any integer (NumPy's too)."""
    return repr(key) if isinstance(key, (str, bytes)) else str(key)


def _ids(classes: list) -> str:
    if len(classes) > 2 and classes == list(range(classes[0], classes[-1] + 1)):
        return f"{classes[0]}..{classes[-1]}"
    return ", ".join(map(str, classes[:MAX_VALUES_SHOWN])) + (", ..." if len(classes) > MAX_VALUES_SHOWN else "")


def classes_without_weight(*, where: str, missing: list, y: str, fix: str) -> Finding:
    """KD209 (warning): classes present in the training targets that class_weight has no key for."""
    return KD209.finding(
        f"class_weight has no key for {_plural(len(missing), 'class')} {_ids(missing)} of {y}: Keras "
        f"weights {'it' if len(missing) == 1 else 'them'} 1.0, which may not be what the other weights assume.",
        where=where,
        severity=WARNING,
        fix=fix,
    )


def balanced_class_weight(y: str, name: str = "class_weight") -> str:
    """The fix that gives every class of ``y`` (class ids) a key: scikit-learn's balanced weights."""
    return (
        "from sklearn.utils.class_weight import compute_class_weight\n"
        f"classes = np.unique({y})\n"
        f'{name} = dict(zip(classes.tolist(), compute_class_weight("balanced", classes=classes, y={y})))'
    )


def sample_weight_shape(*, where: str, shape: tuple, output: OutputFacts, name: str) -> Finding:
    """KD209: a sample_weight with more than one value per example for a (batch, units) output."""
    per_example = 1
    for d in shape[1:]:
        per_example *= d
    return KD209.finding(
        f"sample_weight has shape {show(shape)}: {per_example} values per example, but the loss of "
        f"{head(output)} is one number per example, so Keras stops at the first step with 'Dimensions "
        "must be equal'. A sample weight is one number per example, of shape (N,).",
        where=where,
        fix=f"{name} = {name}.reshape(len({name}), -1).mean(axis=1)   # one weight per example\n"
        "# (per-class weights: class_weight={class_id: weight} instead)",
    )


def metric_mismatch(*, output: OutputFacts, loss: LossFacts, metric: str, right: str, why: str, fix: str) -> Finding:
    """KD210: ``metric`` on ``output`` does not fit its loss; ``right``: the metric that does."""
    return KD210.finding(
        f"metrics={[metric]!r} on {head(output)} with loss {loss.spelled}: {why} Use {right}.",
        where=output.where,
        fix=fix,
    )


def metric_mismatch_in_source(*, metric: str, loss: str, fixed_call: str) -> Finding:
    """KD210 from source: ``compile(loss=<regression>, metrics=[... 'accuracy' ...])``."""
    return KD210.finding(
        f"metric {metric!r} with the regression loss {loss!r}: accuracy counts predictions exactly equal to "
        "their targets, about 0 whatever the model learns",
        fix=fixed_call,
    )
