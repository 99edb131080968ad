"""The checks that run before Model.fit (and evaluate/predict), and `check_fit` that runs them.

Like scikit-learn's estimator checks, `fit_checks` yields the checks that
apply to the objects at hand; checks that do not apply raise Skip. The checks
register themselves (`codes.detects`): the model's (kind FIT) run once, the
data's (kind FIT_DATA) once for ``x`` and once for ``validation_data``, then
those that read what the others skipped (kind FIT_REPORT). The facts they
share are gathered once, on first use, by `FitContext`. A model that declares
no input shape is checked on a symbolic build for the data (`facts.symbolic`).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from ..codes.data import KD101, KD103
from ..codes.model import KD401
from ..codes.registry import FIT, FIT_DATA, FIT_REPORT, detectors
from ..facts.data import SELF_BATCHING, DataFacts, data_facts, split_validation, validation_facts
from ..facts.guest import random_state_kept
from ..facts.model import ModelFacts, model_facts
from ..facts.names import user_name
from ..facts.pairing import elements_are_batches, match_inputs
from ..facts.sampling import Sample, sample_data
from ..facts.symbolic import symbolic_build
from ..facts.targets import TargetsRead, read_targets
from ..facts.values import DataValues, data_values
from ..findings import Report
from . import Check, Skip, crashed, run_checks
from . import compile as _compile  # noqa: F401  (registers its checks; this import order is the report's order)
from . import data as _data  # noqa: F401
from . import distribution as _distribution  # noqa: F401
from . import layouts as _layouts  # noqa: F401
from . import losses as _losses  # noqa: F401
from . import metrics as _metrics  # noqa: F401
from . import ordering as _ordering  # noqa: F401
from . import preprocessing as _preprocessing  # noqa: F401
from . import scaling as _scaling  # noqa: F401
from . import values as _values  # noqa: F401
from . import weights as _weights  # noqa: F401
from .data import judge_shape

DEFAULT_INSPECT_BATCHES = 2
CALLS = ("fit", "evaluate", "predict")  # the Model methods whose arguments can be checked
# the datasets the user has let kerasdoctor read despite side effects (inspect_unsafe=True), as long as
# they live
_ALLOWED: weakref.WeakSet = weakref.WeakSet()


@dataclass(frozen=True)
class CheckOptions:
    """kerasdoctor's own options for one check (never the user's fit() arguments)."""

    inspect_batches: int = DEFAULT_INSPECT_BATCHES  # dataset elements read to compare targets with the loss
    inspect_unsafe: bool = False  # read even a pipeline with side effects


@dataclass
class FitContext:
    model: ModelFacts
    train: DataFacts
    validation: DataFacts | None
    args: dict[str, Any]  # fit()'s other arguments, as given
    options: CheckOptions = field(default_factory=CheckOptions)
    validation_weights: Any = None  # validation_data's third item (its sample weights), if any
    call: str = "fit"  # the method the arguments are for: "fit", "evaluate" or "predict"
    # id -> (an object fit() received, the name a fix gives it when the user's frame has none)
    nameable: dict[int, tuple[Any, str]] = field(default_factory=dict)
    _names: dict[int, str] = field(default_factory=dict, repr=False)  # the names looked up so far, by id
    _facts: dict[tuple, Any] = field(default_factory=dict, repr=False)  # (what, id(DataFacts)) -> the fact

    def _once(self, what: str, data: DataFacts | None, gather):
        key = (what, id(data))
        if key not in self._facts:
            self._facts[key] = gather()
        return self._facts[key]

    def once(self, what: str, data: DataFacts | None, gather):
        """A fact gathered once for all the checks that read it (``data`` None: one for the model)."""
        return self._once(what, data, gather)

    def inputs_matched(self, data: DataFacts) -> tuple[list, list[str]]:
        """`facts.pairing.match_inputs` of the model's inputs and ``data.x``, paired once per data for the
        structure, shape and target checks that all read it. The model's inputs must be known."""
        return self._once("inputs", data, lambda: match_inputs(self.model.inputs, data.x))

    def elements_batched(self, data: DataFacts) -> bool:
        """Whether a dataset's elements are batches, judged as the input-shape check does (an element
        with exactly one example's shape is unbatched, KD101)."""

        def gather():
            known = data.x is not None and self.model.inputs is not None
            return elements_are_batches(self.inputs_matched(data)[0] if known else [])

        return self._once("batched", data, gather)

    def sample(self, data: DataFacts) -> Sample:
        """A dataset's elements from one fresh iteration (`facts.sampling.sample_data`), read once for every
        check that needs values, under the options' budget and safety rules."""
        return self._once(
            "sample", data, lambda: sample_data(data, self.options.inspect_batches, self._unsafe_allowed(data))
        )

    def _unsafe_allowed(self, data: DataFacts) -> bool:
        """``inspect_unsafe=True`` now, or given before for this very dataset (`kd.check(model, ds,
        inspect_unsafe=True)` as KD901's fix says, then the hooked ``fit(ds)``): the user allowed it once."""
        try:
            if self.options.inspect_unsafe:
                _ALLOWED.add(data.source)
            return self.options.inspect_unsafe or data.source in _ALLOWED
        except TypeError:  # an object that takes no weak reference (or no hash): only this call's option
            return self.options.inspect_unsafe

    def values(self, data: DataFacts) -> DataValues:
        """The values of x, y and sample_weight in ``data`` (`facts.values.data_values`), read once."""
        weights = self.args.get("sample_weight") if data is self.train else self.validation_weights
        batched = self.elements_batched(data) if data.kind == "dataset" else True
        return self._once("values", data, lambda: data_values(data, lambda: self.sample(data), weights, batched))

    def targets(self, data: DataFacts, values_needed: bool) -> TargetsRead:
        """The targets of ``data``, read once (`facts.targets.read_targets`) under the options' budget."""
        return self._once(
            "targets",
            data,
            lambda: read_targets(
                data,
                self.elements_batched(data) if data.kind == "dataset" else True,
                values_needed,
                lambda: self.sample(data),
            ),
        )

    def model_unknown(self, what: str) -> Skip:
        """The Skip of a check that needs the model's ``what`` ("inputs", "outputs") when they are not known."""
        build = self.model.symbolic
        if build is not None and build.error is not None:
            return Skip(f"the model's {what} are not known: Keras cannot build it for the examples of {build.source}")
        return Skip(f"the model's {what} are not known yet ({KD401})")

    def double_batched(self, data: DataFacts) -> bool:
        """Whether a dataset's elements carry a batch axis too many (KD103), as the input-shape check judges."""

        def gather():
            if data.kind != "dataset" or data.x is None or self.model.inputs is None:
                return False
            pairs, _ = self.inputs_matched(data)
            for model_input, _, leaf in pairs:
                if leaf.shape is not None:
                    return judge_shape(leaf.shape, model_input.example_shape, None).code is KD103
            return False

        return self._once("double", data, gather)

    def single_example(self, data: DataFacts) -> bool:
        """Whether an array of ``data`` is one example without its batch axis (KD101, ``model.predict(image)``)."""

        def gather():
            if data.kind != "arrays" or data.x is None or self.model.inputs is None:
                return False
            pairs, _ = self.inputs_matched(data)
            return any(
                leaf.shape is not None and judge_shape(leaf.shape, i.example_shape, True).code is KD101
                for i, _, leaf in pairs
            )

        return self._once("single", data, gather)

    @property
    def trains(self) -> bool:
        """Whether the call computes a loss (fit, evaluate): predict() needs neither compile() nor targets."""
        return self.call != "predict"

    def steps_argument(self, data: DataFacts) -> str:
        """The argument that counts ``data``'s batches for this call."""
        if data.where != "x":
            return "validation_steps"
        return "steps_per_epoch" if self.call == "fit" else "steps"

    def name_of(self, obj, default: str) -> str:
        """The user's variable name for obj, one of the objects fit() received (``default`` for any other).

        Looked up on first use and remembered: the frame walk scans the user's
        locals and globals, and only a finding with a fix needs it. `user_name`
        skips our frames (and Keras'), so from inside a check it still reaches
        the frame that called kd.check or fit().
        """
        key = id(obj)
        if key not in self._names:
            if key not in self.nameable:
                return default
            candidate, fallback = self.nameable[key]
            self._names[key] = user_name(candidate, fallback)
        return self._names[key]


