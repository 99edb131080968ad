"""Facts about the targets fit() will train each output against, without consuming data.

Arrays are read in full, vectorised: min/max, whether every value is whole,
the distinct labels (``np.bincount`` for small non-negative integers, which is
linear, else ``np.unique``), and the one-hot test (0/1 values, rows summing
to 1). A `tf.data.Dataset` is sampled from a *fresh* iteration (``ds.take(n)``
makes a new iterator; the user's own iteration in fit() starts from scratch
anyway), at most ``inspect_batches`` elements, and only when iterating has no
side effects: `pipeline_hazard` looks at the pipeline without running it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_CLASSES_LISTED = 1000
# A shuffle buffer is filled completely before its first element comes out,
# so sampling reads `buffer_size` upstream elements (each through every map()
# before it). Above this many, sampling is no longer cheap.
SHUFFLE_BUDGET = 10_000
# Ops whose effect is outside TensorFlow: running them again runs the user's
# Python again (a generator advances, a file is read, a counter moves).
PYTHON_OPS = {
    "PyFunc": "py_function/numpy_function",
    "EagerPyFunc": "py_function",
    "PyFuncStateless": "numpy_function",
    "GeneratorDataset": "from_generator",
}
# Ops that change state living outside the iteration, so every element read
# changes what fit() then sees (op names as TF 2.21 emits them in a dataset
# function's graph). Read-only uses of the same resources (ReadVariableOp,
# LookupTableFindV2 of a StringLookup/IntegerLookup/StaticHashTable) are no
# hazard. Stateful random ops with no generator (tf.random.uniform, seeded or
# not, RandomUniform/RandomStandardNormal) are no hazard either: tf.data gives
# each new iterator its own kernels, so their stream restarts every iteration.
STATE_OPS = (  # (what it does, what reading would change, op names, op-name prefixes)
    (
        "writes a tf.Variable",
        "every element read would change it (a counter moves, a Keras random layer's seed state advances)",
        {"AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp", "ResourceStridedSliceAssign"},
        ("ResourceScatter",),
    ),
    (
        "draws from a tf.random.Generator",
        "every element read would advance its state and change your seeded random stream",
        {"RngReadAndSkip", "RngSkip", "StatefulRandomBinomial"},
        ("StatefulUniform", "StatefulStandardNormal", "StatefulTruncatedNormal"),
    ),
    (
        "writes to a lookup table",
        "every element read would change its contents",
        {"LookupTableInsert", "LookupTableInsertV2", "LookupTableImport", "LookupTableImportV2", "LookupTableRemoveV2"},
        (),
    ),
)


@dataclass(frozen=True)
class TargetsRead:
    """The targets of one of fit()'s data, as far as they can be read without side effects."""

    values: Any = None  # arrays: y as given; PyDataset: batch 0's; dataset: a sample, or its specs (Leaf)
    complete: bool = False  # every target was read (arrays), not a sample
    skipped: str | None = None  # why the targets were not read at all (the checks that need them skip)
    hazard: str | None = None  # why reading the dataset would have side effects (KD901)


@dataclass(frozen=True)
class Sample:
    """The elements of a fresh iteration of a dataset, read once for every check that needs values."""

    elements: tuple = ()  # (x, y, sample_weight) per element read, as NumPy
    hazard: str | None = None  # why it was not read: reading would have side effects (KD901)
    skipped: str | None = None  # why it was not read otherwise (inspect_batches=0)

    @property
    def read(self) -> bool:
        return not (self.hazard or self.skipped)


