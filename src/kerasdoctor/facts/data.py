"""Facts about the data handed to fit(): structure, shapes, size, without consuming it.

Arrays are read directly. A `tf.data.Dataset` is described by its
``element_spec`` and ``cardinality()``, which never pull an element. A
`keras.utils.PyDataset` is indexed (``ds[0]``), which is random access and
consumes nothing: Keras itself reads batch 0 the same way to learn the
signature. A Python generator is never touched.
"""

from __future__ import annotations

import math
import sys
import types
from dataclasses import dataclass, field
from typing import Any

from .memo import per_object

# The kinds of data that make their own batches: fit() ignores batch_size for them.
SELF_BATCHING = frozenset({"dataset", "pydataset", "generator"})
# Model.fit's batch_size when None: Keras' ArrayDataAdapter batches arrays by 32 (when no steps are given).
DEFAULT_BATCH = 32


@dataclass(frozen=True)
class Leaf:
    """One array or tensor in the data: its shape (None if the rank is unknown)."""

    shape: tuple | None
    dtype: str | None


@dataclass
class DataFacts:
    where: str  # how the user names it: "x", "validation_data"
    kind: str  # "arrays" | "dataset" | "pydataset" | "generator" | "other"
    source: Any = field(repr=False)  # the user's object; never iterated here
    x: Any = None  # Leaf, or a list/tuple/dict of them; None when unknown
    y: Any = None  # same; None when no targets are given
    has_targets: bool | None = None  # None: unknown
    batched: bool | None = None  # True: axis 0 is the batch axis; None: infer (tf.data)
    size: float | None = None  # examples (arrays) or elements/batches; math.inf; None unknown
    not_inspected: str | None = None  # why we could not look without consuming
    target_values: Any = field(default=None, repr=False)  # y as given (arrays) or batch 0's y (PyDataset)
    first_batch: Any = field(default=None, repr=False)  # a PyDataset's batch 0 as (x, y, sample_weight)
    pipeline: Any = field(default=None, repr=False)  # the tf.data.Dataset behind a dataset (what is read)
    distributed: Any = None  # `facts.distribution.DistributedData` of a distributed dataset


def flatten(structure, prefix: str = "") -> list[tuple[str, Leaf]]:
    """(path, leaf) pairs, paths written the way the user indexes: ``['age']``, ``[0]``."""
    if structure is None:
        return []
    if isinstance(structure, Leaf):
        return [(prefix, structure)]
    if isinstance(structure, dict):
        items = structure.items()
    else:
        items = enumerate(structure)
    out = []
    for key, value in items:
        out += flatten(value, f"{prefix}[{key!r}]")
    return out


# ---- leaves -------------------------------------------------------------------


def _leaf_of_array(value) -> Leaf:
    import numpy as np

    if not hasattr(value, "shape"):
        try:
            value = np.asarray(value)
        except ValueError:  # lists of different lengths: no shape (KD111 says what it is)
            return Leaf(None, "object")
    shape = value.shape
    if shape is None or getattr(shape, "rank", 0) is None:  # a tf.TensorShape of unknown rank
        return Leaf(None, str(getattr(value, "dtype", None)))
    dtype = getattr(value, "dtype", None)
    return Leaf(tuple(None if d is None else int(d) for d in shape), getattr(dtype, "name", None) or str(dtype))


