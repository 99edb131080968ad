"""Lint rules on scikit-learn searches around scikeras: KD301, KD307, KD308."""

from __future__ import annotations

import ast

from ..codes import cv as codes
from ..codes.registry import LINT_CALL, LINT_IMPORT, detects
from . import known
from .tracker import ESTIMATOR, FUNCTION, GRID, Scope, Tracker, argument, callees, keyword


@detects(codes.KD307, kind=LINT_IMPORT)
def legacy_import(tracker: Tracker, s: ast.Import | ast.ImportFrom, scope: Scope) -> None:
    """KD307: `keras.wrappers.scikit_learn` was removed from Keras (and tf.keras); scikeras replaces it."""
    legacy = known.LEGACY_WRAPPER_MODULE
    if type(s) is ast.ImportFrom:
        if s.level or not s.module:
            return
        module = known.normalise(s.module)
        names = [a.name for a in s.names]
        if module == legacy or (module == "keras.wrappers" and "scikit_learn" in names):
            _removed_module(tracker, s, [n for n in names if n in ("KerasClassifier", "KerasRegressor")])
        return
    for alias in s.names:
        if known.normalise(alias.name) == legacy:
            _removed_module(tracker, s, [])


def _removed_module(tracker: Tracker, s: ast.Import | ast.ImportFrom, wrappers: list[str]) -> None:
    tracker.emit(s, codes.legacy_module_in_source(statement=ast.unparse(s), wrappers=wrappers))


@detects(codes.KD307, kind=LINT_CALL)
@callees("KerasClassifier", "KerasRegressor")
def wrapper_call(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """KD307: scikeras renamed `build_fn=` to `model=` (for Keras 2's wrapper too, which scikeras replaces)."""
    build_fn = keyword(call, "build_fn")
    if build_fn is None:
        return
    q = tracker.qualname(call.func, scope)
    if q not in known.SCIKERAS_WRAPPERS and q not in known.LEGACY_WRAPPERS:
        return
    fixed = ast.Call(
        func=call.func,
        args=call.args,
        keywords=[ast.keyword(arg="model" if k.arg == "build_fn" else k.arg, value=k.value) for k in call.keywords],
    )
    tracker.emit(call, codes.legacy_build_fn_in_source(fixed_call=ast.unparse(fixed)))


@detects(codes.KD301, codes.KD308, kind=LINT_CALL)
@callees(*(q.rsplit(".", 1)[1] for q in known.SEARCHES | known.CV_FUNCTIONS))
def search_call(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    q = tracker.qualname(call.func, scope)
    if q not in known.SEARCHES and q not in known.CV_FUNCTIONS:
        return
    estimator = tracker.value(argument(call, 0, "estimator"), scope)
    if estimator is None or estimator.kind != ESTIMATOR:
        return
    _unstratified(tracker, call, q, estimator)
    if q in known.SEARCHES:
        grid = argument(call, 1, "param_grid" if "Grid" in q else "param_distributions")
        _unprefixed(tracker, grid, estimator, scope)


def _unstratified(tracker: Tracker, call: ast.Call, q: str, estimator) -> None:
    """KD301: an integer (or default) cv around scikeras' KerasClassifier.

    scikit-learn's `check_cv` stratifies an integer cv only when `is_classifier`
    says so; scikeras' KerasClassifier is not recognised as a classifier by
    scikit-learn >= 1.6, so `cv=5` means an unshuffled KFold.
    """
    if estimator.info.get("wrapper") != "KerasClassifier":
        return
    cv = keyword(call, "cv")
    if cv is not None and not (type(cv) is ast.Constant and (cv.value is None or type(cv.value) is int)):
        return
    n = cv.value if cv is not None and cv.value is not None else 5
    tracker.emit(
        call,
        codes.unstratified_in_source(
            function=q.rsplit(".", 1)[1], cv_given=cv is not None, n_splits=n, legacy=estimator.info["legacy"]
        ),
    )


def _unprefixed(tracker: Tracker, grid_node: ast.AST | None, estimator, scope: Scope) -> None:
    """KD308: grid keys that are arguments of the build function, without `model__`.

    scikeras routes only `model__*` parameters (and those given unprefixed to
    the wrapper's constructor) to the build function.
    """
    grid = tracker.value(grid_node, scope)
    if grid is None or grid.kind != GRID:
        return
    call = estimator.node
    build = argument(call, 0, "model") or keyword(call, "build_fn")
    function = tracker.value(build, scope) if type(build) is ast.Name else None
    if function is None or function.kind != FUNCTION:
        return
    params = set(function.info["params"]) - known.SCIKERAS_OWN_PARAMS
    given = {k.arg for k in call.keywords}
    dicts = grid.node.elts if type(grid.node) is ast.List else [grid.node]
    for literal in dicts:
        for key in literal.keys:
            if type(key) is not ast.Constant or not isinstance(key.value, str):
                continue
            if key.value in params and key.value not in given:
                tracker.emit(key, codes.unprefixed_grid_in_source(key=key.value, build=build.id))
