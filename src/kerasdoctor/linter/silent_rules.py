"""Lint rules for silent mistakes visible in source: shuffle() after batch() (KD113), a preprocessing layer
never adapted (KD116), accuracy with a regression loss (KD210)."""

from __future__ import annotations

import ast

from ..codes import data as data_codes
from ..codes import targets as target_codes
from ..codes.registry import LINT_CALL, detects
from . import known
from .data_rules import short
from .tracker import DATASET, MODEL, Scope, Tracker, argument, callees, keyword

# ---- KD113: shuffle() after batch() ----------------------------------------------------------


def _batch_level(ops: tuple) -> bool:
    """Whether a shuffle applied after ``ops`` moves batches: a batch the source shows, not undone by
    unbatch(), with no shuffle of the examples before it."""
    level, shuffled_examples = 0, False
    for op in ops:
        if op in known.ADDS_BATCH_AXIS:
            if level == 0 and not shuffled_examples:
                level = 1
            else:
                level += 1
        elif op == "unbatch":
            level = max(0, level - 1)
        elif op == "shuffle" and level == 0:
            shuffled_examples = True
    return level > 0 and not shuffled_examples


def _swapped(call: ast.Call) -> str | None:
    """``x.batch(b).shuffle(n)`` (with steps between) rewritten as ``x.shuffle(n).batch(b)...``; None when
    the batch() is not in the same expression."""
    node = call.func.value
    chain = []
    while type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr in known.TRANSFORMATIONS:
        chain.append(node)
        if node.func.attr in known.ADDS_BATCH_AXIS:
            inner = node.func.value
            shuffle = ast.Call(ast.Attribute(inner, "shuffle", ast.Load()), call.args, call.keywords)
            rebuilt: ast.expr = shuffle
            for step in reversed(chain):
                rebuilt = ast.Call(ast.Attribute(rebuilt, step.func.attr, ast.Load()), step.args, step.keywords)
            return ast.unparse(rebuilt)
        node = node.func.value
    return None


@detects(data_codes.KD113, kind=LINT_CALL, name="shuffle-after-batch")
@callees("shuffle")
def shuffle_after_batch(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    func = call.func
    if type(func) is not ast.Attribute or func.attr != "shuffle":
        return
    receiver = tracker.value(func.value, scope)
    if receiver is None or receiver.kind != DATASET or not _batch_level(receiver.info.get("ops", ())):
        return
    tracker.emit(call, data_codes.shuffle_after_batch_in_source(call=short(call), fix=_swapped(call)))


# ---- KD116: a preprocessing layer never adapted ----------------------------------------------

# The layers that need adapt() and the arguments that give them their state instead.
STATE_ARGUMENTS = {
    "Normalization": ("mean", "variance"),
    "StringLookup": ("vocabulary",),
    "IntegerLookup": ("vocabulary",),
    "TextVectorization": ("vocabulary",),
    "Discretization": ("bin_boundaries",),
}
# Methods that give a layer its state another way (or load it).
STATE_METHODS = {"adapt", "set_vocabulary", "set_weights", "load_own_variables"}


def _adapt_facts(tracker: Tracker) -> tuple[dict, set, bool]:
    """(the name each call's result is assigned to, by id; the names that get state; whether the file
    calls adapt() or loads weights on anything else), gathered in one walk, once per file."""
    cached = tracker.__dict__.get("_kd116")
    if cached is not None:
        return cached
    bound, stateful, elsewhere = {}, set(), False
    for node in ast.walk(tracker.tree):
        kind = type(node)
        if kind is ast.Assign and len(node.targets) == 1 and type(node.targets[0]) is ast.Name:
            bound[id(node.value)] = node.targets[0].id
        elif kind is ast.Attribute and node.attr in STATE_METHODS | {"load_weights"}:
            if type(node.value) is ast.Name and node.attr in STATE_METHODS:
                stateful.add(node.value.id)
            else:
                elsewhere = True
    tracker.__dict__["_kd116"] = bound, stateful, elsewhere
    return bound, stateful, elsewhere


@detects(data_codes.KD116, kind=LINT_CALL, name="never-adapted")
@callees(*STATE_ARGUMENTS)
def never_adapted(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    q = tracker.qualname(call.func, scope)
    if q is None or not q.startswith("keras.layers."):
        return
    kind = q.rsplit(".", 1)[1]
    if (
        kind not in STATE_ARGUMENTS
        or call.args
        or any(k.arg is None or k.arg in STATE_ARGUMENTS[kind] for k in call.keywords)
    ):
        return
    bound, stateful, elsewhere = _adapt_facts(tracker)
    name = bound.get(id(call))
    if elsewhere or (name is not None and name in stateful):
        return
    tracker.emit(call, data_codes.unadapted_layer_in_source(call=ast.unparse(call), name=name, kind=kind))


# ---- KD210: accuracy with a regression loss ----------------------------------------------------

REGRESSION_LOSSES = {
    "mse",
    "mae",
    "mape",
    "msle",
    "mean_squared_error",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error",
    "huber",
    "log_cosh",
    "logcosh",
    "poisson",
    "MeanSquaredError",
    "MeanAbsoluteError",
    "MeanAbsolutePercentageError",
    "MeanSquaredLogarithmicError",
    "Huber",
    "LogCosh",
    "Poisson",
}
ACCURACY_NAMES = {"accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy"}


def _regression_loss(tracker: Tracker, loss: ast.AST | None, scope: Scope) -> str | None:
    if type(loss) is ast.Constant and isinstance(loss.value, str):
        return loss.value if loss.value in REGRESSION_LOSSES else None
    target = loss.func if type(loss) is ast.Call else loss
    q = tracker.qualname(target, scope) if target is not None else None
    if q is not None and q.startswith("keras.losses.") and q.rsplit(".", 1)[1] in REGRESSION_LOSSES:
        return ast.unparse(loss)
    return None


@detects(target_codes.KD210, kind=LINT_CALL, name="accuracy-with-regression-loss")
@callees("compile")
def accuracy_with_regression_loss(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    func = call.func
    if type(func) is not ast.Attribute or func.attr != "compile":
        return
    model = tracker.value(func.value, scope)
    if model is None or model.kind != MODEL:
        return
    loss = _regression_loss(tracker, argument(call, 1, "loss"), scope)
    metrics = keyword(call, "metrics")
    if loss is None or type(metrics) not in (ast.List, ast.Tuple):
        return
    found = [e.value for e in metrics.elts if type(e) is ast.Constant and e.value in ACCURACY_NAMES]
    if not found:
        return
    kept = [e for e in metrics.elts if not (type(e) is ast.Constant and e.value in ACCURACY_NAMES)]
    if not any(type(e) is ast.Constant and e.value == "mae" for e in kept):
        kept.append(ast.Constant("mae"))
    keywords = [ast.keyword("metrics", ast.List(kept, ast.Load())) if k.arg == "metrics" else k for k in call.keywords]
    fixed = ast.Call(func, call.args, keywords)
    tracker.emit(
        call,
        target_codes.metric_mismatch_in_source(metric=found[0], loss=loss, fixed_call=ast.unparse(fixed)),
    )
