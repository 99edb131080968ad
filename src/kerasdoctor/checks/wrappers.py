"""Judgements on a search or cross-validation around Keras' own scikit-learn wrappers (KD309-KD311).

Run with the fold checks of `kerasdoctor.checks.cv` (which imports this module), on the same
`CVContext`. The facts come from `kerasdoctor.facts.wrappers` (what the folds really train,
asked of the installed Keras and scikit-learn) and `kerasdoctor.facts.translation` (the grid
in the wrapper's terms); nothing here trains, builds a model or calls the build function.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..codes import cv as codes
from ..codes.registry import CV, detects
from ..facts import splitters, translation, wrappers
from ..facts.build_source import respell_for_onehot
from ..facts.names import source_of, user_name
from ..findings import Finding
from . import Skip

if TYPE_CHECKING:
    from .cv import CVContext

SPARSE, ONEHOT_LOSS = "sparse_categorical_crossentropy", "categorical_crossentropy"
QUIET = {"verbose"}  # fit arguments that change what is printed, not what is learnt


def _wrapper(ctx: CVContext):
    wrapper = wrappers.keras_wrapper(ctx.estimator)
    if wrapper is None:
        raise Skip("not a keras.wrappers estimator")
    return wrapper


def _memo(ctx: CVContext, key: str, compute):
    if key not in ctx.memo:
        ctx.memo[key] = compute()
    return ctx.memo[key]


def _reference(ctx: CVContext, wrapper) -> str:
    """Code for the user's wrapper: their variable, else the way to it from the search or estimator."""
    name = user_name(wrapper, "")
    if name:
        return name
    path = "".join(".regressor" if level[1] == "regressor__" else "[-1]" for level in _levels(ctx.estimator))
    return (f"{ctx.name}.estimator" if ctx.search is not None else user_name(ctx.estimator, "clf")) + path


def _levels(estimator) -> list[tuple]:
    levels = []
    while (level := splitters.inner(estimator)) is not None:
        levels.append(level)
        estimator = level[0]
    return levels


def _build_name(wrapper) -> str:
    model = wrapper.model
    return getattr(getattr(model, "func", model), "__name__", None) or "the model"


def _takes(wrapper):
    """Whether the build function takes an argument (a Model instance is cloned, never built: takes none)."""
    model = wrapper.model
    if not callable(model) or hasattr(model, "fit"):
        return lambda name: False
    try:
        parameters = inspect.signature(model).parameters
    except (TypeError, ValueError):
        return lambda name: True  # unknown: never claim a key has no place
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return lambda name: True
    return lambda name: name in parameters


def _grid_attribute(ctx: CVContext) -> str:
    return "param_grid" if hasattr(ctx.search, "param_grid") else "param_distributions"


def _translation(ctx: CVContext, wrapper, extra_fit: dict | None = None) -> translation.GridTranslation:
    return translation.translate_grid(
        ctx.grids or [{}],
        prefix=splitters.step_prefix(ctx.estimator),
        build=_build_name(wrapper),
        takes=_takes(wrapper),
        fit_names=set(wrappers.fit_defaults()),
        model_kwargs=dict(wrappers.fold_wrapper(ctx.estimator).model_kwargs or {}),
        ref=f"{ctx.name}.{_grid_attribute(ctx)}" if ctx.search is not None else "grid",
        extra_fit_kwargs=extra_fit,
    )


def _lost_fit_kwargs(ctx: CVContext, wrapper) -> dict:
    """The wrapper's fit_kwargs that some fold trains without: not kept by the clone (nor set by the
    grid), not given to search.fit, and not tuned by the grid (in any spelling: KD311 moves those)."""
    given = dict(wrapper.fit_kwargs or {})
    if not given:
        return {}
    kept = [wrappers.kept_fit_kwargs(ctx.estimator, grid) for grid in wrappers.grid_dicts(ctx.grids)]
    missing = set(given) - set.intersection(*kept)
    missing -= set(wrappers.routed_fit_params(ctx.estimator, ctx.fit_params) or {})
    missing -= _memo(ctx, "translation", lambda: _translation(ctx, wrapper)).tuned_fit
    return {k: v for k, v in given.items() if k in missing}


def _grid_fix(ctx: CVContext, text: str, homeless: dict) -> str:
    """The grid rewritten, under the user's own name for it (their line replaced in place needs nothing
    more; pasted after the search, the set_params line hands it over)."""
    attribute = _grid_attribute(ctx)
    name = user_name(getattr(ctx.search, attribute), attribute)
    lines = [f"# {key!r} is left out: {why}" for key, why in homeless.items()]
    return "\n".join([f"{name} = {text}", f"{ctx.name}.set_params({attribute}={name})", *lines])