def fit_checks(ctx: FitContext, report: Report) -> Iterator[tuple[str, Check]]:
    """The checks that apply to this fit() (a check about strategies applies only when one is in play); the
    report's own checks last, as they read what the others skipped."""
    applicable = {id(d): _applies(d, ctx) for d in detectors(FIT) + detectors(FIT_DATA)}
    for detector in detectors(FIT):
        if applicable[id(detector)]:
            yield detector.name, detector.target
    for data in (ctx.train, ctx.validation):
        if data is None:
            continue
        for detector in detectors(FIT_DATA):
            if applicable[id(detector)]:
                yield f"{detector.name}({data.where})", partial(detector.target, data=data)
    for detector in detectors(FIT_REPORT):  # after the others: they read what was skipped
        yield detector.name, partial(detector.target, report=report)


def _applies(detector, ctx) -> bool:
    try:
        return detector.applies is None or bool(detector.applies(ctx))
    except Exception:  # a gate that fails: run the check, whose own failure then becomes KD900
        return True


def _nameable(*objects) -> dict[int, tuple[Any, str]]:
    # a later object with the same id replaces an earlier one, default included
    return {id(obj): (obj, default) for obj, default in objects if obj is not None}


def _parts(x, default: str) -> list[tuple[Any, str]]:
    """The arrays inside a list or dict x, which a fix may name (``model.predict([row])``: ``row``)."""
    if isinstance(x, dict):
        return [(v, default) for v in x.values()]
    if isinstance(x, (list, tuple)) and len(x) <= 16:
        return [(v, default) for v in x]
    return []