def sample_data(data, batches: int, unsafe: bool) -> Sample:
    """At most ``batches`` elements of a fresh iteration of the dataset of ``data`` (a `facts.data.DataFacts`),
    unless `pipeline_hazard` stands in the way (``unsafe`` reads anyway). The one place a dataset is read."""
    from .data import unpack

    if not batches:
        return Sample(skipped="inspect_batches=0: the dataset was not read")
    hazard = None if unsafe else pipeline_hazard(data.pipeline)
    if hazard:
        return Sample(hazard=hazard)
    return Sample(tuple(unpack(element) for element in sample_dataset(data.pipeline, batches)))


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
    if read.hazard:
        return TargetsRead(hazard=read.hazard)
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
    small = bool(minimum >= 0 and maximum < 1 << 24)  # class ids bincount can count
    counts = None
    if a.dtype.kind == "f":
        if not (np.isfinite(minimum) and np.isfinite(maximum)):
            integer = False
        elif small:
            counts = _whole_number_counts(a.ravel(), int(maximum))
            integer = counts is not None
        else:
            integer = bool(np.array_equal(a, np.rint(a)))
    else:
        integer = True
    classes = None
    if integer:
        flat = a.ravel()
        if counts is None and small:
            # linear in the number of labels, where np.unique sorts them
            counts = np.bincount(flat.astype(np.intp, copy=False))
        present = np.flatnonzero(counts) if counts is not None else np.unique(flat)
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


def _whole_number_counts(flat, maximum: int):
    """The count of each class id in float labels (non-negative, finite), or None as soon as one label is
    not a whole number. One pass in cache-sized chunks, where ``array_equal(a, rint(a))`` then
    ``astype`` then ``bincount`` make three passes and two full-size copies."""
    import numpy as np

    counts = np.zeros(maximum + 1, dtype=np.intp)
    for start in range(0, len(flat), LABEL_CHUNK):
        chunk = flat[start : start + LABEL_CHUNK]
        ids = chunk.astype(np.intp)  # truncates: equal to the chunk only where every label is whole
        if not np.array_equal(ids, chunk):
            return None
        counts += np.bincount(ids, minlength=maximum + 1)
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


# ---- datasets: is a fresh iteration free of side effects? ---------------------


def pipeline_nodes(ds):
    """The dataset and every dataset it was made from (``_inputs()``)."""
    seen, stack = set(), [ds]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        try:
            stack.extend(node._inputs())
        except Exception:  # a dataset type without the private API: walk no further
            pass


def function_ops(node) -> set[str]:
    """The op types in the functions a transformation runs (map, flat_map,
    filter, interleave, ...), including the functions they call."""
    ops = set()
    for value in vars(node).values():
        function = getattr(value, "function", None)  # tf.data's StructuredFunctionWrapper
        graph = getattr(function, "graph", None)
        if graph is None:
            continue
        graph_def = graph.as_graph_def()
        ops |= {n.op for n in graph_def.node}
        for fn in graph_def.library.function:
            ops |= {n.op for n in fn.node_def}
        if any(t.dtype.name == "variant" for t in getattr(function, "captured_inputs", [])):
            ops.add("CapturedDataset")
    return ops


