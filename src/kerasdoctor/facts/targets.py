"""Facts about the targets fit() will train each output against, without consuming data.

Arrays are read in full, vectorised: min/max, whether every value is whole,
the distinct labels (``np.bincount`` over a span no wider than the data,
`facts.labels.countable_span`, which is linear, else ``np.unique``), and the
one-hot test (0/1 values, rows summing to 1). A `tf.data.Dataset` is sampled
from a fresh iteration, at most ``inspect_batches`` elements, and only when
that has no side effects and fits the budgets (`facts.sampling`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .labels import bin_index, countable_span, shifted_back

MAX_CLASSES_LISTED = 1000


@dataclass(frozen=True)
class TargetsRead:
    """The targets of one of fit()'s data, as far as they can be read without side effects."""

    values: Any = None  # arrays: y as given; PyDataset: batch 0's; dataset: a sample, or its specs (Leaf)
    complete: bool = False  # every target was read (arrays), not a sample
    skipped: str | None = None  # why the targets were not read at all (the checks that need them skip)
    hazard: str | None = None  # why reading the dataset would have side effects (KD901)
    failed: str | None = None  # what reading the dataset raised (KD901)
    forceable: bool = True  # inspect_unsafe=True would read it (not when reading may never return)


def read_targets(data, batched: bool, values_needed: bool, sample) -> TargetsRead:
    """The targets fit() will see in ``data`` (a `facts.data.DataFacts`).

    Arrays are taken whole, a PyDataset's batch 0 as a sample. A dataset's
    come from ``sample()`` (the context's one `sample_data` of it), only when
    ``values_needed`` (element_spec has the widths a regression loss needs).
    ``batched``: whether the dataset's elements are batches.
    """
    if data.kind == "arrays":
        return TargetsRead(data.target_values, complete=True)
    if data.kind == "pydataset":
        return TargetsRead(data.target_values)
    if data.kind != "dataset":
        return TargetsRead(skipped=f"the targets of {data.where} ({data.kind}) cannot be read without consuming it")
    if not values_needed:
        return TargetsRead(data.y)
    composite = composite_targets(data.pipeline)
    if composite:
        return TargetsRead(
            skipped=f"the targets of {data.where} are {composite} tensors "
            f"(tf.{composite.capitalize()}Tensor); only dense targets are compared with the loss"
        )
    read = sample()
    if read.skipped:
        return TargetsRead(skipped=read.skipped.replace("the dataset was", "the dataset's targets were"))
    if read.hazard or read.failed:
        return TargetsRead(hazard=read.hazard, failed=read.failed, forceable=read.forceable)
    ys = [y for _, y, _ in read.elements]
    if not ys or ys[0] is None:
        return TargetsRead()
    return TargetsRead(concat_elements(ys, batched))


@dataclass(frozen=True)
class TargetFacts:
    where: str  # "y", "y['class']", "validation_data[1]"
    example_shape: tuple  # the shape of one example's target
    rows: int  # how many examples were read
    complete: bool  # all targets were read (arrays), or a sample (datasets)
    dtype: str
    integer: bool  # every value is a whole number
    minimum: float | None
    maximum: float | None
    classes: tuple | None  # distinct values when integer and not too many
    onehot: bool  # 2-D or more, 0/1 values, each row sums to 1
    zero_one: bool  # every value is 0 or 1
    values_known: bool = True  # False: only the shape is known (from a dataset's element_spec)

    @property
    def width(self) -> int:
        """The last axis of one example's target (1 for a scalar target)."""
        return self.example_shape[-1] if self.example_shape else 1

    @property
    def class_ids(self) -> bool:
        """Integer class ids: a scalar (or width-1) whole-number target per example."""
        return self.integer and self.width == 1 and len(self.example_shape) <= 1


