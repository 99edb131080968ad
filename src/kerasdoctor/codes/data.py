"""KD1xx: data pipelines and input shapes. Each code's declaration, then the wording of its findings."""

from __future__ import annotations

import math

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
    batched. The same for an array passed to fit(), evaluate() or predict() that is one example
    without its batch axis (`model.predict(image)` with an image of the Input's shape,
    `model.predict([row])`): the fix adds the batch axis (`image[None]`).
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
    adjustment Keras itself makes. For a model that declares no input shape, builds it for the data's
    examples as fit() will and reports what a layer refuses: the rank it needs (an LSTM or Conv1D
    given 2-D data, a Conv2D given images without a channel axis) or a window larger than the
    feature map that reaches it. The same messages raised by Keras anywhere (at model construction)
    get this code's note.
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


KD109 = declare(
    "KD109",
    "sample-count-mismatch",
    ERROR,
    "x, y, sample_weight (or validation parts) of different lengths.",
    what="""
    Compares the number of examples (the first axis) of every array fit(), evaluate() or predict()
    receives: `x` (arrays, a list or dict of arrays, one per input), `y` (the same, one per output)
    and `sample_weight`, and the parts of `validation_data=(x_val, y_val[, sample_weight])`. Reports
    the sizes when they differ. When the odd arrays are named for another split than x (`X_test` with
    `y_train`) and your code has the variables of x's split with as many rows (`y_test`), the fix
    is the call with those; otherwise it cuts the longer arrays to the shortest.
    """,
    why="""
    Keras pairs the i-th row of x with the i-th row of y. Arrays of different lengths mean that the
    pairing is lost somewhere (x and y cut from different splits, rows dropped from one of them,
    windows built from x but not y); Keras stops with "Data cardinality is ambiguous", which does not
    say where the rows went.
    """,
)


KD117 = declare(
    "KD117",
    "non-integer-count",
    ERROR,
    "`steps_per_epoch`, `validation_steps`, `steps`, `epochs` or `batch_size` given as a float.",
    what="""
    Reports a count fit(), evaluate() or predict() takes as a whole number (`steps_per_epoch`,
    `validation_steps`, `steps`, `epochs`, `initial_epoch`, `batch_size`, `validation_batch_size`)
    given as a float, such as `steps_per_epoch=len(x) / batch_size`.
    """,
    why="""
    In Python 3 `/` always gives a float. Keras 3 counts steps and epochs with `range()`, which
    refuses floats: the call stops with "TypeError: 'float' object cannot be interpreted as an
    integer" (a float batch_size fails inside TensorFlow's slicing), after the model was built.
    """,
)


# ---- wording: shapes as Keras prints them ----------------------------------------------------


def show(shape: tuple | None) -> str:
    """A shape as users read it in Keras messages: ``(None, 75)``, ``(75,)``."""
    if shape is None:
        return "(unknown)"
    return str(tuple(shape))


# ---- wording ------------------------------------------------------------------------

# How a message names each kind of data that makes its own batches.
KIND_TEXT = {"dataset": "a tf.data.Dataset", "pydataset": "a keras.utils.PyDataset", "generator": "a Python generator"}


def unbatched_dataset(
    *, where: str, element_shape: tuple, input_name: str, expected: tuple, name: str, batch, call: str = "fit"
) -> Finding:
    """KD101 from the data: the dataset's element has one example's shape."""
    return KD101.finding(
        f"The dataset yields single examples: its elements have shape {show(element_shape)}, one example for "
        f"input {input_name!r}, which expects batches of shape {show(expected)}. {call}() takes every element "
        f"as a whole batch. tf.data datasets are immutable: `batch()` returns a new dataset, and its result "
        f"must be assigned.",
        where=where,
        fix=f"{name} = {name}.batch({batch})",
    )


