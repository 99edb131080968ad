"""Checks of training under Keras 3's keras.distribution (JAX): variables made before the distribution was set
(KD601), batches the batch axis does not divide (KD602), LayoutMap keys that match no variable (KD605).

The checks apply when a distribution is set (`distribution_set`), and skip, with the reason, on a backend
that does not lay out data and variables with it (Keras 3.15 does so on JAX).
"""

from __future__ import annotations

import re

from ..codes import distribution as codes
from ..codes.registry import FIT, FIT_DATA, detects
from ..facts.data import DEFAULT_BATCH, DataFacts
from ..facts.distribution import dataset_batch
from ..facts.layouts import (
    DistributionFacts,
    backend,
    distribution_facts,
    indivisible,
    key_matches,
    one_device_variables,
    suggested_key,
    unmatched_keys,
)
from . import Skip


def distribution_set(ctx) -> bool:
    """The gate of these checks: a keras.distribution is set."""
    return distribution_facts() is not None


def _distribution() -> DistributionFacts:
    facts = distribution_facts()
    if facts is None:
        raise Skip("no keras.distribution is set")
    if backend() != "jax":
        raise Skip(f"keras.distribution lays out data and variables on the JAX backend; this is {backend()}")
    return facts


@detects(codes.KD601, kind=FIT, name="distribution-variables", applies=distribution_set)
def check_distribution_variables(ctx):
    facts = _distribution()
    if facts.devices < 2:
        return
    model = ctx.model.model
    outside = one_device_variables(model)
    if outside:
        yield codes.layout_outside(
            model_name=model.name,
            name=ctx.name_of(model, "model"),
            outside=tuple(outside),
            total=len(model.weights),
            devices=facts.devices,
        )


def _batches(ctx, data: DataFacts) -> tuple[int, int, int | None] | None:
    """(batch size, last partial batch or 0, examples) of the batches fit() makes; None when unknown."""
    if data.kind == "arrays":
        argument = "batch_size" if data.where == "x" else "validation_batch_size"
        size = ctx.args.get(argument) or ctx.args.get("batch_size") or DEFAULT_BATCH
        examples = int(data.size) if data.size else None
        return size, (examples % size if examples else 0), examples
    if data.kind == "dataset" and data.distributed is None:
        batch = dataset_batch(data.pipeline)
        return None if batch is None else (batch.size, batch.last, batch.examples)
    return None


@detects(codes.KD602, kind=FIT_DATA, name="distribution-batch", applies=distribution_set)
def check_distribution_batch(ctx, data: DataFacts):
    facts = _distribution()
    batches = _batches(ctx, data)
    if batches is None:
        raise Skip(f"the batches of {data.where} are unknown")
    size, last, examples = batches
    devices = facts.batch_devices
    if size % devices:
        uneven, is_last = size, False
    elif last % devices:
        uneven, is_last = last, True
    else:
        return
    if data.kind == "arrays":
        names = {
            "model": ctx.name_of(ctx.model.model, "model"),
            "x": ctx.name_of(data.source, "x"),
            "y": ctx.name_of(data.target_values, "y"),
        }
    else:
        names = {"ds": ctx.name_of(data.source, "ds")}
    yield codes.uneven_data_parallel_batch(
        where=data.where,
        batch=uneven,
        size=size,
        last=is_last,
        examples=examples,
        devices=devices,
        axis=facts.batch_axis,
        names=names,
    )


@detects(codes.KD605, kind=FIT, name="layout-keys", applies=distribution_set)
def check_layout_keys(ctx):
    facts = _distribution()
    if facts.layouts is None:
        raise Skip(f"{facts.kind} has no LayoutMap")
    model = ctx.model.model
    if not model.built:
        raise Skip("the model has no variables yet")
    shapes = {v.path: tuple(int(d) for d in v.shape) for v in model.weights}
    keys = unmatched_keys(facts.layouts, list(shapes))
    if not keys or not shapes:
        return
    suggestions, cannot = {}, {}
    for key in keys:
        better = suggested_key(key, list(shapes))
        if better is None:
            continue
        axes = facts.layouts[key]
        # the fix must not ask for a split that fails (KD604): only the variables it divides
        split = {path: indivisible(axes, shapes[path], facts.mesh) for path in shapes if key_matches(better, path)}
        cannot.update({path: (shapes[path], *why) for path, why in split.items() if why is not None})
        fits = [path for path, why in split.items() if why is None]
        if fits:
            suggestions[key] = (better if len(fits) == len(split) else "|".join(map(re.escape, fits)), axes)
    yield codes.key_matches_nothing(
        keys=keys,
        example_path=next(iter(shapes)),
        suggestions=suggestions,
        cannot=cannot,
        name=ctx.name_of(model, "model"),
    )