def target_facts(values, where: str, complete: bool = True) -> TargetFacts | None:
    """Facts of one target array; None when it is not numeric."""
    import numpy as np

    try:
        a = np.asarray(values)
    except ValueError:  # lists of different lengths (KD111)
        return None
    if a.dtype.kind not in "biuf" or a.ndim == 0:
        return None
    example_shape = tuple(int(d) for d in a.shape[1:])
    if a.size == 0:
        return TargetFacts(where, example_shape, 0, complete, a.dtype.name, False, None, None, None, False, False)
    minimum, maximum = a.min(), a.max()
    finite = bool(np.isfinite(minimum) and np.isfinite(maximum))
    lo, hi = (int(minimum), int(maximum)) if finite else (0, 0)
    # class ids bincount can count: memory follows the number of labels, not their values (and a float
    # label is a whole number it can hold exactly)
    countable = finite and countable_span(lo, hi, a.size) and -(2**53) < lo and hi < 2**53
    counts = None
    if a.dtype.kind == "f":
        if not finite:
            integer = False
        elif countable:
            counts = _whole_number_counts(a.ravel(), lo, hi)
            integer = counts is not None
        else:
            integer = bool(np.array_equal(a, np.rint(a)))
    else:
        integer = True
    classes = None
    if integer:
        flat = a.ravel()
        if counts is None and countable:
            # linear in the number of labels, where np.unique sorts them
            counts = np.bincount(bin_index(flat, lo))
        present = shifted_back(np.flatnonzero(counts), lo, a.dtype) if counts is not None else np.unique(flat)
        if len(present) <= MAX_CLASSES_LISTED:
            classes = tuple(int(v) for v in present)
    zero_one = bool(integer and minimum >= 0 and maximum <= 1)
    onehot = bool(zero_one and a.ndim >= 2 and a.shape[-1] > 1 and np.all(a.sum(axis=-1) == 1))
    return TargetFacts(
        where,
        example_shape,
        int(a.shape[0]),
        complete,
        a.dtype.name,
        integer,
        float(minimum),
        float(maximum),
        classes,
        onehot,
        zero_one,
    )


LABEL_CHUNK = 1 << 16  # labels per chunk: the chunk, its rounding and its ids stay in the CPU's cache


def _whole_number_counts(flat, lo: int, hi: int):
    """The count of each class id from ``lo`` to ``hi`` in float labels (finite), or None as soon as one
    label is not a whole number. One pass in cache-sized chunks, where ``array_equal(a, rint(a))`` then
    ``astype`` then ``bincount`` make three passes and two full-size copies."""
    import numpy as np

    counts = np.zeros(hi - lo + 1, dtype=np.intp)
    for start in range(0, len(flat), LABEL_CHUNK):
        chunk = flat[start : start + LABEL_CHUNK]
        ids = chunk.astype(np.intp)  # truncates: equal to the chunk only where every label is whole
        if not np.array_equal(ids, chunk):
            return None
        counts += np.bincount(ids - lo if lo else ids, minlength=hi - lo + 1)
    return counts


def shape_facts(shape: tuple | None, dtype: str | None, where: str, batched: bool) -> TargetFacts | None:
    """Facts of a target known only by its spec: its width, not its values."""
    if shape is None:
        return None
    example_shape = tuple(shape[1:] if batched else shape)
    if any(d is None for d in example_shape[-1:]):
        return None
    return TargetFacts(
        where, example_shape, 0, False, dtype or "?", False, None, None, None, False, False, values_known=False
    )


# ---- which target goes with which output -------------------------------------


def targets_per_output(y, output_names: list[str], prefix: str = "y") -> list[tuple[str, Any] | None]:
    """Pair each output with its target as Keras does: a single target for a
    single output, a list/tuple by position, a dict by output name."""
    n = len(output_names)
    if y is None:
        return [None] * n
    if isinstance(y, dict):
        return [(f"{prefix}[{name!r}]", y[name]) if name in y else None for name in output_names]
    if isinstance(y, (list, tuple)) and y and all(hasattr(v, "shape") for v in y) and (n > 1 or len(y) == 1):
        return [(f"{prefix}[{i}]", y[i]) if i < len(y) else None for i in range(n)]
    return [(prefix, y)] + [None] * (n - 1) if n >= 1 else []


def composite_targets(ds) -> str | None:
    """Whether a target in the dataset's element_spec is a tf.SparseTensor
    ("sparse") or a tf.RaggedTensor ("ragged"); None when all are dense."""
    import tensorflow as tf

    from .data import unpack

    for spec in tf.nest.flatten(unpack(ds.element_spec)[1]):
        if isinstance(spec, tf.SparseTensorSpec):
            return "sparse"
        if isinstance(spec, tf.RaggedTensorSpec):
            return "ragged"
    return None


def concat_elements(values: list, batched: bool):
    """Join sampled targets (same structure each) into one array per leaf."""
    import numpy as np
    import tensorflow as tf

    if not values:
        return None

    def join(*leaves):
        leaves = [np.asarray(v) for v in leaves]
        # a scalar leaf has no batch axis, whatever the inputs looked like
        return np.concatenate(leaves) if batched and all(v.ndim for v in leaves) else np.stack(leaves)

    return tf.nest.map_structure(join, *values)
