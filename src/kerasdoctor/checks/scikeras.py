"""Judgements on a scikit-learn search or cross-validation around a scikeras wrapper (KD307, KD308).

Run with the fold checks of `kerasdoctor.checks.cv` (its CHECKS table), on the
same `CVContext`; they read the wrapper's parameters, never its data.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from ..facts import splitters
from . import Skip

if TYPE_CHECKING:
    from .cv import CVContext


def _scikeras(ctx: CVContext):
    if splitters.wrapper_of(ctx.estimator) != "scikeras":
        raise Skip("not a scikeras wrapper")
    return splitters.final_estimator(ctx.estimator)


def check_build_fn(ctx: CVContext) -> Iterator[Finding]:
    """KD307 at runtime: a scikeras wrapper built with the legacy build_fn=."""
    wrapper = _scikeras(ctx)
    build = wrapper.get_params().get("build_fn")
    if build is None:
        return
    name = getattr(build, "__name__", "build")
    versions = ctx.audit.versions if ctx.audit is not None else splitters.installed_versions()
    version = versions.get("scikeras")
    yield Finding("KD307", f"{type(wrapper).__name__} was given build_fn={name}, the argument of the removed "
                           f"keras.wrappers.scikit_learn; scikeras {version} renamed it to model= and only "
                           "accepts build_fn with a deprecation warning.",
                  severity=Severity.WARNING, where=f"{type(wrapper).__name__}(build_fn=...)",
                  fix=f"{type(wrapper).__name__}(model={name}, ...)")


def build_parameters(wrapper) -> set[str]:
    params = wrapper.get_params()
    build = params.get("model") or params.get("build_fn")
    if not callable(build) or hasattr(build, "fit"):   # a Model instance, not a build function
        return set()
    return {name for name, p in inspect.signature(build).parameters.items()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}


def check_grid(ctx: CVContext) -> Iterator[Finding]:
    """KD308: grid keys that are build-function arguments but lack `model__`."""
    from .cv import listed   # here, not at the top: checks.cv imports this module for its CHECKS table

    wrapper = _scikeras(ctx)
    if not ctx.grids:
        raise Skip("no parameter grid")
    prefix = splitters.step_prefix(ctx.estimator)
    accepted = set(wrapper.get_params())
    arguments = build_parameters(wrapper)
    bad = []
    for grid in ctx.grids:
        for key in grid:
            name = key[len(prefix):] if key.startswith(prefix) else None
            # set_params accepts the wrapper's own parameters (constructor kwargs
            # included, which scikeras routes to the build function) and any
            # "model__"-style routed key; a bare build argument it rejects.
            if name and "__" not in name and name not in accepted and name in arguments:
                bad.append(key)
    if not bad:
        return
    fixed = [{(f"{prefix}model__{k[len(prefix):]}" if k in bad else k): v for k, v in grid.items()}
             for grid in ctx.grids]
    shown = fixed[0] if len(fixed) == 1 else fixed
    yield Finding("KD308", f"The grid keys {listed(map(repr, bad))} are arguments of the build function but lack "
                           f"the model__ prefix: scikeras rejects them with 'Invalid parameter' once the search "
                           "starts fitting.",
                  where=f"{ctx.name}.param_grid", fix=f"param_grid = {shown!r}")
