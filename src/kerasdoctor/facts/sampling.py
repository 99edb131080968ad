"""Reading a tf.data pipeline as a guest: whether a fresh iteration is free of side effects and cheap, and the
one sample of its first elements, read within a budget.

`pipeline_hazard` looks at the pipeline's Python objects and the graphs of its
functions, which runs nothing. `sample_data` then reads a few elements from a
fresh iteration (a new iterator of its own; the user's own
iteration in fit() starts from scratch anyway), and stops early when reading
takes longer than its time budget. It is the one place a dataset is read:
every check that needs a dataset's values (targets, values, order) gets them
from its `Sample`, so each inherits the same hazards and budgets.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from .memo import per_object

# Reading may make a transformation read far more than it gives: a shuffle buffer is filled completely
# before its first element comes out, and filter() (or ignore_errors(), group_by_window(), a flat_map
# whose datasets filter) reads until an element is kept, perhaps through its whole input. Either reads
# at most this many elements of its input (each through every map() before it), or the pipeline is
# not read: an endless filter over repeat() would never return.
READ_BUDGET = 10_000
# Reading stops between two elements once it has taken this long (the elements read so far are the
# sample); one element is never interrupted, which the element budget keeps short.
TIME_BUDGET = 2.0  # seconds
# Ops whose effect is outside TensorFlow: running them again runs the user's
# Python again (a generator advances, a file is read, a counter moves).
PYTHON_OPS = {
    "PyFunc": "py_function/numpy_function",
    "EagerPyFunc": "py_function",
    "PyFuncStateless": "numpy_function",
    "GeneratorDataset": "from_generator",
}
# Ops that change state living outside the iteration, so every element read
# changes what fit() then sees, or that act on the world (op names as TF 2.21
# emits them in a dataset function's graph). Read-only uses of the same
# resources (ReadVariableOp, ReadFile, LookupTableFindV2 of a
# StringLookup/IntegerLookup/StaticHashTable) are no hazard. Stateful random
# ops with no generator (tf.random.uniform, seeded or not,
# RandomUniform/RandomStandardNormal) are no hazard either: tf.data gives each
# new iterator its own kernels, so their stream restarts every iteration.
STATE_OPS = (  # (what it does, the calls that do it, what reading would change, op names, op-name prefixes)
    (
        "writes a tf.Variable",
        "variable.assign()",
        "every element read would change it (a counter moves, a Keras random layer's seed state advances)",
        {"AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp", "ResourceStridedSliceAssign"},
        ("ResourceScatter",),
    ),
    (
        "draws from a tf.random.Generator",
        "",
        "every element read would advance its state and change your seeded random stream",
        {"RngReadAndSkip", "RngSkip", "StatefulRandomBinomial"},
        ("StatefulUniform", "StatefulStandardNormal", "StatefulTruncatedNormal"),
    ),
    (
        "writes to a lookup table",
        "",
        "every element read would change its contents",
        {"LookupTableInsert", "LookupTableInsertV2", "LookupTableImport", "LookupTableImportV2", "LookupTableRemoveV2"},
        (),
    ),
    (
        "writes files",
        "tf.io.write_file, a checkpoint, tf.summary",
        "every element read would write them before fit() does",
        {"Save", "SaveV2", "SaveSlices", "MergeV2Checkpoints", "FlushSummaryWriter", "ImportEvent"},
        ("Write",),  # WriteFile, WriteSummary, WriteScalarSummary, WriteImageSummary, ...
    ),
    (
        "prints",
        "tf.print",
        "every element read would print its lines before fit() does",
        {"Print", "PrintV2"},
        (),
    ),
)
# The method a user calls for each transformation that runs a function of theirs (node kinds).
METHODS = {
    "MapDataset": "map()",
    "ParallelMapDataset": "map()",
    "MapAndBatchDataset": "map()",
    "FilterDataset": "filter()",
    "FlatMapDataset": "flat_map()",
    "InterleaveDataset": "interleave()",
    "ParallelInterleaveDataset": "interleave()",
    "ScanDataset": "scan()",
    "GroupByWindowDataset": "group_by_window()",
    "GroupByReducerDataset": "group_by_reducer()",
}
# Transformations that may read many input elements per element they give (node type names, and the
# op names of a nested dataset in a flat_map/interleave function).
SELECTIVE = {
    "FilterDataset": "filter()",
    "IgnoreErrorsDataset": "ignore_errors()",
    "GroupByWindowDataset": "group_by_window()",
    "GroupByReducerDataset": "group_by_reducer()",
}


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


def _kind(node) -> str:
    return type(node).__name__.strip("_")


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


@per_object  # a dataset never changes: its pipeline is looked at once
def pipeline_hazard(ds, budget: int = READ_BUDGET) -> str | None:
    """Why iterating ``ds`` afresh would have side effects or be costly; None when it is free.

    Looks at the pipeline's Python objects and the graphs of its functions,
    which runs nothing: a `from_generator` source and `py_function` /
    `numpy_function` calls run the user's Python again; a function that writes
    a variable, a lookup table or a file, prints, or draws from a
    `tf.random.Generator` changes state fit() then sees or acts on the world;
    a shuffle buffer, or a filter, larger than the budget reads too much
    before the first element comes out (an endless one never returns); a
    seeded, reshuffling shuffle, and a seeded, rerandomizing `Dataset.random`
    or `sample_from_datasets`, would hand fit() a different order; a file
    cache read in part leaves a partial cache behind, and a snapshot writes
    its files. An in-memory `cache()` read in part is discarded by tf.data,
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
            return f"{_function_of(node)} reads another dataset that kerasdoctor cannot see into"
        reason = _state_hazard(node, ops) or _order_hazard(node) or _cost_hazard(node, ops, budget)
        if reason:
            return reason
        if _kind(node) == "CacheDataset" and _scalar(getattr(node, "_filename", None)):
            # A file cache read in part leaves its files (and a lock) behind for fit() to trip over.
            return f"it caches to the file {_scalar(node._filename)!r}, and a partial read would leave a partial cache"
        if "SnapshotDataset" in _kind(node):
            return "it snapshots to files (Dataset.snapshot), and reading it would write them before fit() does"
    return None


