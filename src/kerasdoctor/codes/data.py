"""KD1xx: data pipelines and input shapes. Each code's declaration, then the wording of its findings."""

from __future__ import annotations

import math

from ..facts.shapes import show
from ..findings import Finding
from .registry import ERROR, WARNING, declare  # noqa: F401

KD101 = declare(
    "KD101",
    "unbatched-dataset",
    ERROR,
    "A dataset yields single examples where the model expects batches.",
    what="""
    Compares the shape of the elements a `tf.data.Dataset` (or `PyDataset`) yields with the model's
    input shape. When an element has exactly the shape of one example, the dataset was never
    batched.
    """,
    why="""
    `Model.fit` takes every element of a dataset as one batch. An element of shape `(75,)` against
    `Input((75,))` fails with a shape error that never mentions batching; with a one-feature input
    Keras adds the missing axis itself and trains silently on one example per step. The usual cause
    is `ds.batch(32)` called without assigning its result: tf.data datasets are immutable and
    `batch()` returns a new dataset.
    """,
)


KD102 = declare(
    "KD102",
    "discarded-dataset-transformation",
    ERROR,
    "The result of `ds.batch()`, `ds.map()`, ... is not assigned.",
    what="""
    Found by `kerasdoctor lint` (from source; there is no runtime check): a statement of its own
    that calls a `tf.data.Dataset` transformation (`apply`, `batch`, `bucket_by_sequence_length`,
    `cache`, `concatenate`, `enumerate`, `filter`, `flat_map`, `group_by_window`, `ignore_errors`,
    `interleave`, `map`, `padded_batch`, `prefetch`, `ragged_batch`, `rebatch`,
    `rejection_resample`, `repeat`, `scan`, `shard`, `shuffle`, `skip`, `snapshot`, `sparse_batch`,
    `take`, `take_while`, `unbatch`, `unique`, `window`, `with_options`, `zip`) and throws the
    result away, on a value the source shows to be a dataset: bound from a `tf.data.Dataset.*`
    constructor, a `tf.data.*Dataset(...)` class, `keras.utils.*_dataset_from_*`, `tfds.load(...,
    split="...")`, a function of the file that returns one, or another transformation, through
    assignments and across notebook cells. A discarded chain that changes batching (`batch`,
    `padded_batch`, `ragged_batch`, `sparse_batch`, `bucket_by_sequence_length`, `unbatch`,
    `rebatch`, `window`, `group_by_window`) is an error, any other a warning. A receiver that cannot
    be shown to be a dataset (a DataFrame's `sample`, a list) gives no finding.
    """,
    why="""
    Datasets are immutable: every transformation returns a new dataset and leaves the original
    unchanged. A discarded `batch()` leaves the pipeline unbatched (see KD101); a discarded
    `shuffle()` or `map()` silently trains on unshuffled or unprocessed data.
    """,
)


KD103 = declare(
    "KD103",
    "double-batched-dataset",
    ERROR,
    "Dataset elements carry one batch axis too many.",
    what="""
    Detects dataset elements whose shape is the model's input shape with two leading batch axes,
    e.g. `(None, None, 75)` against `Input((75,))`.
    """,
    why="""
    `batch()` applied twice (or to data that was already batched, such as an array of shape `(steps,
    batch, features)` passed to `from_tensor_slices` after `batch()`) produces batches of batches.
    Keras then fails with a rank error deep inside the first layer.
    """,
)


KD104 = declare(
    "KD104",
    "input-shape-mismatch",
    ERROR,
    "The per-example shape differs from the model's input shape.",
    what="""
    Compares, input by input, the shape of one example in the data (arrays, datasets, `PyDataset`,
    `validation_data`) with the shape the model's `Input` declares, allowing for the one-axis
    adjustment Keras itself makes.
    """,
    why="""
    Keras reports the mismatch only once the first batch reaches a layer, in terms of tensor ranks
    and a layer's name rather than the data you passed.
    """,
)


KD105 = declare(
    "KD105",
    "input-structure-mismatch",
    ERROR,
    "Number, names or nesting of inputs/targets differ from what the model needs.",
    what="""
    Checks that the data provides one entry per model input (by position, or by name when it is a
    dict), and that it provides targets when the compiled loss needs them.
    """,
    why="""
    A dict keyed by names that are not the `Input` names, a single array for a two-input model, or a
    dataset that yields only features fail late with errors about flattened structures, or a loss
    called with `None` targets.
    """,
)


KD106 = declare(
    "KD106",
    "batch-size-ignored",
    WARNING,
    "`batch_size=` passed to fit() with a Dataset, generator or PyDataset.",
    what="""
    Flags `fit(..., batch_size=N)` when `x` is a `tf.data.Dataset`, a Python generator or a
    `keras.utils.PyDataset`.
    """,
    why="""
    These inputs decide their own batches; Keras ignores `batch_size` for them without a word. A
    user who relies on it to batch an unbatched dataset trains on single examples.
    """,
)


