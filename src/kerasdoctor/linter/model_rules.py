"""Lint rules on compile() and fit(): KD201, KD202, KD203, KD204."""

from __future__ import annotations

import ast

from ..codes import targets as codes
from ..codes.registry import LINT_CALL, detects
from . import known
from .tracker import INTLABELS, MODEL, ONEHOT, Scope, Tracker, Value, argument, callees


def _loss_family(tracker: Tracker, loss: ast.AST | None, scope: Scope) -> str | None:
    if type(loss) is ast.Constant and isinstance(loss.value, str):
        return known.loss_family(loss.value)
    target = loss.func if type(loss) is ast.Call else loss
    q = tracker.qualname(target, scope) if target is not None else None
    if q is not None and q.startswith("keras.losses."):
        return known.loss_family(q)
    return None


@detects(codes.KD201, kind=LINT_CALL)
@callees("compile")
def compile_call(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """Remember the loss family for KD203/KD204; KD201 when compile() has no loss.

    Keras' `Model.compile(optimizer="rmsprop", loss=None, ...)`: the loss is
    the second positional argument or `loss=`. A model may add its own loss
    with `add_loss` (or a `compute_loss`/`train_step` override); when the file
    shows any of these, the linter does not claim the loss is missing. Nor
    when the file shows the model is never trained: a model compiled only to
    `predict()` needs no loss (it must be fit, or escape to code that may fit it).
    """
    func = call.func
    if type(func) is not ast.Attribute or func.attr != "compile":
        return
    model = tracker.value(func.value, scope)
    if model is None or model.kind != MODEL:
        return
    loss = argument(call, 1, "loss")
    model.info["loss"] = _loss_family(tracker, loss, scope)
    if any(k.arg is None for k in call.keywords) or any(type(a) is ast.Starred for a in call.args):
        return
    if loss is not None and not (type(loss) is ast.Constant and loss.value is None):
        return
    facts = tracker.facts
    if facts.own_loss:
        return
    receiver = func.value
    if type(receiver) is ast.Name and receiver.id not in facts.trained and receiver.id not in facts.escaped:
        return  # compiled for predict()/evaluate-free use only; a loss matters to training
    name = ast.unparse(receiver)
    keywords = [k for k in call.keywords if k.arg != "loss"]
    fixed = ast.Call(
        func=func, args=call.args[:1], keywords=keywords + [ast.keyword(arg="loss", value=ast.Constant("mse"))]
    )
    tracker.emit(call, codes.missing_loss_in_source(call=ast.unparse(call), name=name, fixed_call=ast.unparse(fixed)))


@detects(codes.KD202, codes.KD203, codes.KD204, kind=LINT_CALL)
@callees("fit")
def fit_call(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    func = call.func
    if type(func) is not ast.Attribute or func.attr != "fit":
        return
    model = tracker.value(func.value, scope)
    if model is None or model.kind != MODEL:
        return
    _not_compiled(tracker, call, model)
    _targets_vs_loss(tracker, call, model, scope)


def _not_compiled(tracker: Tracker, call: ast.Call, model: Value) -> None:
    """KD202: fit() on a model built right here and compiled nowhere in the file.

    Only models constructed in the file (keras.Sequential/Model/applications,
    a keras.Model subclass) qualify: a model returned by a function or loaded
    with load_model may come compiled. A name that ever escapes (passed to a
    function, stored in a list) may be compiled elsewhere: no finding.
    """
    receiver = call.func.value
    if model.origin != "constructed" or type(receiver) is not ast.Name:
        return
    facts = tracker.facts
    if receiver.id in facts.compiled or receiver.id in facts.escaped:
        return
    cls = model.info.get("class")
    if cls is not None and (cls.compiles or cls.overrides_fit):
        return
    tracker.emit(call, codes.not_compiled_in_source(name=receiver.id))


def _targets_vs_loss(tracker: Tracker, call: ast.Call, model: Value, scope: Scope) -> None:
    """KD203/KD204: to_categorical targets with a sparse loss, integer ids with a categorical one."""
    family = model.info.get("loss")
    if family is None:
        return
    y = argument(call, 1, "y")
    targets = tracker.value(y, scope)
    if targets is None:
        return
    if targets.kind == ONEHOT and family == "sparse":
        tracker.emit(call, codes.onehot_with_sparse_loss_in_source(y=ast.unparse(y)))
    elif targets.kind == INTLABELS and family == "categorical":
        tracker.emit(call, codes.ids_with_categorical_loss_in_source(y=ast.unparse(y)))