def _state_hazard(node, ops: set[str]) -> str | None:
    for what, calls, effect, names, prefixes in STATE_OPS:
        found = sorted(op for op in ops if op in names or op.startswith(prefixes))
        if found:
            shown = "; ".join(filter(None, (calls, f"op{'s' if len(found) > 1 else ''} {', '.join(found)}")))
            return f"{_function_of(node)} {what} ({shown}): {effect}"
    return None


def _function_of(node) -> str:
    """The user's function that ``node`` runs, in their words: "the function given to map()"."""
    kind = _kind(node)
    return f"the function given to {METHODS[kind]}" if kind in METHODS else f"a {kind} function"


def _order_hazard(node) -> str | None:
    if _kind(node) == "DirectedInterleaveDataset" and any(map(_rerandomizes, pipeline_nodes(node))):
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
        seeded = _scalar(getattr(node, "_seed", None)) or _scalar(getattr(node, "_seed2", None))
        if seeded and getattr(node, "_reshuffle_each_iteration", True) is not False:
            # Each new iterator of a seeded, reshuffling shuffle() takes the next seed:
            # reading it once would change the order every epoch of your run sees.
            return (
                "it is a seeded shuffle() that reshuffles each iteration, and an extra iteration would "
                "change the order your seeded training run sees"
            )
    return None


def _cost_hazard(node, ops: set[str], budget: int) -> str | None:
    """A shuffle buffer, or a selective transformation's input, above the budget."""
    if "Shuffle" in type(node).__name__:
        size = _scalar(getattr(node, "_buffer_size", None))
        if size is None or size < 0 or size > budget:
            shown = "an unknown" if size is None or size < 0 else f"a {size}-element"
            return (
                f"it shuffles with {shown} buffer, which would be filled (reading that many elements) "
                f"before the first batch; the budget is {budget}"
            )
        return None
    what = _selective(node, ops)
    if what is None:
        return None
    sizes = [_cardinality(parent) for parent in node._inputs()]
    if all(0 <= size <= budget for size in sizes):
        return None
    if _INFINITE in sizes:
        return _endless(what)
    return (
        f"it has {what} over an input of unknown size or more than {budget} elements, which may read all "
        f"of it before the first element comes out; the budget is {budget} elements"
    )


def _selective(node, ops: set[str]) -> str | None:
    """The selective transformation ``node`` is, in the user's words ("a filter()"); None when it is not one."""
    kind = _kind(node)
    if kind in SELECTIVE:
        return _article(SELECTIVE[kind])
    nested = sorted(SELECTIVE[op] for op in ops & set(SELECTIVE))
    if not nested:
        return None
    return f"{_article(METHODS.get(kind, kind))} whose datasets select ({', '.join(nested)})"


def _article(name: str) -> str:
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _endless(what: str) -> str:
    return (
        f"it has {what} over an endless input, which may read it without end and never return "
        "(not even inspect_unsafe=True reads it)"
    )


@per_object
def unending(ds) -> str | None:
    """Why reading ``ds`` may never return (a selective transformation over an endless input); checked even when
    the user asks to read an unsafe pipeline."""
    for node in pipeline_nodes(ds):
        what = _selective(node, function_ops(node))
        if what and _INFINITE in [_cardinality(parent) for parent in node._inputs()]:
            return _endless(what)
    return None


_INFINITE = -1  # tf.data.INFINITE_CARDINALITY; UNKNOWN_CARDINALITY is -2


def _cardinality(ds) -> int:
    try:
        return int(ds.cardinality())
    except Exception:  # not a dataset tf.data can size
        return -2


def _rerandomizes(node) -> bool:
    """A seeded `Dataset.random` whose iterations each draw new numbers: like a
    seeded reshuffling shuffle(), each new iterator takes the next seed. Without
    rerandomize_each_iteration every iteration repeats the same numbers."""
    if _kind(node) != "RandomDataset" or not getattr(node, "_rerandomize", None):
        return False
    return bool(_scalar(getattr(node, "_seed", None)) or _scalar(getattr(node, "_seed2", None)))