def single_example_array(*, where: str, shape: tuple, input_name: str, expected: tuple, fix: str, call: str) -> Finding:
    """KD101 from an array: the whole array has the shape of one example (``model.predict(image)``)."""
    return KD101.finding(
        f"The array passed to {call}() is a single example of shape {show(shape)}, not a batch: {call}() "
        f"takes axis 0 as the batch axis, so it would read {shape[0]} examples of shape {show(shape[1:])}, "
        f"while input {input_name!r} expects batches of shape {show(expected)}.",
        where=where,
        fix=fix,
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


# ---- KD104 from a build: the rank a layer needs, an input too small ---------------------------------

# What each rank of input means to the layers that demand it, and how a rank short of it is usually fixed.
RANK_MEANING = {2: "(batch, features)", 3: "(batch, timesteps, features)", 4: "(batch, height, width, channels)"}


def input_rank_mismatch(
    *,
    layer: str,
    kind: str | None,
    expected: int,
    got: tuple,
    name: str,
    source: str | None,
    single_example: bool = False,
    call: str = "fit",
    model: str = "model",
    dataset: bool = False,
) -> Finding:
    """KD104: layer ``layer`` (class ``kind``, None: unknown) needs ``expected``-D input but is given ``got``
    (batch axis first). ``name``: the data's variable (a tf.data dataset when ``dataset``); ``source``: where
    the data comes from ("x"), None when only the error message is known."""
    example = tuple(got[1:])
    meaning = RANK_MEANING.get(expected, f"{expected} axes")
    what = f"layer {layer!r}" + (f" ({kind})" if kind else "")
    given = (
        f"the examples of {source} have shape {show(example)}: batches of {show(got)}"
        if source
        else f"it receives {show(got)}"
    )
    text = f"The {what} expects {expected}-D input {meaning}, but {given}."
    sizes = [d for d in example if d is not None]
    if single_example:
        text += f" {name} looks like one example, not a batch: {call}() takes axis 0 as the batch axis."
        fix = f"{model}.{call}({name}[None])   # a batch of one example: np.expand_dims({name}, 0)"
    elif expected == 3 and len(example) == 1 and sizes:
        steps = sizes[0]
        text += f" {kind or 'This layer'} reads each example as a sequence of steps, each a vector of features."
        reshape = (
            f"{name} = {name}.map(lambda x, y: (tf.expand_dims(x, -1), y))   # {steps} time steps of 1 feature"
            if dataset
            else f"{name} = {name}.reshape((-1, {steps}, 1))   # {steps} time steps of 1 feature (or (-1, 1, {steps}): "
            f"1 step of {steps} features)"
        )
        fix = (
            f"{reshape}\n"
            f"# and declare the sequence: keras.Input(shape=({steps}, 1)) as the first layer, i.e. "
            "keras.Input(shape=(timesteps, features))"
        )
    elif expected == 4 and len(example) == 2 and len(sizes) == 2:
        text += " Images need a channel axis: (height, width, 1) for grayscale."
        channel = (
            f"{name} = {name}.map(lambda x, y: (tf.expand_dims(x, -1), y))"
            if dataset
            else f"{name} = {name}[..., None]"
        )
        fix = (
            f"{channel}   # {show((*example, 1))} per example: one channel\n"
            f"# and declare it: keras.Input(shape={show((*example, 1))}) as the first layer"
        )
    elif expected == 2 and not example:
        text += " Each example is a single number, without a feature axis."
        fix = (
            f"{name} = {name}.map(lambda x, y: (tf.expand_dims(x, -1), y))   # one feature per example"
            if dataset
            else f"{name} = {name}.reshape((-1, 1))   # one feature per example"
        ) + "\n# and declare it: keras.Input(shape=(1,)) as the first layer"
    else:
        axes = f"{expected - 1} ax{'is' if expected == 2 else 'es'}"
        fix = f"# give every example {axes}, then declare them: keras.Input(shape=(...))"
    return KD104.finding(text, where=f"{source or 'the data'} -> layer {layer!r}", fix=fix)


def input_too_small(*, layer: str | None, shape: tuple, kernel: tuple, source: str | None) -> Finding:
    """KD104: a convolution's window is larger than the feature map that reaches it (Keras' "Computed
    output size would be zero or negative")."""
    spatial = tuple(shape[1:-1])
    window = tuple(kernel[: len(spatial)])
    at = f"layer {layer!r}" if layer else "a convolution"
    given = f" for the examples of {source}" if source else ""
    dims = f"{len(spatial)}D" if 1 <= len(spatial) <= 3 else "2D"
    unit = "steps" if len(spatial) == 1 else "pixels"
    return KD104.finding(
        f"At {at} the feature maps are {' x '.join(map(str, spatial))}{given}, smaller than its "
        f"{' x '.join(map(str, window))} window: the inputs are too small for this stack of convolutions and "
        f"poolings (each 'valid' convolution trims kernel - 1 {unit}, each pooling divides the size by its pool "
        "size).",
        where=f"{source or 'the data'} -> {at}",
        fix=f'keras.layers.Conv{dims}(filters, kernel_size, padding="same")   # keeps the size; '
        f"or fewer or smaller MaxPooling{dims} layers, or larger inputs",
    )


def model_cannot_be_built(*, model: str, layer: str, example: tuple, source: str, error: BaseException) -> Finding:
    """KD104: Keras cannot build the model for the examples the data holds (an error no other wording explains)."""
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return KD104.finding(
        f"Model {model!r} declares no input shape, so fit() builds it for the examples of {source}, of shape "
        f"{show(example)}; for that shape layer {layer!r} raises {type(error).__name__}: {first}",
        where=f"{source} -> layer {layer!r}",
        fix=f"keras.Input(shape={show(example)})   # as the first layer, then fix the layer the shape does not fit",
    )


def negative_size_in_error(*, window: int, size: int, shape: tuple) -> Finding:
    """KD101 from TensorFlow's "Negative dimension size caused by subtracting 3 from 1 ... with input shapes:
    [28,28,1,1]": a window larger than an axis of the real input; with a declared image shape, a single
    image passed where a batch is expected."""
    image = show(shape[:-1]) if shape and shape[-1] == 1 else show(shape)
    return KD101.finding(
        f"A convolution or pooling window of {window} does not fit an axis of size {size} of its input "
        f"{show(shape)}. With a model that declares its image shape, this is what a single image of shape "
        f"{image} does where a batch is expected: axis 0 is taken as the batch, and Keras adds an axis at the end.",
        where="the data passed to fit/evaluate/predict",
        fix="model.predict(image[None])   # a batch of one image: np.expand_dims(image, 0)",
    )


# ---- KD109 sample-count-mismatch ----------------------------------------------------------------


def sample_count_mismatch(
    *, where: str, counts: list[tuple[str, str, int]], call: str, model: str = "model", same_split=None
) -> Finding:
    """KD109: ``counts`` is (role, the user's expression, its number of examples) per array, x first;
    ``same_split`` maps each mismatched array to the user's variable of x's split, when every one has one."""
    sizes = ", ".join(f"{what} has {n}" for _, what, n in counts)
    arrays = f"The arrays passed to {call}()" if where == "x" else f"The arrays of {where}"
    message = (
        f"{arrays} must hold the same examples, row for row, but {sizes}. Keras stops with 'Data cardinality "
        "is ambiguous'. "
    )
    if same_split:
        _, x, n = counts[0]
        named = {role: same_split.get(what, what) for role, what, _ in counts}
        one = len(same_split) == 1
        return KD109.finding(
            message + f"{_and(list(same_split))} {'is' if one else 'are'} named for another split than {x}: "
            f"pass {_and(list(same_split.values()))} in {'its' if one else 'their'} place, which "
            f"{'has' if one else 'have'} {n} rows like {x}.",
            where=where,
            fix=_data_arguments(named, call, model, where),
        )
    shortest = min(counts, key=lambda c: c[2])
    cut = [what for _, what, n in counts if n > shortest[2]]
    lines = [f"{what} = {what}[:len({shortest[1]})]" for what in dict.fromkeys(cut)]
    return KD109.finding(
        message + "Arrays of different lengths usually come from different splits (x_train with y_test), from "
        "rows dropped from one of them, or from windows cut from x but not from y.",
        where=where,
        fix=f"# only if the first {shortest[2]} rows of each are the same examples; else build them from the same "
        "rows\n" + "\n".join(lines),
    )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _data_arguments(named: dict[str, str], call: str, model: str, where: str) -> str:
    """The data arguments of the call, spelled with ``named`` (role -> expression)."""
    parts = [named["x"]] + [named[role] for role in ("y",) if role in named]
    if where != "x":
        inside = ", ".join(parts + [named[role] for role in ("sample_weight",) if role in named])
        return f"validation_data=({inside}),   # in {model}.{call}(...)"
    if "sample_weight" in named:
        parts.append(f"sample_weight={named['sample_weight']}")
    rest = ", ...)   # with your other arguments" if call == "fit" else ")"
    return f"{model}.{call}({', '.join(parts)}{rest}"


def sample_count_in_error(*, sizes: dict[str, int]) -> Finding:
    """KD109 from the sizes Keras lists after "Data cardinality is ambiguous"."""
    listed = ", ".join(f"{what} has {n}" for what, n in sizes.items())
    return KD109.finding(
        f"The arrays must hold the same examples, row for row, but {listed}: they come from different splits, "
        "or rows were dropped from one of them.",
        where=", ".join(sizes),
        fix="print(len(x), len(y))   # then build x, y (and sample_weight) from the same rows",
    )


# ---- KD111 for Python lists ---------------------------------------------------------------------------


def python_lists(*, where: str, lists: list[tuple[str, str, str | None, tuple]], call: str, model: str) -> Finding:
    """KD111: ``lists`` is (role, the user's name, the list as code when it is written out in the call, its
    shape) for each Python list of numbers in the data."""
    described = [f"{name} is a Python list ({_list_shape(shape)})" for _, name, _, shape in lists]
    message = (
        f"{_and(described)}, which Keras 3 does not convert: {call}() reads a list as one array per input "
        '(or output), takes each number for an array and stops with "Unrecognized data type" (Keras 2 '
        "converted lists). Pass NumPy arrays."
    )
    literals = [(role, literal) for role, _, literal, _ in lists if literal]
    if call == "predict" and len(lists) == 1 and literals:
        fix = f"{model}.predict(np.array({literals[0][1]}))"
    else:
        lines = [
            f"{name} = np.array({literal or name})" + ("   # and pass it to the call" if literal else "")
            for _, name, literal, _ in lists
        ]
        fix = "\n".join(dict.fromkeys(lines))
    return KD111.finding(message, where=where, fix=fix)


def python_list_in_error(*, kind: str) -> Finding:
    """KD111 from "Unrecognized data type: x=... (of type <class 'list'>)" (Keras names x whichever part it was)."""
    keras3 = (
        "Keras 3 takes NumPy arrays, tensors, DataFrames or a dataset, and reads a list as one array per input, "
        "whose numbers it cannot take (Keras 2 converted lists)."
    )
    if kind in ("list", "tuple"):
        return KD111.finding(
            f"x is a Python {kind}: {keras3}",
            where="x",
            fix="x = np.array(x)",
        )
    return KD111.finding(
        f"x is a {kind}, so y or sample_weight (or a part of validation_data) is a Python list or another type "
        f"Keras does not know: {keras3}",
        where="y, sample_weight",
        fix="y = np.array(y)   # and sample_weight, if it is a list",
    )


def _list_shape(shape: tuple) -> str:
    if len(shape) == 1:
        return _count(shape[0], "number")
    if len(shape) == 2:
        return f"{_count(shape[0], 'row')} of {_count(shape[1], 'number')}"
    return f"nested lists of shape {show(shape)}"


# ---- KD117 non-integer-count --------------------------------------------------------------------------


def non_integer_count(*, argument: str, value, call: str) -> Finding:
    whole = math.ceil(value) if math.isfinite(value) else 1
    per = "steps" if "steps" in argument else "examples per batch" if "batch" in argument else "epochs"
    how = "math.ceil(len(x) / batch_size)" if "steps" in argument else f"int({argument})"
    return KD117.finding(
        f"{argument}={value!r} is a float, but {call}() counts {per} in whole numbers: Keras 3 stops with "
        "\"TypeError: 'float' object cannot be interpreted as an integer\". In Python 3, n / batch_size is "
        "always a float.",
        where=argument,
        fix=f"{argument}={whole}   # a whole number: {how}",
    )


def non_integer_in_error() -> Finding:
    """KD117 from Keras' TypeError alone (the argument is not named in it)."""
    return KD117.finding(
        "A count Keras takes as a whole number (steps_per_epoch, validation_steps, steps or epochs) was given as a "
        "float; in Python 3, n / batch_size is always a float.",
        where="steps_per_epoch / validation_steps / steps / epochs",
        fix="steps_per_epoch = math.ceil(len(x_train) / batch_size)   # or len(x_train) // batch_size",
    )


# ---- KD110-KD116: silent mistakes in the data ----------------------------------------

KD110 = declare(
    "KD110",
    "non-finite-values",
    ERROR,
    "NaN or ±inf in x, y or sample_weight.",
    what="""
    Reads every value of the arrays (NumPy, tensors, DataFrames) given to `fit()` as `x`, `y`,
    `sample_weight` and `validation_data`, in chunks, and reports NaN and infinite values: where the
    first one is (`x[3, 1]`, a DataFrame's column) and how many there are. A `tf.data` pipeline is
    judged from the batches read from a fresh iteration (see KD901), a `PyDataset` from its batch 0.
    """,
    why="""
    One NaN in one feature makes the gradients of its batch NaN, and the optimizer writes NaN into
    every weight: `fit()` raises nothing, the loss reads `nan` from then on, accuracy sits at the
    rate of the class an all-NaN output is read as, and the model predicts NaN. A NaN in a target or
    a sample weight does the same through the loss; one in `validation_data` leaves training alone
    but makes `val_loss` NaN, so EarlyStopping and `save_best_only` never see an improvement.
    """,
)


KD111 = declare(
    "KD111",
    "non-numeric-data",
    ERROR,
    "Strings, Python objects, Python lists or lists of different lengths where arrays of numbers are needed.",
    what="""
    Reports `x` or `y` arrays whose dtype is not numeric: a DataFrame with text columns (named), an
    array of strings (class names as labels), an object array, or a list of sequences of different
    lengths; and Python lists of numbers (`model.predict([[5.1, 3.5, 1.4, 0.2]])`, `y` as a list),
    which Keras 3 no longer converts. Inputs declared as strings (`keras.Input(dtype="string")` before
    a `StringLookup` or `TextVectorization`) are left alone.
    """,
    why="""
    Keras converts the data to tensors at the first step and stops with "Invalid dtype: object",
    "Invalid dtype: str" or "Unrecognized data type", naming neither the column nor the fix. Labels
    must be class ids (`LabelEncoder`), text columns one-hot or looked up (`StringLookup`), numbers
    stored as text converted (`astype`), and sequences padded (`pad_sequences`).
    """,
)


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


def _index(first: tuple, table: bool) -> str:
    if table:
        return f"[{first[1]!r}] at row {first[0]}"
    return "[" + ", ".join(str(i) for i in first) + "]"


def non_finite(*, where: str, v, part: str, table: bool, seen: str, validation: bool, name: str, fix: str) -> Finding:
    """KD110: ``v`` (a `facts.values.ValueFacts`) holds NaN or ±inf; ``part``: "x", "y" or "sample_weight"."""
    kinds = [_count(v.nan, "NaN")] if v.nan else []
    if v.inf:
        kinds.append(_count(v.inf, "infinite value"))
    counted = f"{' and '.join(kinds)} among the {v.size:,} values"
    if seen:  # a sample of a dataset: where in the sample, not in the user's arrays
        at = f", the first at {_index(v.first_bad, table)}" if v.first_bad is not None else ""
        said = f"{where[0].upper()}{where[1:]} hold {counted}{seen}{at}. "
    else:
        first = f"{name}{_index(v.first_bad, table)}" if v.first_bad is not None else name
        said = f"{first} is {v.first_bad_value}; {counted} of {where}. "
    if validation:
        effect = (
            "Training is not affected, but val_loss is NaN from the first epoch, so EarlyStopping and "
            "ModelCheckpoint(save_best_only=True) never see an improvement."
        )
    else:
        through = {"x": "its batch's gradients", "y": "the loss", "sample_weight": "the weighted loss"}[part]
        effect = (
            f"Through {through}, the first step that meets it writes NaN into every weight: fit() raises "
            "nothing, the loss reads nan and the model predicts NaN from then on."
        )
    return KD110.finding(
        said + effect,
        where=where,
        fix=fix,
    )


def non_finite_fix(*, part: str, name: str, kind: str, table: bool, x: str, y: str) -> str:
    """The fix of KD110: impute the inputs; drop the examples whose target or weight is not finite."""
    if kind == "dataset":
        if part == "x":
            return f"{name} = {name}.map(lambda x, y: (tf.where(tf.math.is_finite(x), x, tf.zeros_like(x)), y))"
        return (
            f"{name} = {name}.unbatch().filter(lambda x, y: tf.reduce_all(tf.math.is_finite(y))).batch(32)"
            "   # or drop them where it is built"
        )
    if part == "x":
        if table:
            return (
                f"{name} = {name}.replace([np.inf, -np.inf], np.nan)\n"
                f"{name} = {name}.fillna({name}.mean(numeric_only=True))"
            )
        return (
            f"column_means = np.nanmean(np.where(np.isfinite({name}), {name}, np.nan), axis=0)\n"
            f"{name} = np.where(np.isfinite({name}), {name}, column_means)   # or drop those examples"
        )
    return (
        f"keep = np.isfinite({name}).reshape(len({name}), -1).all(axis=1)   # the examples to train on\n"
        f"{x}, {y} = {x}[keep], {y}[keep]" + (f"\n{name} = {name}[keep]" if part == "sample_weight" else "")
    )


def non_numeric(*, where: str, v, part: str, name: str, numbers_as_text: bool, validation: bool) -> Finding:
    """KD111: ``v`` (a `facts.values.ValueFacts`) is not numeric."""
    named = where if name == where else f"{name} ({where})"
    if v.columns:
        listed = ", ".join(repr(c) for c in v.columns)
        what = f"{named} has {_count(len(v.columns), 'column')} of text ({listed}, dtype {v.dtype})"
    else:
        what = f"{named} holds {v.non_numeric} (dtype {v.dtype}, shape {show(v.shape)})"
    said = "Unrecognized data type" if v.non_numeric.startswith("lists") else f"Invalid dtype: {v.dtype}"
    message = f'{what}, which Keras cannot turn into a tensor: fit() stops with "{said}".'
    if part == "y":
        encoder = "encoder = LabelEncoder().fit(y)   # from sklearn.preprocessing import LabelEncoder\n"
        fix = ("" if validation else encoder) + f"{name} = encoder.transform({name})   # class ids 0..k-1"
        message += " Class labels must be integer class ids; encoder.classes_ maps them back to names."
    elif v.non_numeric.startswith("lists"):
        fix = f'{name} = keras.utils.pad_sequences({name}, padding="post")   # one length for all'
    elif v.columns and numbers_as_text:
        fix = f"{name}[{list(v.columns)!r}] = {name}[{list(v.columns)!r}].astype('float32')   # numbers stored as text"
    elif v.columns:
        fix = (
            f"{name} = pd.get_dummies({name}, columns={list(v.columns)!r}, dtype='float32')   # one-hot the text "
            f"columns,\n# then keras.Input(shape=({name}.shape[1],)); or feed them to keras.layers.StringLookup"
        )
    elif numbers_as_text or v.non_numeric.startswith("nested") or v.non_numeric == "Python objects":
        fix = f"{name} = np.asarray({name}).astype('float32')"
    else:
        fix = (
            'inputs = keras.Input(shape=(1,), dtype="string")   # keep the text, look it up in the model:\n'
            "lookup = keras.layers.StringLookup(output_mode='one_hot')\n"
            f"lookup.adapt({name})"
        )
    return KD111.finding(message, where=where, fix=fix)


KD112 = declare(
    "KD112",
    "validation-split-on-ordered-data",
    ERROR,
    "`validation_split` takes the last part of arrays sorted by label.",
    what="""
    With `validation_split` (and no `validation_data`), compares the classes of the part Keras
    keeps for training with those of the last part it validates on. An error when the validation
    part holds classes the training part lacks; a warning when the labels come in long runs and the
    two parts' class mixes differ strongly (by half or more).
    """,
    why="""
    Keras takes the validation part from the end of the arrays before any shuffling
    (`array_slicing.train_validation_split`); `shuffle=True` shuffles only the training part. On
    data sorted by class (files read folder by folder, a CSV grouped by label) the model never
    trains on the last classes, and validation measures only them.
    """,
)


KD113 = declare(
    "KD113",
    "dataset-shuffle-order",
    WARNING,
    "A tf.data pipeline that shuffles after batch(), never shuffles, or shuffles too little over sorted labels.",
    what="""
    Reads where `shuffle()` and `batch()` sit in a `tf.data` pipeline (walking its steps, running
    nothing) and the batches read from a fresh iteration (see KD901). When at least half the batches
    read hold a single class of a classifier (and none more than two: a batch may straddle two runs),
    it names the cause: a shuffle after `batch()` (which moves whole batches), no shuffle at all, or
    a shuffle buffer smaller than the runs of one label. `kerasdoctor lint` reports a `shuffle()` on
    a dataset the file batched, with no shuffle of the examples before the batch.
    """,
    why="""
    `fit(shuffle=True)` is ignored for a `tf.data.Dataset`: the pipeline's own order is what
    training sees. Over labels sorted by class, every step then trains on one class, and the
    weights swing from class to class instead of learning to tell them apart, without any error.
    """,
)


def validation_split_classes(
    *, split: float, n: int, split_at: int, missing: list, val_counts: dict, fix: str
) -> Finding:
    """KD112 (error): the last part holds ``missing`` classes that the first part lacks."""
    shown = ", ".join(map(str, missing))
    return KD112.finding(
        f"validation_split={split:g} validates on the last {n - split_at:,} of {n:,} examples ({split_at:,} to "
        f"{n - 1:,}), taken before any shuffling. They hold {'class' if len(missing) == 1 else 'classes'} "
        f"{shown}, which the first {split_at:,} never show: the model never trains on "
        f"{'it' if len(missing) == 1 else 'them'}, and validation measures mostly what it never saw "
        f"({_mix(val_counts)}).",
        where="validation_split",
        fix=fix,
    )


def validation_split_mix(
    *, split: float, split_at: int, train_counts: dict, val_counts: dict, run: float, fix: str
) -> Finding:
    """KD112 (warning): the labels come in long runs and the two parts' class mixes differ strongly."""
    return KD112.finding(
        f"validation_split={split:g} validates on the last examples, taken before any shuffling, and the labels "
        f"come sorted (runs of {run:,.0f} examples of one class on average): the first {split_at:,} hold "
        f"{_mix(train_counts)}, the validation part {_mix(val_counts)}. Validation then measures another mix "
        "of classes than the model trains on.",
        where="validation_split",
        severity=WARNING,
        fix=fix,
    )


def _mix(counts: dict) -> str:
    total = sum(counts.values()) or 1
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:4]
    shown = ", ".join(f"class {c}: {v / total:.0%}" for c, v in top)
    return shown + (", ..." if len(counts) > 4 else "")