# fit()'s arguments that kd.check takes (its own signature); the others (verbose, callbacks, shuffle,
# initial_epoch, validation_freq) change how training runs, not what it is fed.
CHECKED_ARGUMENTS = (
    "x",
    "y",
    "batch_size",
    "epochs",
    "initial_epoch",
    "validation_split",
    "validation_data",
    "class_weight",
    "sample_weight",
    "steps_per_epoch",
    "validation_steps",
    "validation_batch_size",
)


def check_arguments(call: dict[str, Any]) -> dict[str, Any]:
    """`check_fit`'s keyword arguments for a fit/evaluate/predict call's arguments by name (the model
    apart), as a hook binds them; evaluate()/predict()'s ``steps`` stands for steps_per_epoch."""
    args = {name: call[name] for name in CHECKED_ARGUMENTS if name in call}
    if "steps" in call:
        args.setdefault("steps_per_epoch", call["steps"])
    return args


def check_fit(
    model,
    x=None,
    y=None,
    *,
    validation_data=None,
    options: CheckOptions | None = None,
    call: str = "fit",
    **args,
) -> Report:
    """Run every check on exactly what fit() (or ``call``: evaluate, predict) would receive."""
    import keras

    if not isinstance(model, keras.Model):  # the caller's mistake: say so plainly
        raise TypeError(f"kd.check expected a keras.Model as its first argument, got {type(model).__name__}")
    # The checks run some of the user's code (a PyDataset's __getitem__, a fresh iteration of a
    # dataset): whatever random stream that draws from is put back, so a seeded run trains the same.
    with random_state_kept(x, validation_data):
        return _check_fit(model, x, y, validation_data, options or CheckOptions(), call, args)


def _check_fit(model, x, y, validation_data, options: CheckOptions, call: str, args: dict) -> Report:
    title = f"kerasdoctor: model {model.name!r}" + ("" if call == "fit" else f", {call}()")
    report = Report(title=title)
    try:
        facts = model_facts(model)
        train = data_facts(x, y, where="x")
        validation = validation_facts(validation_data)
        if facts.inputs is None or facts.outputs is None:  # Keras builds it from the first batch: so do we
            build = symbolic_build(model, train, facts.kind)
            facts = replace(facts, inputs=build.inputs, outputs=build.outputs, symbolic=build)
    except Exception as error:  # a fact we could not gather must not stop the user's program
        report.findings.append(crashed("inspect", error, then="so no check could run"))
        return report
    x_val, y_val = split_validation(validation_data)
    w_val = validation_data[2] if isinstance(validation_data, (tuple, list)) and len(validation_data) == 3 else None
    ctx = FitContext(
        facts,
        train,
        validation,
        args,
        options,
        w_val,
        call,
        _nameable(
            (model, "model"),
            *_parts(x, "x"),
            (x, "ds" if train.kind in SELF_BATCHING else "x"),
            (y, "y"),
            (args.get("sample_weight"), "sample_weight"),
            (args.get("class_weight"), "class_weight"),
            (validation_data, "val"),
            (x_val, "x_val"),
            (y_val, "y_val"),
            (w_val, "sw_val"),
        ),
    )
    return run_checks(fit_checks(ctx, report), ctx, title, report)
