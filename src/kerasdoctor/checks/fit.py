"""The checks that run before Model.fit, and `check_fit` that runs them.

Like scikit-learn's estimator checks, `fit_checks` yields the checks that
apply to the objects at hand; checks that do not apply raise Skip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any, Iterator

from ..findings import Report
from ..facts.data import DataFacts, data_facts, split_validation, validation_facts
from ..facts.model import ModelFacts, model_facts
from ..facts.names import user_name
from . import Check, crashed, run_checks
from . import compile as compile_checks
from . import data as data_checks
from . import losses as loss_checks

DATA_CHECKS = (
    ("inspected", data_checks.check_inspected),
    ("batch-size-ignored", data_checks.check_batch_size_ignored),
    ("size", data_checks.check_size),
    ("input-structure", data_checks.check_input_structure),
    ("input-shapes", data_checks.check_input_shapes),
    ("targets", loss_checks.check_targets),
)


@dataclass
class FitContext:
    model: ModelFacts
    train: DataFacts
    validation: DataFacts | None
    args: dict[str, Any]                      # fit()'s other arguments, as given
    # id -> (an object fit() received, the name a fix gives it when the user's frame has none)
    nameable: dict[int, tuple[Any, str]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)   # the names looked up so far, by id
    matched: dict[int, tuple] = field(default_factory=dict, repr=False)   # id(DataFacts) -> match_inputs

    def inputs_matched(self, data: DataFacts) -> tuple[list, list[str]]:
        """`checks.data.match_inputs` of the model's inputs and ``data.x``, paired once per data for the
        structure, shape and target checks that all read it. The model's inputs must be known."""
        key = id(data)
        if key not in self.matched:
            self.matched[key] = data_checks.match_inputs(self.model.inputs, data.x)
        return self.matched[key]

    def name_of(self, obj, default: str) -> str:
        """The user's variable name for obj, one of the objects fit() received (``default`` for any other).

        Looked up on first use and remembered: the frame walk scans the user's
        locals and globals, and only a finding with a fix needs it. `user_name`
        skips our frames (and Keras'), so from inside a check it still reaches
        the frame that called kd.check or fit().
        """
        key = id(obj)
        if key not in self.names:
            if key not in self.nameable:
                return default
            candidate, fallback = self.nameable[key]
            self.names[key] = user_name(candidate, fallback)
        return self.names[key]


def fit_checks(ctx: FitContext) -> Iterator[tuple[str, Check]]:
    yield "model-built", compile_checks.check_model_built
    yield "compiled", compile_checks.check_compiled
    yield "loss-given", compile_checks.check_loss_given
    yield "activation-loss", loss_checks.check_activation_loss
    yield "losses-cover-outputs", loss_checks.check_losses_cover_outputs
    for data in (ctx.train, ctx.validation):
        if data is None:
            continue
        for name, check in DATA_CHECKS:
            yield f"{name}({data.where})", partial(check, data=data)


def _nameable(*objects) -> dict[int, tuple[Any, str]]:
    # a later object with the same id replaces an earlier one, default included
    return {id(obj): (obj, default) for obj, default in objects if obj is not None}


# fit()'s arguments that kd.check takes (its own signature); the others (verbose, callbacks, shuffle,
# initial_epoch, validation_freq) change how training runs, not what it is fed.
CHECKED_ARGUMENTS = ("x", "y", "batch_size", "epochs", "validation_split", "validation_data", "class_weight",
                     "sample_weight", "steps_per_epoch", "validation_steps", "validation_batch_size")


def check_arguments(call: dict[str, Any]) -> dict[str, Any]:
    """`check_fit`'s keyword arguments for a fit() call's arguments by name (the model apart), as a
    hook binds them; evaluate()/predict()'s ``steps`` stands for steps_per_epoch."""
    args = {name: call[name] for name in CHECKED_ARGUMENTS if name in call}
    if "steps" in call:
        args.setdefault("steps_per_epoch", call["steps"])
    return args


def check_fit(model, x=None, y=None, *, validation_data=None, **args) -> Report:
    """Run every pre-fit check on exactly what fit() would receive."""
    import keras

    if not isinstance(model, keras.Model):   # the caller's mistake: say so plainly
        raise TypeError(f"kd.check expected a keras.Model as its first argument, got {type(model).__name__}")
    title = f"kerasdoctor: model {model.name!r}"
    report = Report(title=title)
    try:
        facts = model_facts(model)
        train = data_facts(x, y, where="x")
        validation = validation_facts(validation_data)
    except Exception as error:   # a fact we could not gather must not stop the user's program
        report.findings.append(crashed("inspect", error))
        return report
    _, y_val = split_validation(validation_data)
    ctx = FitContext(facts, train, validation, args, _nameable((model, "model"), (x, "ds"), (y, "y"),
                                                               (validation_data, "val"), (y_val, "y_val")))
    return report.extend(run_checks(fit_checks(ctx), ctx, title))