def shuffle_once_fix(*, names: list[str], x_is: str) -> str:
    """The fix of KD112: shuffle the arrays together once, before fit() takes its validation part."""
    x, rest = names[0], names[1:]
    if x_is == "dict":
        first = f"{x} = {{k: v[order] for k, v in {x}.items()}}\n"
    elif x_is == "list":
        first = f"{x} = [v[order] for v in {x}]\n"
    else:
        rest = names
        first = ""
    lhs, rhs = ", ".join(rest), ", ".join(f"{n}[order]" for n in rest)
    return (
        f"order = np.random.default_rng(0).permutation(len({names[1]}))   # shuffle once, before the split\n"
        f"{first}{lhs} = {rhs}"
    )


def shuffle_order(
    *, where: str, cause: str, batches: int, single: int, classes: int, name: str, batch_size: int, examples: int | None
) -> Finding:
    """KD113: ``single`` of the ``batches`` read hold one class; ``cause``: "after", "none" or "buffer:<size>"."""
    if single == batches:
        read = f"each of the {batches} batches read holds" if batches != 1 else "the batch read holds"
    else:
        read = f"{single} of the {batches} batches read hold{'s' if single == 1 else ''}"
    if cause == "after":
        why = (
            f"The dataset ({where}) shuffles after batch(): shuffle() reorders whole batches and never mixes the "
            f"examples within one, and {read} a single class"
        )
    elif cause == "none":
        why = (
            f"The dataset ({where}) never shuffles (fit(shuffle=True) is ignored for a dataset), and {read} "
            "a single class"
        )
    else:
        buffer = int(cause.split(":")[1])
        why = (
            f"The dataset's ({where}) shuffle() mixes only {buffer:,} consecutive examples, fewer than the runs of "
            f"one label, and {read} a single class"
        )
    # A buffer as large as the data mixes it completely; unknown size: a large one, said so.
    size, note = (
        (examples, "all the examples") if examples is not None else (10_000, "at least as many as the examples")
    )
    return KD113.finding(
        f"{why} of the {classes} the model predicts: training steps see one class at a time.",
        where=where,
        fix=f"{name} = {name}.unbatch().shuffle({size}).batch({batch_size})   # a buffer of {note}\n"
        f"# or, where it is built: .shuffle({size}) before .batch({batch_size})",
    )


