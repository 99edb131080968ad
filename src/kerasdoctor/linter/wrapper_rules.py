"""Lint rules on Keras' own scikit-learn wrappers (keras.wrappers.SKLearn*): KD309, KD310, KD311.

What the source shows plainly: a build function defined in the file (read with
`kerasdoctor.facts.build_source`), dict literals for ``model_kwargs``, ``fit_kwargs``
and the grid, and the ``search.fit(...)`` / ``cross_val_score(...)`` call that
trains. Where a value is not written out, the rule says nothing.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from ..codes import cv as codes
from ..codes.registry import LINT_CALL, detects
from . import known
from .tracker import FUNCTION, GRID, KERAS_WRAPPER, SEARCH, Scope, Tracker, Value, argument, callees, keyword

if TYPE_CHECKING:
    from ..facts.build_source import BuildSource

# facts.build_source and facts.translation are imported where a rule needs them, when the file builds a
# Keras wrapper: `kerasdoctor lint` on any other file does not load them (see bench/lint_speed.py).

QUIET = {"verbose"}  # changes what is printed, not what is learnt


def _literal(node: ast.AST | None):
    """The Python value of a literal; code (SourceText) for anything else."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        from ..facts.names import SourceText

        return SourceText(ast.unparse(node))


def _dict_literal(node: ast.AST | None) -> dict | None:
    """{key: value node} of a dict literal with string keys, else None."""
    if type(node) is not ast.Dict or not all(type(k) is ast.Constant and isinstance(k.value, str) for k in node.keys):
        return None
    return {k.value: v for k, v in zip(node.keys, node.values)}


def _build(tracker: Tracker, wrapper: Value, scope: Scope) -> BuildSource | None:
    model = argument(wrapper.node, 0, "model")
    function = tracker.value(model, scope) if type(model) is ast.Name else None
    if function is None or function.kind != FUNCTION:
        return None
    from ..facts.build_source import read_build

    return read_build(function.node)


# ---- KD310 wrapper-target-encoding ------------------------------------------------------