def _short(value) -> str:
    """A value as a message shows it: short literals as they are, callbacks by their class."""
    text = source_of(value, None)
    if text is not None and len(text) <= 40 and "." not in text.strip("0123456789.-e"):
        return text
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(type(v).__name__ for v in value) + "]"
    return type(value).__name__


# ---- KD309 wrapper-fit-kwargs-lost ------------------------------------------------------


@detects(codes.KD309, kind=CV, name="wrapper-fit-kwargs")
def check_fit_kwargs(ctx: CVContext) -> Iterator[Finding]:
    """KD309: fit_kwargs that no fold trains with (dropped by scikit-learn's clone)."""
    wrapper = _wrapper(ctx)
    lost = _memo(ctx, "lost", lambda: _lost_fit_kwargs(ctx, wrapper))
    defaults = wrappers.fit_defaults()
    if not [
        k
        for k, v in lost.items()
        if k not in QUIET and not translation.same_value(v, defaults.get(k, inspect.Parameter.empty))
    ]:
        return  # what the folds lose changes nothing they learn (the default value, or only verbose)
    reference = _reference(ctx, wrapper)
    key = splitters.step_prefix(ctx.estimator) + "fit_kwargs"
    grid = next((g for g in ctx.grids if wrappers.candidates(g, key)), {})
    fold = wrappers.fold_wrapper(ctx.estimator, {key: wrappers.candidates(grid, key)[0]} if grid else None)
    kept = f"fit_kwargs={_short(fold.fit_kwargs)}"
    if grid and fold.fit_kwargs is not None:
        kept = "the grid's fit_kwargs in place of the wrapper's"
    if ctx.search is not None:
        refit = " and before the refit" if getattr(ctx.search, "refit", False) else ""
        clones = f"{type(ctx.search).__name__} clones the estimator before every fold{refit}"
    else:
        clones = f"{ctx.function} clones the estimator before every fold"
    if any(level[3] for level in _levels(ctx.estimator)):
        clones += " (and TransformedTargetRegressor clones its regressor again when it fits)"
    yield codes.fit_kwargs_lost(
        wrapper=type(wrapper).__name__,
        where=f"{reference}.fit_kwargs",
        clones=clones,
        kept=kept,
        lost=[(name, _short(value), repr(defaults.get(name))) for name, value in lost.items()],
        fix=_fit_kwargs_fix(ctx, reference, lost),
    )


def _fit_kwargs_fix(ctx: CVContext, reference: str, lost: dict) -> str:
    """The working pattern: the lost arguments given to search.fit (or cross_val_score's params=), or,
    where scikit-learn's metadata routing refuses fit parameters, set by the grid."""
    values = {k: source_of(v, f"{reference}.fit_kwargs[{k!r}]") for k, v in lost.items()}
    routing = wrappers.routing_enabled()
    if ctx.search is not None:
        if routing:
            grid = _translation(ctx, _wrapper(ctx), extra_fit=lost)
            return _grid_fix(ctx, grid.text, grid.homeless)
        prefix = splitters.fit_prefix(ctx.estimator)
        given = [f"{k}={source_of(v, k)}" for k, v in (ctx.fit_params or {}).items()]
        call = ctx.fit_call(extra=[*given, *(f"{prefix}{k}={v}" for k, v in values.items())])
        return f"{call}   # fit arguments reach every fold and the refit"
    call = ctx.fit_call(extra=["params={" + ", ".join(f"{k!r}: {v}" for k, v in values.items()) + "}"])
    if routing:
        return f"import sklearn\nwith sklearn.config_context(enable_metadata_routing=False):\n    scores = {call}"
    return call


# ---- KD310 wrapper-target-encoding --------------------------------------------------------