KD114 = declare(
    "KD114",
    "pretrained-input-contract",
    ERROR,
    "A keras.applications backbone fed pixel values in the wrong range.",
    what="""
    Finds a `keras.applications` backbone at a model input (nested, or the model itself), follows
    the layers before it (`Rescaling` included), and compares the range of the data that reaches it
    with what it expects: 0-255 for the backbones that rescale themselves (EfficientNet,
    EfficientNetV2, MobileNetV3, ConvNeXt), or the output of their `preprocess_input` for the others
    (ResNet and VGG: "caffe", BGR minus the ImageNet mean; DenseNet: "torch"; ResNetV2, Inception,
    Xception, MobileNet, MobileNetV2, NASNet: "tf", -1..1). A path through a layer it does not know
    (`preprocess_input` written into the model, a Lambda) is left alone.
    """,
    why="""
    The ImageNet weights were trained on one input range. Pixels divided by 255 into a ResNet50
    (which expects 0-255 minus the mean) or into an EfficientNet (which divides by 255 itself)
    reach the first convolution about 255 times too small: fit() runs, the loss falls slowly and
    the pretrained features are worth little, without any error.
    """,
)


KD115 = declare(
    "KD115",
    "unscaled-inputs",
    WARNING,
    "Raw 0-255 pixels or features of very different magnitudes into a model trained from scratch.",
    what="""
    For each input that reaches its first Dense, Conv or recurrent layer without a scaling layer
    (`Rescaling`, `Normalization`, `BatchNormalization`, `LayerNormalization`) on the way, reads the
    data's range per feature: image data of 0-255 pixel values, or features whose largest magnitude
    is 1,000 times the smallest (an income beside an age). Backbones from `keras.applications` are
    KD114's.
    """,
    why="""
    Gradient descent with one learning rate for all weights needs inputs of similar, small scale.
    Raw pixels saturate activations and make the first steps huge; a feature a thousand times
    larger than the others dominates the first layer. Training runs, converges slowly or not at
    all, and nothing says why.
    """,
)