def pipeline_hazard(ds, budget: int = SHUFFLE_BUDGET) -> str | None:
    """Why iterating ``ds`` afresh would have side effects or be costly; None when it is free.

    Looks at the pipeline's Python objects and the graphs of its functions,
    which runs nothing: a `from_generator` source and `py_function` /
    `numpy_function` calls run the user's Python again; a function that writes
    a variable or a lookup table, or draws from a `tf.random.Generator`,
    changes state fit() then sees; a large shuffle buffer must be filled
    before the first element comes out; a seeded, reshuffling shuffle, and a
    seeded, rerandomizing `Dataset.random` or `sample_from_datasets`, would
    hand fit() a different order; a file cache read in part leaves a partial
    cache behind. An in-memory `cache()` read in part is discarded by tf.data,
    so it is no hazard.
    """
    for node in pipeline_nodes(ds):
        ops = function_ops(node)
        found = sorted({PYTHON_OPS[op] for op in ops if op in PYTHON_OPS})
        if "from_generator" in found:
            return "it is built with Dataset.from_generator, and reading it would run your generator"
        if found:
            return f"it calls Python ({', '.join(found)}), which would run again for the elements read"
        if "CapturedDataset" in ops:
            return f"a {type(node).__name__.strip('_')} function reads another dataset that kerasdoctor cannot see into"
        reason = _state_hazard(node, ops)
        if reason:
            return reason
        interleaves = type(node).__name__.strip("_") == "DirectedInterleaveDataset"
        if interleaves and any(map(_rerandomizes, pipeline_nodes(node))):
            # sample_from_datasets/choose_from_datasets pick each element's source
            # from a _RandomDataset below this node.
            return (
                "it samples from several datasets in a seeded random order that changes each iteration "
                "(sample_from_datasets/choose_from_datasets with a seed and rerandomize_each_iteration=True), "
                "and an extra iteration would change the order your seeded training run sees"
            )
        if _rerandomizes(node):
            return (
                "it draws from a seeded Dataset.random(rerandomize_each_iteration=True), and an extra "
                "iteration would change the numbers your seeded training run sees"
            )
        if "Shuffle" in type(node).__name__:
            reason = _shuffle_hazard(node, budget)
            if reason:
                return reason
        if type(node).__name__.strip("_") == "CacheDataset" and _scalar(getattr(node, "_filename", None)):
            # A file cache read in part leaves its files (and a lock) behind for fit() to trip over.
            return f"it caches to the file {_scalar(node._filename)!r}, and a partial read would leave a partial cache"
    return None


def _state_hazard(node, ops: set[str]) -> str | None:
    for what, effect, names, prefixes in STATE_OPS:
        found = sorted(op for op in ops if op in names or op.startswith(prefixes))
        if found:
            return f"a {type(node).__name__.strip('_')} function {what} ({', '.join(found)}): {effect}"
    return None


def _rerandomizes(node) -> bool:
    """A seeded `Dataset.random` whose iterations each draw new numbers: like a
    seeded reshuffling shuffle(), each new iterator takes the next seed. Without
    rerandomize_each_iteration every iteration repeats the same numbers."""
    if type(node).__name__.strip("_") != "RandomDataset" or not getattr(node, "_rerandomize", None):
        return False
    return bool(_scalar(getattr(node, "_seed", None)) or _scalar(getattr(node, "_seed2", None)))


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


def _scalar(tensor):
    try:
        value = tensor.numpy()
    except AttributeError:
        return None
    return value.decode() if isinstance(value, bytes) else value.item()


def _shuffle_hazard(node, budget: int) -> str | None:
    size = _scalar(getattr(node, "_buffer_size", None))
    if size is None or size < 0 or size > budget:
        shown = "an unknown" if size is None or size < 0 else f"a {size}-element"
        return (
            f"it shuffles with {shown} buffer, which would be filled (reading that many elements) "
            f"before the first batch; the budget is {budget}"
        )
    seeded = _scalar(getattr(node, "_seed", None)) or _scalar(getattr(node, "_seed2", None))
    reshuffles = getattr(node, "_reshuffle_each_iteration", True)
    if seeded and reshuffles is not False:
        # Each new iterator of a seeded, reshuffling shuffle() takes the next seed:
        # reading it once would change the order every epoch of your run sees.
        return (
            "it is a seeded shuffle() that reshuffles each iteration, and an extra iteration would "
            "change the order your seeded training run sees"
        )
    return None


def sample_dataset(ds, batches: int) -> list:
    """Up to ``batches`` elements of a fresh iteration of ``ds``, as NumPy."""
    import tensorflow as tf

    # A SparseTensor has no .numpy(): left as it is (kerasdoctor never samples sparse targets).
    return [
        tf.nest.map_structure(lambda t: t.numpy() if hasattr(t, "numpy") else t, element)
        for element in ds.take(batches)
    ]


def concat_elements(values: list, batched: bool):
    """Join sampled targets (same structure each) into one array per leaf."""
    import numpy as np
    import tensorflow as tf

    if not values:
        return None
    join = np.concatenate if batched else np.stack
    return tf.nest.map_structure(lambda *leaves: join([np.asarray(v) for v in leaves]), *values)