KD107 = declare(
    "KD107",
    "empty-dataset",
    ERROR,
    "fit() would run zero steps.",
    what="""
    Reports data whose size is known to be zero: a dataset of cardinality 0, an empty array, a
    `PyDataset` of length 0.
    """,
    why="""
    The most common cause is `batch(n, drop_remainder=True)` with fewer than `n` examples (or a
    `take`/`filter`/`skip` that removes everything). Keras then trains for zero steps, or stops with
    an unhelpful error about unknown logs.
    """,
)


KD108 = declare(
    "KD108",
    "infinite-dataset-without-steps",
    ERROR,
    "`repeat()` without `steps_per_epoch`: the first epoch never ends.",
    what="""
    Reports a dataset of infinite cardinality passed to `fit()` without `steps_per_epoch` (and as
    `validation_data` without `validation_steps`).
    """,
    why="""
    An epoch ends when the data runs out. An infinite dataset never runs out, so the first epoch
    runs forever and no callback or validation runs.
    """,
)


# ---- wording ------------------------------------------------------------------------

# How a message names each kind of data that makes its own batches.
KIND_TEXT = {"dataset": "a tf.data.Dataset", "pydataset": "a keras.utils.PyDataset", "generator": "a Python generator"}


def unbatched_dataset(
    *, where: str, element_shape: tuple, input_name: str, expected: tuple, name: str, batch
) -> Finding:
    """KD101 from the data: the dataset's element has one example's shape."""
    return KD101.finding(
        f"The dataset yields single examples: its elements have shape {show(element_shape)}, one example for "
        f"input {input_name!r}, which expects batches of shape {show(expected)}. fit() takes every element "
        f"as a whole batch. tf.data datasets are immutable: `batch()` returns a new dataset, and its result "
        f"must be assigned.",
        where=where,
        fix=f"{name} = {name}.batch({batch})",
    )


def unbatched_in_error(*, input_name: str, expected: tuple, got: tuple) -> Finding:
    """KD101 from the numbers of Keras' 'Invalid input shape' error."""
    return KD101.finding(
        f"Input {input_name!r} expects batches of shape {show(expected)}, but received {show(got)}: "
        f"one example, not a batch. The data was never batched; with a tf.data.Dataset, fit() takes every "
        f"element as a whole batch, and `ds.batch(n)` returns a new dataset whose result must be assigned.",
        where=f"input {input_name!r}",
        fix="ds = ds.batch(32)",
    )


def unbatched_in_distribution_error() -> Finding:
    """KD101 from tf.distribute's IndexError: it could not find the batch of an unbatched dataset to split."""
    return KD101.finding(
        "tf.distribute could not split the dataset between the replicas (IndexError: list index out of range): "
        "its elements are single examples, not batches, and a strategy splits each batch. `batch()` returns a "
        "new dataset, and its result must be assigned.",
        where="x",
        fix="ds = ds.batch(32)   # before fit() or strategy.experimental_distribute_dataset(ds)",
    )


def discarded_transformation(
    *, source: str, call: str, receiver: str | None, unbatched: bool, batching: bool
) -> Finding:
    """KD102, from source: ``call`` (``source`` shortened) is a statement of its own on a dataset
    ``receiver`` (None: not a plain name)."""
    if receiver is not None:
        state = "still unbatched" if unbatched else "unchanged"
        return KD102.finding(
            f"result of `{source}` is discarded; tf.data datasets are immutable, so `{receiver}` is {state}",
            fix=f"{receiver} = {call}",
            severity=None if batching else WARNING,
        )
    return KD102.finding(
        f"result of `{source}` is discarded; tf.data datasets are immutable, so this statement has no effect",
        fix=f"ds = {call}",
        severity=None if batching else WARNING,
    )


def double_batched(
    *, where: str, element_shape: tuple, example_shape: tuple, input_name: str, expected: tuple, name: str
) -> Finding:
    return KD103.finding(
        f"The dataset's elements have shape {show(element_shape)}: batches of batches of examples of shape "
        f"{show(example_shape)}. Input {input_name!r} expects batches of shape {show(expected)}; "
        f"batch() was applied twice, or to data that was already batched.",
        where=where,
        fix=f"{name} = {name}.unbatch()   # or drop the second .batch(...)",
    )