def backbone_input_range(
    *, where: str, backbone: str, family: str, got: str, expects: str, seen: str, severity, fix: str
) -> Finding:
    """KD114: the data reaching ``backbone`` is in the range ``got``; it expects ``expects``."""
    return KD114.finding(
        f"{backbone!r} ({family}) receives values {got}{seen}, but it expects {expects}.",
        where=where,
        severity=severity,
        fix=fix,
    )


def raw_pixels(*, where: str, maximum: float, seen: str, layer: str, fix: str) -> Finding:
    return KD115.finding(
        f"{where} holds raw pixel values (0 to {maximum:g}){seen}, and they reach layer {layer!r} unscaled: "
        "the first steps are huge and activations saturate. Scale them to 0..1.",
        where=where,
        fix=fix,
    )


def unscaled_features(*, where: str, large: str, small: str, ratio: float, seen: str, layer: str, fix: str) -> Finding:
    return KD115.finding(
        f"The features of {where} differ in magnitude by a factor of {ratio:,.0f} ({large} against {small}){seen}, "
        f"and they reach layer {layer!r} unscaled: the largest dominates the first layer and gradient descent "
        "crawls along the others. Standardise them.",
        where=where,
        fix=fix,
    )


KD116 = declare(
    "KD116",
    "unadapted-preprocessing-layer",
    ERROR,
    "A Normalization, lookup or Discretization layer never adapted and given nothing.",
    what="""
    Walks the model's layers (nested models included) for `Normalization` without `mean`/`variance`,
    `StringLookup`, `IntegerLookup` and `TextVectorization` without a vocabulary, and
    `Discretization` without `bin_boundaries`, that still hold no state because `adapt()` was never
    called. `kerasdoctor lint` reports such a layer built in a file that never calls `adapt()` (or
    `set_vocabulary()`) on it.
    """,
    why="""
    An unadapted `Normalization` subtracts 0 and divides by 1: the model trains on raw values as if
    the layer were not there. A lookup without a vocabulary maps every token to the out-of-vocabulary
    index, so all text looks the same. Neither raises; an unadapted `Discretization` fails at the
    first step.
    """,
)


