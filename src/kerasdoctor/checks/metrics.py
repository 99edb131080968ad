"""The metrics given to compile() against each output's loss (KD210).

Verified on Keras 3.15 (tests/checks/test_weights_metrics.py): the string
"accuracy" is resolved from the loss and output (binary, categorical or sparse
accuracy), but on a regression loss it becomes exact-equality accuracy, about
0.0; an explicit `categorical_accuracy` with a sparse loss reports nonsense without
an error (`categorical_accuracy` takes the argmax of the targets over their
last axis, which for class ids is the batch); `keras.metrics.Accuracy()` is
exact equality whatever the loss.
"""

from __future__ import annotations

from ..codes import targets as codes
from ..codes.registry import FIT, detects
from ..facts.losses import BINARY, CATEGORICAL, REGRESSION, SPARSE, LossFacts
from ..facts.model import OutputFacts
from . import Skip

# Metric names as compile() receives them (strings) or as get_compile_config() serialises objects.
RESOLVED_ACCURACY = {"accuracy", "acc"}  # Keras picks binary / categorical / sparse from the loss
EXACT = {"Accuracy"}  # keras.metrics.Accuracy(): predictions equal to targets
ACCURACIES = {
    "binary_accuracy": "binary",
    "BinaryAccuracy": "binary",
    "categorical_accuracy": "categorical",
    "CategoricalAccuracy": "categorical",
    "sparse_categorical_accuracy": "sparse",
    "SparseCategoricalAccuracy": "sparse",
}


def _family(loss: LossFacts) -> str | None:
    for family, kinds in (("sparse", SPARSE), ("categorical", CATEGORICAL), ("binary", BINARY)):
        if loss.kind in kinds:
            return family
    return "regression" if loss.kind in REGRESSION else None


def _name(metric) -> str | None:
    """A metric as compile() got it: a string, a Metric object (its class), a function (its name)."""
    if isinstance(metric, str):
        return metric
    if isinstance(metric, dict):  # get_compile_config()'s serialised form
        return metric.get("class_name")
    if isinstance(metric, type):
        return metric.__name__
    if callable(metric) and hasattr(metric, "__name__") and not hasattr(metric, "get_config"):
        return metric.__name__
    return type(metric).__name__


def compiled_metrics(model):
    """The ``metrics`` compile() received. Keras 3 keeps them in ``model._compile_config`` (what
    get_compile_config() serialises, reading the optimizer's variables on the way: ~1 ms); the public
    method is the fallback."""
    config = getattr(getattr(model, "_compile_config", None), "config", None)
    if isinstance(config, dict) and "metrics" in config:
        return config["metrics"]
    return model.get_compile_config().get("metrics")


def metrics_per_output(metrics, names: list[str]) -> list[list[str]]:
    """The metric names of each output, as compile() assigns them: a flat list to every output, a dict by
    output name, a list of lists by position."""
    if metrics is None:
        return [[] for _ in names]
    if isinstance(metrics, dict):
        return [_names(metrics.get(name)) for name in names]
    if isinstance(metrics, (list, tuple)) and metrics and all(isinstance(m, (list, tuple)) for m in metrics):
        return [_names(metrics[i]) if i < len(metrics) else [] for i in range(len(names))]
    return [_names(metrics) for _ in names]


def _names(metrics) -> list[str]:
    if metrics is None:
        return []
    items = metrics if isinstance(metrics, (list, tuple)) else [metrics]
    return [n for n in map(_name, items) if n]


@detects(codes.KD210, kind=FIT, name="metrics-fit-loss")
def check_metrics(ctx):
    facts = ctx.model
    if not facts.compiled or facts.outputs is None or facts.loss is None:
        raise Skip("the model is not compiled with a loss, or its outputs are not known")
    metrics = compiled_metrics(facts.model)
    if not metrics:
        raise Skip("compile() got no metrics")
    model = ctx.name_of(facts.model, "model")
    per_output = metrics_per_output(metrics, [o.name for o in facts.outputs])
    for output, loss, names in zip(facts.outputs, facts.output_losses.per_output, per_output):
        if loss is None or loss.kind is None:
            continue
        for metric in names:
            found = _mismatch(output, loss, metric)
            if found:
                right, why = found
                yield codes.metric_mismatch(
                    output=output,
                    loss=loss,
                    metric=metric,
                    right=right,
                    why=why,
                    fix=_fix(model, output, loss, right, len(facts.outputs) > 1),
                )


def _mismatch(output: OutputFacts, loss: LossFacts, metric: str) -> tuple[str, str] | None:
    """(the metric to use, why this one says nothing), or None when it fits."""
    family = _family(loss)
    if family is None:
        return None
    if family == "regression":
        if metric in RESOLVED_ACCURACY or metric in EXACT or metric in ACCURACIES:
            return (
                '"mae" (or "mse", "RootMeanSquaredError")',
                "on a regression, accuracy counts predictions exactly equal to their targets, about 0.0 "
                "whatever the model learns.",
            )
        return None
    if metric in EXACT:
        return (
            f'"accuracy" (Keras resolves it to {codes.MATCHING_ACCURACY[family]})',
            "keras.metrics.Accuracy() counts predicted probabilities exactly equal to the targets, about 0.0.",
        )
    wanted = ACCURACIES.get(metric)
    if wanted is None or wanted == family:
        return None
    if wanted == "categorical":
        why = (
            "it takes the argmax over a batch of class ids (the position of its largest label) and compares "
            "every prediction with that number."
        )
    elif wanted == "binary":
        why = "it thresholds each unit at 0.5 and counts them as separate yes/no answers, not one choice of class."
    else:
        why = f"it expects integer class ids, but {loss.spelled} is trained on one-hot targets."
    return f'"accuracy" (Keras resolves it to {codes.MATCHING_ACCURACY[family]})', why


def _fix(model: str, output: OutputFacts, loss: LossFacts, right: str, multi_output: bool) -> str:
    metric = right.split()[0]
    metrics = f"{{{output.name!r}: [{metric}]}}" if multi_output else f"[{metric}]"
    return codes.compile_fix(model, loss.spelled, "keep your optimizer", metrics)