@detects(codes.KD310, kind=LINT_CALL)
@callees(*{q.rsplit(".", 1)[1] for q in known.KERAS_WRAPPERS})
def wrapper_call(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """KD310 where the build function is in the file: no X and y; for SKLearnClassifier, which one-hot
    encodes y, a sparse loss or a one-unit output."""
    q = tracker.qualname(call.func, scope)
    if q not in known.KERAS_WRAPPERS:
        return
    wrapper = Value(KERAS_WRAPPER, node=call, info={"wrapper": q.rsplit(".", 1)[1]})
    build = _build(tracker, wrapper, scope)
    if build is None:
        return
    name = wrapper.info["wrapper"]
    if not (build.takes("X") and build.takes("y")):
        tracker.emit(
            call, codes.build_without_xy_in_source(wrapper=name, build=build.name, fix=build.signature_with_xy())
        )
    if name != "SKLearnClassifier":
        return
    if known.loss_family(_loss_name(build, call) or "") == "sparse":
        if type(build.loss) is ast.Name and build.loss.id in build.params:  # the loss comes in model_kwargs
            given = {**(_dict_literal(keyword(call, "model_kwargs")) or {})}
            given[build.loss.id] = ast.Constant("categorical_crossentropy")
            kwargs = ast.Dict(keys=[ast.Constant(k) for k in given], values=list(given.values()))
            keywords = [k for k in call.keywords if k.arg != "model_kwargs"] + [ast.keyword("model_kwargs", kwargs)]
            fix = ast.unparse(ast.Call(func=call.func, args=call.args, keywords=keywords))
        else:
            fix = f"{build.compile_for_onehot('sparse')}   # in {build.name}"
        tracker.emit(call, codes.sparse_loss_for_onehot_in_source(wrapper=name, build=build.name, fix=fix))
    if type(build.units) is ast.Constant and build.units.value == 1:
        lines = [f"{build.output_for_onehot()}   # in {build.name}: one unit per one-hot column"]
        if build.activation == "sigmoid" and build.compile_call is not None:
            lines.append(build.compile_for_onehot("binary"))
        tracker.emit(call, codes.one_unit_output_in_source(wrapper=name, build=build.name, fix="\n".join(lines)))


def _loss_name(build: BuildSource, call: ast.Call) -> str | None:
    """The loss the build function compiles with: as written, or the parameter's model_kwargs value / default."""
    node = build.loss
    if type(node) is ast.Name and node.id in build.params:
        given = _dict_literal(keyword(call, "model_kwargs")) or {}
        node = given.get(node.id, build.defaults.get(node.id))
    elif type(node) is ast.Name:
        node = build.assigned(node.id) or node
    from ..facts.build_source import loss_spelling

    name, _ = loss_spelling(node)
    return name


# ---- KD311 wrapper-param-grid, KD309 wrapper-fit-kwargs-lost -------------------------------


@detects(codes.KD311, codes.KD309, kind=LINT_CALL)
@callees("fit", *(q.rsplit(".", 1)[1] for q in known.SEARCHES | known.CV_FUNCTIONS))
def search_call(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """KD311 on a search's grid literal; KD309 on the call that trains the search or cross-validation."""
    q = tracker.qualname(call.func, scope)
    if q in known.SEARCHES:
        search = tracker.value(call, scope)
        if search.info["estimator"] is not None and search.info["estimator"].kind == KERAS_WRAPPER:
            _grid(tracker, call, q, search, scope)
    elif q in known.CV_FUNCTIONS:
        estimator = tracker.value(argument(call, 0, "estimator"), scope)
        if estimator is not None and estimator.kind == KERAS_WRAPPER:
            _lost_in_cv_function(tracker, call, q.rsplit(".", 1)[1], estimator)
    elif type(call.func) is ast.Attribute and call.func.attr == "fit":
        search = tracker.value(call.func.value, scope)
        if search is not None and search.kind == SEARCH and search.info["estimator"] is not None:
            if search.info["estimator"].kind == KERAS_WRAPPER:
                _lost_in_search_fit(tracker, call, search)


def _translation(tracker: Tracker, search: Value, scope: Scope):
    """The search's literal grid in the wrapper's terms (None where the source does not show enough)."""
    grid, wrapper = search.info["grid"], search.info["estimator"]
    build = _build(tracker, wrapper, scope)
    given = keyword(wrapper.node, "model_kwargs")
    model_kwargs = _literal(given) if given is not None else {}
    if grid is None or grid.kind != GRID or build is None or not isinstance(model_kwargs, dict):
        return None
    dicts = grid.node.elts if type(grid.node) is ast.List else [grid.node]
    grids = [{k: _literal(v) for k, v in (_dict_literal(d) or {}).items()} for d in dicts]
    from ..facts.translation import translate_grid

    return translate_grid(
        grids,
        prefix="",
        build=build.name,
        takes=build.takes,
        fit_names=known.FIT_ARGUMENTS,
        model_kwargs=model_kwargs,
        ref="param_grid",
    )


def _grid(tracker: Tracker, call: ast.Call, q: str, search: Value, scope: Scope) -> None:
    rewritten = _translation(tracker, search, scope)
    if rewritten is None or not rewritten.bad:
        return
    grid = search.info["grid"].node
    dicts = grid.elts if type(grid) is ast.List else [grid]
    keys = [k for d in dicts for k in d.keys if type(k) is ast.Constant and k.value in rewritten.bad]
    given = argument(call, 1, "param_grid" if "Grid" in q else "param_distributions")
    if type(given) is ast.Name:
        fix = f"{given.id} = {rewritten.text}"
    else:  # the grid written in the call: the call with the grid rewritten
        fixed = ast.parse(rewritten.text, mode="eval").body
        args = [fixed if a is given else a for a in call.args]
        keywords = [ast.keyword(k.arg, fixed if k.value is given else k.value) for k in call.keywords]
        fix = ast.unparse(ast.Call(func=call.func, args=args, keywords=keywords))
    fix += "".join(f"\n# {key!r} is left out: {why}" for key, why in rewritten.homeless.items())
    wrapper = search.info["estimator"].info["wrapper"]
    tracker.emit(keys[0] if keys else call, codes.wrapper_grid_in_source(wrapper=wrapper, bad=rewritten.bad, fix=fix))


def _fit_kwargs(wrapper: Value) -> dict | None:
    return _dict_literal(keyword(wrapper.node, "fit_kwargs"))


def _reported(lost: dict) -> bool:
    return bool(set(lost) - QUIET)


def _lost_in_search_fit(tracker: Tracker, call: ast.Call, search: Value) -> None:
    """KD309 at ``search.fit(X, y, ...)``: the wrapper's fit_kwargs that neither the grid nor this call gives."""
    given = _fit_kwargs(search.info["estimator"])
    if not given or any(k.arg is None for k in call.keywords):  # **kwargs: unknown
        return
    covered = {k.arg for k in call.keywords}
    grid = search.info["grid"]
    if grid is not None and grid.kind == GRID:
        dicts = grid.node.elts if type(grid.node) is ast.List else [grid.node]
        keys = [_dict_literal(d) or {} for d in dicts]
        if all("fit_kwargs" in d for d in keys):
            return  # the grid sets fit_kwargs for every candidate (what is left out of it: runtime's KD309)
        covered |= {k for d in keys for k in d if k in known.FIT_ARGUMENTS}
        covered |= {k[len("fit__") :] for d in keys for k in d if k.startswith("fit__")}
    lost = {k: v for k, v in given.items() if k not in covered}
    if not _reported(lost):
        return
    fixed = ast.Call(
        func=call.func, args=call.args, keywords=[*call.keywords, *(ast.keyword(k, v) for k, v in lost.items())]
    )
    wrapper = search.info["estimator"].info["wrapper"]
    function = f"{ast.unparse(search.node.func).rsplit('.', 1)[-1]}"
    tracker.emit(
        call,
        codes.fit_kwargs_lost_in_source(wrapper=wrapper, function=function, keys=list(lost), fix=ast.unparse(fixed)),
    )


def _lost_in_cv_function(tracker: Tracker, call: ast.Call, function: str, estimator: Value) -> None:
    given = _fit_kwargs(estimator)
    params = keyword(call, "params")
    passed = _dict_literal(params) if params is not None else {}
    if not given or passed is None:
        return
    lost = {k: v for k, v in given.items() if k not in passed}
    if not _reported(lost):
        return
    merged = ast.Dict(keys=[ast.Constant(k) for k in [*passed, *lost]], values=[*passed.values(), *lost.values()])
    keywords = [k for k in call.keywords if k.arg != "params"] + [ast.keyword("params", merged)]
    fixed = ast.Call(func=call.func, args=call.args, keywords=keywords)
    tracker.emit(
        call,
        codes.fit_kwargs_lost_in_source(
            wrapper=estimator.info["wrapper"], function=function, keys=list(lost), fix=ast.unparse(fixed)
        ),
    )