# What each layer does without its state (Keras 3.15; see facts.preprocessing).
EMPTY_STATE = {
    "Normalization": "it subtracts 0 and divides by 1, so the values pass unchanged",
    "Discretization": "it has no bin boundaries, so it fails when called",
}
NO_VOCABULARY = "it has no vocabulary, so every token maps to the OOV index"


def unadapted_layer(*, layer: str, kind: str, path: str, reference: str, data: str) -> Finding:
    """KD116 at runtime: ``layer`` (its name) of class ``kind`` holds no state; ``reference``: how the
    fix reaches it (the user's variable, or a get_layer() path)."""
    given = {"Normalization": "mean/variance", "Discretization": "bin_boundaries"}.get(kind, "vocabulary")
    return KD116.finding(
        f"{kind} layer {layer!r} was never adapted and got no {given}: {EMPTY_STATE.get(kind, NO_VOCABULARY)}.",
        where=path,
        fix=f"{reference}.adapt({data})   # before fit(): learns its {_state(kind)} from the training data",
    )


def _state(kind: str) -> str:
    return {"Normalization": "mean and variance", "Discretization": "bin boundaries"}.get(kind, "vocabulary")


def unadapted_layer_in_source(*, call: str, name: str | None, kind: str) -> Finding:
    """KD116 from source: the layer built by ``call`` (bound to ``name``) is never adapted in the file."""
    subject = f"`{name}`" if name else f"`{call}`"
    fix = (
        f"{name}.adapt(x_train)   # before fit()" if name else f"layer = {call}\nlayer.adapt(x_train)   # before fit()"
    )
    return KD116.finding(
        f"{subject} ({kind}) gets no {_state(kind)}, and this file never calls adapt() on it: "
        f"{EMPTY_STATE.get(kind, NO_VOCABULARY)}",
        fix=fix,
    )


def shuffle_after_batch_in_source(*, call: str, fix: str | None) -> Finding:
    """KD113 from source: ``call`` shuffles a dataset the file batched, with no shuffle of the examples before."""
    return KD113.finding(
        f"`{call}` shuffles after batch(): it moves whole batches, and the examples inside each batch keep their "
        "order (over sorted labels, one class per batch)",
        fix=(fix + "   # shuffle the examples, then batch")
        if fix
        else "# shuffle() before batch(), where it is batched",
    )