def _scalar(tensor):
    try:
        value = tensor.numpy()
    except AttributeError:
        return None
    return value.decode() if isinstance(value, bytes) else value.item()


@dataclass(frozen=True)
class Sample:
    """The elements of a fresh iteration of a dataset, read once for every check that needs values."""

    elements: tuple = ()  # (x, y, sample_weight) per element read, as NumPy
    hazard: str | None = None  # why it was not read: reading would have side effects or cost (KD901)
    skipped: str | None = None  # why it was not read otherwise (inspect_batches=0)
    failed: str | None = None  # what reading it raised, as fit() will meet it (KD901)
    forceable: bool = True  # inspect_unsafe=True would read it (not when reading may never return)

    @property
    def read(self) -> bool:
        return not self.unread

    @property
    def unread(self) -> str | None:
        """Why there are no elements, in words; None when they were read."""
        return self.hazard or self.failed or self.skipped


def sample_data(data, batches: int, unsafe: bool) -> Sample:
    """At most ``batches`` elements of a fresh iteration of the dataset of ``data`` (a `facts.data.DataFacts`),
    unless `pipeline_hazard` stands in the way (``unsafe`` reads anyway, except what may never return). The
    one place a dataset is read."""
    import tensorflow as tf

    from .data import unpack

    if not batches:
        return Sample(skipped="inspect_batches=0: the dataset was not read")
    endless = unending(data.pipeline)
    if endless:
        return Sample(hazard=endless, forceable=False)
    hazard = None if unsafe else pipeline_hazard(data.pipeline)
    if hazard:
        return Sample(hazard=hazard)
    try:
        elements = sample_dataset(data.pipeline, batches)
    except tf.errors.OpError as error:  # as a PyDataset whose batch 0 raises: not inspected, fit() fails the same
        return Sample(failed=f"reading its first elements raised {type(error).__name__}: {op_message(error)}")
    return Sample(tuple(unpack(element) for element in elements))


def op_message(error) -> str:
    """A TensorFlow error's message without the graph nodes and ops it names (first line only), nor the
    frame tf.data puts around a map() function's error when its map is not fused with the next step
    ("Error in user-defined function passed to MapDataset:335 transformation with iterator: ...: "), which
    our sample's unoptimised pipeline gets and fit()'s does not."""
    message = getattr(error, "message", None) or str(error)
    message = re.sub(r"\{\{function_node [^}]*\}\}|\[\[\{\{node [^]]*\]\]|\[Op:[^]]*\]( name:)?", "", message)
    message = re.sub(r"Error in user-defined function passed to \S+ transformation with iterator: \S+: ", "", message)
    return message.strip().split("\n")[0].strip() or type(error).__name__


def sample_dataset(ds, batches: int, seconds: float = TIME_BUDGET) -> list:
    """Up to ``batches`` elements of a fresh iteration of ``ds``, as NumPy; fewer when reading them takes
    longer than ``seconds`` (checked between elements). A pipeline that raises when read (a CSV header
    parsed as numbers) raises its `tf.errors.OpError` here, as fit() would.

    The iteration is ours alone, so tf.data's autotuning and default graph rewrites, which pay off over a
    training run, are turned off for it: they cost more than reading two batches. The loop stops after
    ``batches`` elements, without a ``take()`` node (one more op to build) or the end-of-sequence round trip.
    Tensors are read as read-only views (``np.asarray`` of an EagerTensor shares its buffer, where
    ``.numpy()`` copies it)."""
    import numpy as np
    import tensorflow as tf

    def to_numpy(value):
        if isinstance(value, tf.Tensor):
            return np.asarray(value)
        # A RaggedTensor's .numpy() is an array of rows; a SparseTensor has none and is left as it is
        # (kerasdoctor never samples sparse targets).
        return value.numpy() if hasattr(value, "numpy") else value

    start, elements = time.perf_counter(), []
    if batches <= 0:
        return elements
    if tf.executing_eagerly():
        readable = tf.data.experimental.from_variant(_unoptimised(ds), ds.element_spec)
    else:  # where a dataset cannot be iterated: let tf.data say so, as for the user's own loop
        readable = ds.with_options(_unoptimised_options())
    for element in readable:
        elements.append(tf.nest.map_structure(to_numpy, element))
        if len(elements) >= batches or time.perf_counter() - start > seconds:
            break
    return elements


def _unoptimised_options():
    import tensorflow as tf

    options = tf.data.Options()
    options.autotune.enabled = False
    options.experimental_optimization.apply_default_optimizations = False
    return options


@per_object
def _unoptimised(ds):
    """``ds`` without autotuning and default rewrites, as the variant tensor of ``ds.with_options(...)``, made
    once per dataset: with_options() costs more than reading two small batches. The variant holds the
    pipeline's kernels and its options (`tf.data.experimental.from_variant` reads them back), not the Python
    dataset, so remembering it until the dataset goes keeps nothing alive longer."""
    import tensorflow as tf

    return tf.data.experimental.to_variant(ds.with_options(_unoptimised_options()))
