"""Judgements on a scikit-learn search or cross-validation around a scikeras wrapper (KD307, KD308).

Run with the fold checks of `kerasdoctor.checks.cv` (which imports this module), on the
same `CVContext`; they read the wrapper's parameters, never its data.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..codes import cv as codes
from ..codes.registry import CV, detects
from ..facts import splitters, translation
from ..facts.names import source_of, user_name
from ..findings import Finding
from . import Skip

if TYPE_CHECKING:
    from .cv import CVContext


def _scikeras(ctx: CVContext):
    if splitters.wrapper_of(ctx.estimator) != "scikeras":
        raise Skip("not a scikeras wrapper")
    return splitters.final_estimator(ctx.estimator)


@detects(codes.KD307, kind=CV, name="legacy-build-fn")
def check_build_fn(ctx: CVContext) -> Iterator[Finding]:
    """KD307 at runtime: a scikeras wrapper built with the legacy build_fn=."""
    wrapper = _scikeras(ctx)
    build = wrapper.get_params().get("build_fn")
    if build is None:
        return
    versions = ctx.audit.versions if ctx.audit is not None else splitters.installed_versions()
    yield codes.legacy_build_fn(
        wrapper=type(wrapper).__name__,
        build=getattr(build, "__name__", "build"),
        version=versions.get("scikeras"),
        name=user_name(wrapper, "clf"),
        arguments=_arguments(wrapper),
        migration=_migration(ctx, wrapper),
    )


def _arguments(wrapper) -> list[str]:
    """The wrapper's other arguments as the user gave them (those that differ from scikeras' defaults)."""
    defaults = {k: p.default for k, p in inspect.signature(type(wrapper).__init__).parameters.items()}
    return [
        f"{key}={source_of(value, '...')}"
        for key, value in wrapper.get_params(deep=False).items()
        if key not in ("model", "build_fn") and not (key in defaults and translation.same_value(value, defaults[key]))
    ]


def _migration(ctx: CVContext, wrapper) -> list[str]:
    """The same estimator, grid and fit on Keras' own wrapper (scikeras is no longer maintained), as code."""
    from ..facts.wrappers import fit_defaults

    prefix = splitters.step_prefix(ctx.estimator)
    attribute = "param_grid" if hasattr(ctx.search, "param_grid") else "param_distributions"
    eq = translation.keras_equivalent(
        wrapper, ctx.grids, prefix, ref=f"{ctx.name}.{attribute}", fit_names=set(fit_defaults())
    )
    name = user_name(wrapper, "clf")
    lines = [f"from keras.wrappers import {eq.wrapper}"]
    if eq.signature or eq.lines or eq.compile_arguments:
        lines.append(f"{eq.signature or f'def {eq.build}(X, y, ...):'}   # the wrapper calls it with X= and y=")
        lines.append("    ...   # the body as it is" + (", but:" if eq.lines or eq.compile_arguments else ""))
        lines += [f"    {line}   # y arrives one-hot" for line in eq.lines]
        if eq.compile_arguments:
            arguments = ", ".join(f"{k}={source_of(v, '...')}" for k, v in eq.compile_arguments.items())
            lines.append(f"    model.compile({arguments})   # scikeras compiled the model; here {eq.build} does")
    model_kwargs = f", model_kwargs={source_of(eq.model_kwargs, '{}')}" if eq.model_kwargs else ""
    lines.append(f"{name} = {eq.wrapper}(model={eq.build}{model_kwargs})")
    target = f"estimator__{prefix.rstrip('_')}" if prefix else "estimator"
    if ctx.search is not None and eq.grid is not None:
        grid = user_name(getattr(ctx.search, attribute), attribute)
        lines += [f"{grid} = {eq.grid.text}", f"{ctx.name}.set_params({target}={name}, {attribute}={grid})"]
        lines += [f"# {key!r} is left out: {why}" for key, why in eq.grid.homeless.items()]
    elif ctx.search is not None:
        lines.append(f"{ctx.name}.set_params({target}={name})")
    elif prefix:
        lines.append(f"{user_name(ctx.estimator, 'pipe')}.set_params({prefix.rstrip('_')}={name})")
    fit = {k: source_of(v, f"{name}.fit_kwargs[{k!r}]") for k, v in eq.fit_arguments.items()}
    if ctx.search is not None:
        arguments = [f"{splitters.fit_prefix(ctx.estimator)}{k}={v}" for k, v in fit.items()]
    else:
        arguments = ["params={" + ", ".join(f"{k!r}: {v}" for k, v in fit.items()) + "}"] if fit else []
    lines.append(
        ctx.fit_call(extra=arguments) + ("   # fit arguments, not fit_kwargs: the clone drops those" * bool(fit))
    )
    return lines


def build_parameters(wrapper) -> set[str]:
    params = wrapper.get_params()
    build = params.get("model") or params.get("build_fn")
    if not callable(build) or hasattr(build, "fit"):  # a Model instance, not a build function
        return set()
    return {
        name
        for name, p in inspect.signature(build).parameters.items()
        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    }


@detects(codes.KD308, kind=CV, name="param-grid-prefix")
def check_grid(ctx: CVContext) -> Iterator[Finding]:
    """KD308: grid keys that are build-function arguments but lack `model__`."""
    wrapper = _scikeras(ctx)
    if not ctx.grids:
        raise Skip("no parameter grid")
    prefix = splitters.step_prefix(ctx.estimator)
    accepted = set(wrapper.get_params())
    arguments = build_parameters(wrapper)
    bad = []
    for grid in ctx.grids:
        for key in grid:
            name = key[len(prefix) :] if key.startswith(prefix) else None
            # set_params accepts the wrapper's own parameters (constructor kwargs
            # included, which scikeras routes to the build function) and any
            # "model__"-style routed key; a bare build argument it rejects.
            if name and "__" not in name and name not in accepted and name in arguments:
                bad.append(key)
    if not bad:
        return
    fixed = [
        {(f"{prefix}model__{k[len(prefix) :]}" if k in bad else k): v for k, v in grid.items()} for grid in ctx.grids
    ]
    yield codes.unprefixed_grid(where=f"{ctx.name}.param_grid", bad=bad, fixed=fixed[0] if len(fixed) == 1 else fixed)