@detects(codes.KD310, kind=CV, name="wrapper-targets")
def check_targets(ctx: CVContext) -> Iterator[Finding]:
    """KD310: a build function that does not fit what the wrapper hands it (X= and y=, one-hot targets)."""
    wrapper = _wrapper(ctx)
    name, takes = _build_name(wrapper), _takes(wrapper)
    if callable(wrapper.model) and not hasattr(wrapper.model, "fit") and not (takes("X") and takes("y")):
        build = wrappers.build_facts(wrapper, [])
        fix = build.source.signature_with_xy() if build.source else f"def {name}(X, y, ...):"
        fix += "   # and the body as it was"
        yield codes.build_without_xy(wrapper=type(wrapper).__name__, build=name, fix=fix)
    if ctx.y is None:
        raise Skip("no y given: no targets to compare")
    audit = ctx.audit
    sample = ctx.y[:64] if getattr(ctx.y, "ndim", 1) == 2 else (audit.classes if _counted(audit) else None)
    if sample is None:
        raise Skip((audit.skipped if audit is not None else None) or "the classes of y were not counted")
    encoding = wrappers.encoded_targets(wrapper, sample)
    if encoding.unknown:
        raise Skip(encoding.unknown)
    if encoding.refused:
        fix = ctx.fit_call(y=f"{user_name(ctx.y, 'y')}.argmax(1)") if audit is not None and audit.onehot else ""
        yield codes.targets_refused(wrapper=type(wrapper).__name__, refused=encoding.refused, where="y", fix=fix)
        return
    if not encoding.onehot:
        raise Skip(f"{type(wrapper).__name__} hands y on as it is (1-D y as one column): nothing re-encoded")
    variants = wrappers.model_kwargs_variants(ctx.estimator, ctx.grids)
    build = wrappers.build_facts(wrapper, variants, name_of=user_name)
    if build.source is None and not build.instance:
        raise Skip(build.unreadable)
    yield from _loss_against_onehot(ctx, wrapper, build, encoding.columns)
    if build.units is not None and build.units != encoding.columns:
        yield codes.output_width_vs_columns(
            wrapper=type(wrapper).__name__,
            build=build.name,
            units=build.units,
            columns=encoding.columns,
            where=f"{build.name}: output layer",
            fix=_width_fix(build, encoding.columns),
        )


def _counted(audit) -> bool:
    return audit is not None and audit.classes is not None and not audit.onehot


def _loss_against_onehot(ctx: CVContext, wrapper, build, columns: int) -> Iterator[Finding]:
    sparse = [(variant, loss) for variant, loss in build.losses if loss is not None and loss.kind == SPARSE]
    if not sparse:
        return
    variant, loss = sparse[0]
    origin = build.loss_origin
    if build.instance:
        fix = f"{build.name}.compile(optimizer={build.name}.optimizer, loss='categorical_crossentropy')"
    elif build.source is not None and origin in build.source.params:  # compile(loss=<a parameter>)
        key = splitters.step_prefix(ctx.estimator) + "model_kwargs"
        if any(key in grid for grid in ctx.grids):  # the grid's candidates give it
            grids = [
                {k: ([_respelt(c, origin) for c in v] if k == key else v) for k, v in grid.items()}
                for grid in ctx.grids
            ]
            fix = _grid_fix(ctx, source_of(grids[0] if len(grids) == 1 else grids, "..."), {})
        else:
            fix = f"{_reference(ctx, wrapper)}.set_params(model_kwargs={source_of(_respelt(variant, origin), '...')})"
    else:
        fix = f"{build.source.compile_for_onehot('sparse')}   # in {build.name}"
    yield codes.sparse_loss_for_onehot(
        wrapper=type(wrapper).__name__,
        build=build.name,
        loss=loss.spelled,
        columns=columns,
        where=f"{build.name}: compile(loss=...)",
        fix=fix,
    )


def _respelt(model_kwargs: dict, name: str) -> dict:
    """model_kwargs with the loss argument ``name`` for one-hot targets."""
    value = model_kwargs.get(name)
    return {**model_kwargs, name: respell_for_onehot(value, "sparse") if isinstance(value, str) else ONEHOT_LOSS}


def _width_fix(build, columns: int) -> str:
    if build.instance or build.source is None or build.source.output is None:
        return f"keras.layers.Dense({columns}, activation='softmax')   # the output layer of {build.name}"
    lines = [f"{build.source.output_for_onehot()}   # in {build.name}: one unit per one-hot column"]
    if build.activation == "sigmoid":
        compiled = build.source.compile_for_onehot("binary")
        if compiled:
            lines.append(compiled)
    return "\n".join(lines)


# ---- KD311 wrapper-param-grid --------------------------------------------------------------


@detects(codes.KD311, kind=CV, name="wrapper-param-grid")
def check_grid(ctx: CVContext) -> Iterator[Finding]:
    """KD311: grid keys the Keras wrapper cannot take, with the grid rewritten."""
    wrapper = _wrapper(ctx)
    if not ctx.grids:
        raise Skip("no parameter grid")
    rewritten = _memo(ctx, "translation", lambda: _translation(ctx, wrapper))
    if not rewritten.bad:
        return
    if wrappers.routing_enabled():
        lost = _memo(ctx, "lost", lambda: _lost_fit_kwargs(ctx, wrapper))
        rewritten = _translation(ctx, wrapper, extra_fit=lost) if lost else rewritten
    yield codes.wrapper_grid(
        wrapper=type(wrapper).__name__,
        where=f"{ctx.name}.{_grid_attribute(ctx)}",
        bad=rewritten.bad,
        model_type=type(wrapper.model).__name__,
        homeless=rewritten.homeless,
        fix=_grid_fix(ctx, rewritten.text, rewritten.homeless),
    )