def input_shape_mismatch(
    *,
    where: str,
    input_name: str,
    expected: tuple,
    data_where: str,
    path: str,
    element_shape: tuple,
    example_shape: tuple,
    inferred_batch: bool,
    name: str,
    arrays: bool,
) -> Finding:
    """KD104 from the data. ``inferred_batch``: a tf.data element, whose batch axis is inferred;
    ``arrays``: the data are arrays, which a reshape can fix."""
    expected_example = tuple(expected[1:])
    if inferred_batch:
        got = f"the elements of {data_where}{path} have shape {show(element_shape)}"
        if len(element_shape) > 1:
            got += f" (examples of shape {show(example_shape)})"
    else:
        got = f"the examples in {data_where}{path} have shape {show(example_shape)}"
    if (
        arrays
        and None not in example_shape
        and None not in expected_example
        and math.prod(example_shape) == math.prod(expected_example)
    ):
        fix = f"{name} = {name}.reshape((-1, {', '.join(map(str, expected_example))}))"
    else:
        fix = (
            f"keras.Input(shape={show(example_shape)})   # or reshape the data to {show(expected_example)} per example"
        )
    return KD104.finding(
        f"Input {input_name!r} expects examples of shape {show(expected_example)} (batches of "
        f"{show(expected)}), but {got}.",
        where=where,
        fix=fix,
    )


def input_shape_in_error(*, input_name: str, expected: tuple, got: tuple) -> Finding:
    """KD104 from the numbers of a Keras shape error (full shapes, batch axis first)."""
    return KD104.finding(
        f"Input {input_name!r} expects examples of shape {show(expected[1:])} (batches of {show(expected)}), "
        f"but the data's examples have shape {show(got[1:])} (batches of {show(got)}).",
        where=f"input {input_name!r}",
        fix=f"keras.Input(shape={show(got[1:])})   # or reshape the data to {show(expected[1:])} per example",
    )


def structure_mismatch(*, where: str, problem: str, input_keys: list[str]) -> Finding:
    """KD105: the data's inputs do not pair with the model's (``problem`` in words)."""
    if len(input_keys) == 1:
        fix = "model.fit(x_array, y, ...)"
    else:
        fix = "x = {" + ", ".join(f"{key!r}: x_{i}" for i, key in enumerate(input_keys)) + "}"
    return KD105.finding(f"{where}: {problem}.", where=where, fix=fix)


def inputs_only(*, where: str, kind: str, name: str) -> Finding:
    """KD105: the data yields inputs alone, for a model compiled with a loss."""
    fix = (
        f"{name} = tf.data.Dataset.zip(({name}, labels_ds))   # elements must be (x, y)"
        if kind == "dataset"
        else "model.fit(x, y, ...)"
    )
    return KD105.finding(
        f"{where} ({KIND_TEXT.get(kind, 'the data')}) provides inputs only, but the model was "
        f"compiled with a loss, which needs targets: each element must be an (x, y) pair.",
        where=where,
        fix=fix,
    )


def batch_size_ignored(
    *, where: str, kind: str, argument: str, batch_size, model: str, name: str, validation: bool
) -> Finding:
    """KD106 from the objects: ``argument`` (batch_size or validation_batch_size) given with data that
    makes its own batches. Not ``ds.batch(n)`` as the fix: the data may be batched already (that would
    batch twice); an unbatched dataset gets its batching fix from KD101."""
    keyword = f"validation_data={name}, " if validation else ""
    fix = (
        f"{model}.fit({'...' if validation else name}, {keyword}...)   "
        f"# without {argument}={batch_size}: the {kind} decides its own batches"
    )
    return KD106.finding(
        f"{argument}={batch_size} is ignored because {where} is {KIND_TEXT[kind]}: it yields "
        f"its own batches, and fit() does not re-batch them.",
        where=where,
        fix=fix,
    )


def batch_size_ignored_in_source(
    *, batch_size: str, x: str, dataset: bool, call_without: str, name: str | None
) -> Finding:
    """KD106 from source: ``fit(x, batch_size=...)``; ``call_without`` is the call without it, ``name``
    the dataset's variable when x is one."""
    fix = call_without
    if dataset and name is not None:
        fix = f"{name} = {name}.batch({batch_size})   # unless it is batched already\n{fix}"
    what = "a tf.data dataset" if dataset else "a generator"
    return KD106.finding(f"`batch_size={batch_size}` is ignored: `{x}` is {what}, which makes its own batches", fix=fix)


def empty_data(*, where: str, kind: str, name: str) -> Finding:
    unit = {"arrays": "examples", "dataset": "elements", "pydataset": "batches"}.get(kind, "items")
    # Batching an empty dataset again keeps it empty: the fix is where it is built.
    fix = (
        f"# where {name} is built: .batch(n) without drop_remainder=True (or a smaller n)" if kind == "dataset" else ""
    )
    return KD107.finding(
        f"{where} holds 0 {unit}, so fit() would run zero steps. With a tf.data pipeline the "
        "usual cause is batch(n, drop_remainder=True) over fewer than n examples, or a "
        "take()/skip()/filter() that removes everything.",
        where=where,
        fix=fix,
    )


def infinite_without_steps(*, where: str, steps: str) -> Finding:
    return KD108.finding(
        f"{where} is infinite (repeat() without a count, or an endless PyDataset) and {steps} "
        "is not set, so the first epoch never ends.",
        where=where,
        fix=f"model.fit(..., {steps}=number_of_examples // batch_size)",
    )
