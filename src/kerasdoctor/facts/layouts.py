"""Facts about Keras 3's keras.distribution (JAX): the distribution set, its devices along the batch axis,
where the model's variables live, and which LayoutMap keys match which variables.

Keras 3.15 shards data and variables with keras.distribution on the JAX backend: each batch is split
over the mesh axis named ``batch_dim_name`` (`Distribution.get_data_layout`), and a variable is laid out
when it is created, by the first LayoutMap key that ``re.fullmatch``-es its path
(`LayoutMap.__getitem__`), else replicated.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DistributionFacts:
    distribution: Any = field(repr=False)
    kind: str  # "DataParallel", "ModelParallel"
    devices: int  # every device of the mesh
    batch_axis: str  # the mesh axis each batch is split over
    batch_devices: int  # the devices along it: the number of shards of every batch
    layouts: dict | None  # ModelParallel's LayoutMap: key -> axes; None for other distributions
    mesh: dict = field(default_factory=dict)  # mesh axis name -> its size


def backend() -> str | None:
    keras = sys.modules.get("keras")
    return keras.backend.backend() if keras is not None else None


def distribution_facts() -> DistributionFacts | None:
    """The keras.distribution set now (`keras.distribution.distribution()`); None when there is none."""
    keras = sys.modules.get("keras")
    if keras is None:
        return None
    distribution = keras.distribution.distribution()
    if distribution is None:
        return None
    mesh = distribution.device_mesh
    sizes = dict(zip(mesh.axis_names, mesh.shape))
    batch_axis = distribution.batch_dim_name
    devices = 1
    for size in mesh.shape:
        devices *= int(size)
    layout_map = getattr(distribution, "_layout_map", None)  # ModelParallel keeps it private (Keras 3.15)
    layouts = None if layout_map is None else {key: tuple(layout_map[key].axes) for key in layout_map}
    return DistributionFacts(
        distribution,
        type(distribution).__name__,
        devices,
        batch_axis,
        int(sizes.get(batch_axis, 1)),
        layouts,
        {name: int(size) for name, size in sizes.items()},
    )


def one_device_variables(model) -> list[str]:
    """The paths of the model's variables that live on a single device (JAX arrays only; others: none)."""
    paths = []
    for variable in model.weights:
        try:
            sharding = getattr(variable.value, "sharding", None)
        except Exception:  # an uninitialised variable: nowhere yet
            continue
        if sharding is not None and len(sharding.device_set) == 1:
            paths.append(variable.path)
    return paths


def key_matches(key: str, path: str) -> bool:
    """Whether a LayoutMap key lays out the variable at ``path``, as `LayoutMap.__getitem__` decides."""
    return key == path or re.fullmatch(key, path) is not None


def unmatched_keys(layouts: dict, paths: list[str]) -> list[str]:
    return [key for key in layouts if not any(key_matches(key, path) for path in paths)]


def suggested_key(key: str, paths: list[str]) -> str | None:
    """A key that matches what ``key`` was likely meant to: the same pattern anywhere in the path."""
    for candidate in (f".*{key}", f".*{key}.*", f".*/{key}"):
        if any(key_matches(candidate, path) for path in paths):
            return candidate
    return None


def indivisible(axes: tuple, shape: tuple, mesh: dict) -> tuple[int, int, str, int] | None:
    """The first axis of a variable of ``shape`` that a layout's ``axes`` split over a mesh axis whose size does
    not divide it: (axis, its size, the mesh axis, the mesh axis's size); None when every split divides."""
    if len(axes) != len(shape):
        return None  # Keras itself rejects a layout of another rank
    for axis, (name, size) in enumerate(zip(axes, shape)):
        parts = mesh.get(name, 1) if name is not None else 1
        if size % parts:
            return axis, int(size), name, parts
    return None


def is_batch_sharding(spec: str, axis: int) -> bool:
    """Whether JAX's sharding spec text (``"'batch', None"``) splits axis ``axis`` over the batch axis of the
    distribution set now (Keras' default name "batch" when none is set)."""
    facts = distribution_facts() if backend() == "jax" else None
    batch_axis = facts.batch_axis if facts is not None else "batch"
    names = [part.strip().strip("'\"") for part in spec.split(",")]
    return axis == 0 and bool(names) and names[0] == batch_axis
