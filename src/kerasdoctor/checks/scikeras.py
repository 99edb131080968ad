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
from ..facts import splitters
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
        wrapper=type(wrapper).__name__, build=getattr(build, "__name__", "build"), version=versions.get("scikeras")
    )


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