def _array_structure(value):
    """A list of arrays is one array per input; a list of numbers is one array."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: _array_structure(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and value and all(hasattr(v, "shape") or isinstance(v, dict) for v in value):
        return type(value)(_array_structure(v) for v in value)
    return _leaf_of_array(value)


def number_lists(value, path: str = "") -> list[tuple[str, Any]]:
    """(path, the list) for each Python list or tuple of numbers in ``value`` (x, y or sample_weight as given).

    Keras 3 reads a list or tuple as a structure (one array per input or output) and flattens it down to
    its leaves, which must be arrays, tensors or DataFrames: a leaf that is a Python number stops the call
    with "Unrecognized data type" (Keras 2 converted the list). Lists of different lengths or of strings
    are left to the values' own check (KD111).
    """
    import numpy as np

    if isinstance(value, dict):
        return [found for k, v in value.items() for found in number_lists(v, f"{path}[{k!r}]")]
    if not isinstance(value, (list, tuple)) or not value:
        return []
    if all(hasattr(v, "shape") or isinstance(v, dict) for v in value):  # one array per input
        return [found for i, v in enumerate(value) for found in number_lists(v, f"{path}[{i}]")]
    try:
        numeric = np.asarray(value).dtype.kind in "biuf"
    except ValueError:  # lists of different lengths
        return []
    return [(path, value)] if numeric else []


def _leaf_of_spec(spec) -> Leaf:
    shape = getattr(spec, "shape", None)
    if getattr(shape, "rank", None) is None:  # unknown rank, or a spec without one (window()'s DatasetSpec)
        return Leaf(None, getattr(getattr(spec, "dtype", None), "name", None))
    dims = tuple(shape.as_list())
    return Leaf(dims, getattr(getattr(spec, "dtype", None), "name", None))


def _spec_structure(spec):
    if isinstance(spec, dict):
        return {k: _spec_structure(v) for k, v in spec.items()}
    if isinstance(spec, (list, tuple)):
        return tuple(_spec_structure(v) for v in spec)
    return _leaf_of_spec(spec)


def unpack(element):
    """Split one element into (x, y, sample_weight) exactly as Keras does:
    a tuple (or list) of 1, 2 or 3 items is (x,), (x, y), (x, y, sw); anything
    else is x alone."""
    if isinstance(element, list):
        element = tuple(element)
    if not isinstance(element, tuple) or hasattr(element, "_fields"):
        return element, None, None
    if len(element) in (1, 2, 3):
        return (tuple(element) + (None, None))[:3]
    return element, None, None


# ---- kinds of data ------------------------------------------------------------


def is_tf_dataset(value) -> bool:
    # An object can only be a tf.data.Dataset if TensorFlow is already imported:
    # never import it just to ask.
    tf = sys.modules.get("tensorflow")
    return tf is not None and isinstance(value, tf.data.Dataset)


def is_distributed_dataset(value) -> bool:
    """A tf.distribute dataset: what `experimental_distribute_dataset` / `distribute_datasets_from_function` make."""
    tf = sys.modules.get("tensorflow")
    return tf is not None and isinstance(value, tf.distribute.DistributedDataset)


def is_py_dataset(value) -> bool:
    keras = sys.modules.get("keras")
    return keras is not None and isinstance(value, keras.utils.PyDataset)


def is_generator(value) -> bool:
    return isinstance(value, types.GeneratorType) or (hasattr(value, "__next__") and not hasattr(value, "__getitem__"))


def _dataset_facts(ds, where: str, source=None, cardinality: int | None = None, distributed=None) -> DataFacts:
    """A tf.data.Dataset's facts; ``source``: the distributed dataset the user holds when ``ds`` is the one it
    wraps (its ``cardinality``: global batches, as tf.distribute counts them)."""
    x, y, _ = unpack(ds.element_spec)
    cardinality = dataset_cardinality(ds) if cardinality is None else cardinality
    size = math.inf if cardinality == -1 else None if cardinality < 0 else cardinality
    return DataFacts(
        where,
        "dataset",
        ds if source is None else source,
        x=_spec_structure(x),
        y=None if y is None else _spec_structure(y),
        has_targets=y is not None,
        batched=None,
        size=size,
        pipeline=ds,
        distributed=distributed,
    )


@per_object  # a dataset never changes: tf.data works its size out once
def dataset_cardinality(ds) -> int:
    """``ds.cardinality()``: its number of elements, -1 when endless, -2 when tf.data cannot tell."""
    return int(ds.cardinality())


def _distributed_facts(value, where: str) -> DataFacts:
    from .distribution import distributed_data

    parts = distributed_data(value)
    return _dataset_facts(parts.dataset, where, value, parts.cardinality, parts)


def _py_dataset_facts(ds, where: str) -> DataFacts:
    size = ds.num_batches
    facts = DataFacts(where, "pydataset", ds, batched=True, size=math.inf if size is None else size)
    if size == 0:
        return facts
    try:
        batch = ds[0]
    except Exception as error:  # the user's __getitem__ failed: say so, do not crash
        facts.not_inspected = f"reading batch 0 raised {type(error).__name__}: {error}"
        return facts
    x, y, sample_weight = unpack(batch)
    facts.x, facts.y, facts.has_targets = _array_structure(x), _array_structure(y), y is not None
    facts.target_values = y
    facts.first_batch = (x, y, sample_weight)
    return facts


def _array_facts(x, y, where: str) -> DataFacts:
    structure = _array_structure(x)
    leaves = flatten(structure)
    size = leaves[0][1].shape[0] if leaves and leaves[0][1].shape else None
    return DataFacts(
        where,
        "arrays",
        x,
        x=structure,
        y=_array_structure(y),
        has_targets=y is not None,
        batched=True,
        size=size,
        target_values=y,
    )


def data_facts(x, y=None, where: str = "x") -> DataFacts:
    """What fit(x, y) will see, gathered without consuming anything."""
    if is_tf_dataset(x):
        return _dataset_facts(x, where)
    if is_distributed_dataset(x):
        return _distributed_facts(x, where)
    if is_py_dataset(x):
        return _py_dataset_facts(x, where)
    if is_generator(x):
        return DataFacts(
            where,
            "generator",
            x,
            not_inspected=(
                "a Python generator yields each batch once, so looking at it would take a batch from your training run"
            ),
        )
    if x is None:
        return DataFacts(where, "other", x, not_inspected="no data was given")
    try:
        return _array_facts(x, y, where)
    except Exception as error:
        return DataFacts(
            where,
            "other",
            x,
            not_inspected=(f"{type(x).__name__} is not a kind of data kerasdoctor can read ({error})"),
        )


def example_counts(data: DataFacts, sample_weight=None) -> list[tuple[str, str, int]]:
    """(role: "x", "y" or "sample_weight", the path within it, its number of examples) for every array of
    ``data`` (arrays only: axis 0 counts the examples), in the order Keras lists them."""
    counts = []
    for role, structure in (("x", data.x), ("y", data.y), ("sample_weight", _array_structure(sample_weight))):
        for path, leaf in flatten(structure):
            if leaf.shape:  # a scalar has no examples to count
                counts.append((role, path, leaf.shape[0]))
    return counts


def split_validation(validation_data) -> tuple:
    """(x_val, y_val) as fit() reads ``validation_data``: a 2- or 3-tuple of
    arrays is (x, y[, sample_weight]); anything else (a dataset) is x alone."""
    if isinstance(validation_data, (tuple, list)) and len(validation_data) in (2, 3):
        return validation_data[0], validation_data[1]
    return validation_data, None


def validation_facts(validation_data) -> DataFacts | None:
    if validation_data is None:
        return None
    x_val, y_val = split_validation(validation_data)
    return data_facts(x_val, y_val, where="validation_data")
