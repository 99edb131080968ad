"""KD6xx: training on many devices (tf.distribute strategies, Keras 3's keras.distribution).
Each code's declaration, then the wording of its findings."""

from __future__ import annotations

from ..findings import Finding
from .registry import ERROR, WARNING, declare

KD601 = declare(
    "KD601",
    "variables-outside-strategy-scope",
    ERROR,
    "Model or optimizer variables created outside the strategy that trains them.",
    what="""
    Compares the strategy fit() will run under (the one whose `scope()` the model was created in,
    else the one in scope at the call, else the one that distributed the data) with the strategy
    each variable of the model and of its optimizer was created under. Reports a model created
    outside `strategy.scope()`, an optimizer created outside it (`compile()` called after the
    scope, or an optimizer object made before it), and a distributed dataset fed to a model
    created outside its strategy. With `keras.distribution` (JAX), reports variables that live on
    one device while a distribution over several is set (the model was built before
    `set_distribution`). Also explains the errors these mistakes end in.
    """,
    why="""
    A strategy must create the variables it trains: `MirroredStrategy` keeps a copy of each on
    every replica. Variables made outside it are ordinary ones on one device, and fit() fails
    only once training starts, with messages that do not say where the model was created:
    "`colocate_vars_with` must only be passed a variable created in this
    tf.distribute.Strategy.scope()", "Mixing different tf.distribute.Strategy objects", a bare
    `AssertionError`, or, on JAX, "Received incompatible devices for jitted computation".
    """,
)


KD602 = declare(
    "KD602",
    "batch-not-divisible-by-replicas",
    ERROR,
    "A global batch that the replicas (or data-parallel devices) do not divide.",
    what="""
    Keras takes `batch_size=` (and a dataset's `batch()`) as the global batch, all replicas
    together, and splits it between them. Reports a first batch that the number of replicas of a
    tf.distribute strategy does not divide (or that is smaller than it: some replica gets no
    example), and, with `keras.distribution`, any batch (the last, partial one included) that the
    devices of the batch axis do not divide. From source, reports `batch_size=` or `.batch()`
    given a per-replica size (a name with `per_replica`) without multiplying it by
    `strategy.num_replicas_in_sync`.
    """,
    why="""
    With a strategy, Keras 3 builds the model from the replicas' first batches and fails when they
    differ in size ("Inputs to operation AddN of type AddN must have the same size and shape").
    On JAX, every batch is sharded evenly over the devices, and an uneven one fails with
    `IndivisibleError`. A per-replica size passed as the global batch silently trains every
    replica on a fraction of the batch you meant.
    """,
)


KD603 = declare(
    "KD603",
    "multi-worker-input-not-sharded",
    WARNING,
    "A multi-worker pipeline that every worker reads whole, or that runs out with steps_per_epoch.",
    what="""
    For `MultiWorkerMirroredStrategy` (also when this run has one worker, as when a multi-worker
    script is tried on one machine): a dataset that does not read files with the auto-shard policy
    AUTO (tf.data falls back to DATA sharding) or OFF, a `distribute_datasets_from_function`
    function that never calls `shard()`, and a finite dataset with `steps_per_epoch` that runs out
    before the last epoch.
    """,
    why="""
    tf.distribute shards a multi-worker input by files. A pipeline built in memory
    (`from_tensor_slices`, `range`, a generator) cannot be split by files, so with AUTO every
    worker reads and preprocesses all of it and keeps one element in N (TensorFlow logs a warning
    only once training starts), and with OFF every worker trains on all of it, so each example
    counts N times per epoch. With `steps_per_epoch`, Keras keeps one iterator across epochs: an
    epoch that reaches the end of a dataset that is not repeated stops part-way ("Your input ran out
    of data"), and the epochs train unequal numbers of batches.
    """,
)


KD604 = declare(
    "KD604",
    "layout-does-not-divide-weights",
    ERROR,
    "A keras.distribution layout splits a weight axis that its mesh axis does not divide.",
    what="""
    Explains the `IndivisibleError` JAX raises when a `LayoutMap` entry of a `ModelParallel`
    distribution shards a variable's axis over a mesh axis whose size does not divide it: which
    variable, which axis, and the sizes that would work.
    """,
    why="""
    A weight can only be split into equal shards. The error names a sharding spec and a shape,
    not the layer or the `LayoutMap` key that asked for it.
    """,
)


KD605 = declare(
    "KD605",
    "layout-key-matches-nothing",
    WARNING,
    "A keras.distribution LayoutMap key that matches none of the model's variables.",
    what="""
    For a `ModelParallel` distribution and a built model: reports each `LayoutMap` key that
    matches the path of no variable. Keras matches a key with `re.fullmatch` against the whole
    path (`"sequential/dense/kernel"`), so `"dense.*kernel"` matches nothing where
    `".*dense.*kernel"` matches.
    """,
    why="""
    A key that matches nothing leaves those weights replicated on every device, silently: the model
    trains, but is not split as intended and needs the memory of a whole copy per device.
    """,
)


def _listed(items, limit: int = 3) -> str:
    """ "a, b, c", or "a, b, c and 5 more" (all of them where only one would be left out)."""
    items = list(items)
    if len(items) <= limit + 1:
        return ", ".join(items)
    return f"{', '.join(items[:limit])} and {len(items) - limit} more"


def _variables(n: int) -> str:
    return f"{n} variable{'' if n == 1 else 's'}"


def _strategy_text(kind: str, replicas: int) -> str:
    return f"{kind} ({replicas} replica{'' if replicas == 1 else 's'})"


# ---- KD601 variables-outside-strategy-scope ----------------------------------------------------

# What fit() raises, by what was created outside the strategy (Keras 3.15, TensorFlow 2.21; each triggered
# for real in tests/distribution/test_strategies.py).
ERROR_MODEL_OUTSIDE = (
    "`colocate_vars_with` must only be passed a variable created in this tf.distribute.Strategy.scope()"
)
ERROR_MIXING = "Mixing different tf.distribute.Strategy objects"
ERROR_SLOTS = "a bare AssertionError (in the optimizer's distributed update)"
ERROR_NO_STRATEGY = "Only input tensors may be passed as positional arguments"
ERROR_OUTSIDE_SCOPE = 'Need to be inside "with strategy.scope()"'


def _which(outside: tuple[str, ...], total: int) -> str:
    """ "its 2 variables (a, b)" or "3 of its 5 variables (a, b, c)"."""
    count = f"its {_variables(total)}" if len(outside) == total else f"{len(outside)} of its {_variables(total)}"
    return f"{count} ({_listed(outside)})"


def outside_scope(
    *,
    model_name: str,
    name: str,
    strategy: str,
    kind: str,
    replicas: int,
    model_outside: tuple[str, ...],
    model_total: int,
    optimizer_outside: tuple[str, ...],
    optimizer: str,
    slots: bool,
    without: str | None,
    data: str,
) -> Finding:
    """KD601 for tf.distribute. ``model_outside`` / ``optimizer_outside``: the variables created outside the
    strategy; ``slots``: the optimizer has built its slot variables; ``without``: why fit() runs without the
    strategy that is involved ("data": ``data`` is distributed by it, "optimizer": only the optimizer was
    made in its scope), None when fit() runs under it."""
    runs = _strategy_text(kind, replicas)
    scope = f"`{strategy}.scope()`"
    if model_outside and optimizer_outside:
        made = f"Model {model_name!r} and its optimizer ({optimizer}) were created outside {scope}"
        what = (
            f"the model's {_variables(len(model_outside))} ({_listed(model_outside)}) and the optimizer's "
            f"({_listed(optimizer_outside)}) are ordinary variables on one device"
        )
    elif model_outside:
        made = f"Model {model_name!r} was created outside {scope}"
        what = f"{_which(model_outside, model_total)} are ordinary variables on one device"
    else:
        made = (
            f"The optimizer of model {model_name!r} ({optimizer}) was created outside {scope} (compile() "
            "called outside it, or the optimizer object made before it)"
        )
        what = f"its variables ({_listed(optimizer_outside)}) are not the strategy's"
    if without == "data":
        message = (
            f"{data} is distributed by {runs}, but {made[0].lower() + made[1:]}, so fit() runs the model "
            f'without the strategy, on per-replica values, and fails with "{ERROR_NO_STRATEGY}".'
        )
    elif without == "optimizer":
        message = (
            f"{made}, but compiled inside it: its optimizer belongs to {runs} while {what}, and fit(), "
            f'called outside the scope, runs the model without the strategy. fit() fails with "{ERROR_OUTSIDE_SCOPE}".'
        )
    else:
        error = ERROR_MODEL_OUTSIDE if not optimizer_outside else ERROR_SLOTS if slots else ERROR_MIXING
        shown = error if error == ERROR_SLOTS else f'"{error}"'
        message = (
            f"{made}, but fit() runs under {runs}, which must create every variable it trains: {what}. "
            f"fit() fails with {shown}."
        )
    fix = (
        f"with {strategy}.scope():\n"
        f"    {name} = ...   # create (or load) the model here, so the strategy makes its variables\n"
        f"    {name}.compile(...)   # and compile it here: compile() creates the optimizer's variables\n"
        f"{name}.fit(...)   # fit() may be called outside the scope"
    )
    return KD601.finding(message, where="model", fix=fix)


def outside_scope_in_error(*, error: str, layout: bool = False) -> Finding:
    """KD601 from the message of the error fit() raised (``layout``: keras.distribution on JAX)."""
    if layout:
        return KD601.finding(
            f'fit() failed with "{error}": some of the model\'s variables live on one device while a '
            "keras.distribution over several is set: the model was built (or its weights loaded) before "
            "`keras.distribution.set_distribution(...)`.",
            where="model",
            fix=LAYOUT_FIX.format(name="model"),
        )
    return KD601.finding(
        f"fit() failed with \"{error}\": some of the model's or optimizer's variables were created outside the "
        "scope of the strategy fit() runs under (the model made, loaded or compiled outside `with "
        "strategy.scope():`, or the optimizer object made before it).",
        where="model",
        fix=(
            "with strategy.scope():\n"
            "    model = ...   # create (or load) the model here\n"
            "    model.compile(...)   # and compile it here\n"
            "model.fit(...)"
        ),
    )


LAYOUT_FIX = (
    "keras.distribution.set_distribution(distribution)   # first, before any Keras object\n"
    "{name} = ...   # then create the model\n"
    "{name}.compile(...)"
)


def layout_outside(*, model_name: str, name: str, outside: tuple[str, ...], total: int, devices: int) -> Finding:
    """KD601 for keras.distribution: variables on one device while a distribution over several is set."""
    return KD601.finding(
        f"A keras.distribution over {devices} devices is set, but {_variables(len(outside))} of model "
        f"{model_name!r}'s {total} ({_listed(outside)}) live on one device: the model was built (or its "
        "weights loaded) before `keras.distribution.set_distribution(...)`. fit() fails with "
        '"Received incompatible devices for jitted computation".',
        where="model",
        fix=LAYOUT_FIX.format(name=name),
    )


# ---- KD602 batch-not-divisible-by-replicas -----------------------------------------------------


def _fixed_batch(batch: int, replicas: int) -> int:
    """The per-replica batch of the fix: the global batch rounded up to a whole number per replica."""
    return max(1, -(-batch // replicas))


def uneven_replica_batch(
    *, where: str, batch: int, replicas: int, kind: str, strategy: str, name: str, arrays: bool
) -> Finding:
    """KD602 for tf.distribute: the first global batch of ``batch`` examples over ``replicas``."""
    split = [batch // replicas + (1 if r < batch % replicas else 0) for r in range(replicas)]
    empty = sum(1 for s in split if s == 0)
    shown = ", ".join(map(str, split[:8])) + (", ..." if replicas > 8 else "")
    cause = (
        f"smaller than the {replicas} replicas: {empty} of them get{'s' if empty == 1 else ''} no example"
        if empty
        else f"which the {replicas} replicas do not divide: tf.distribute splits it {shown}"
    )
    per = _fixed_batch(batch, replicas)
    if arrays:
        fix = f"{name}.fit(..., batch_size={per} * {strategy}.num_replicas_in_sync)   # {per} per replica"
    else:
        fix = (
            f"{name} = {name}.unbatch().batch({per} * {strategy}.num_replicas_in_sync)   "
            f"# {per} per replica; or batch so where {name} is built"
        )
    return KD602.finding(
        f"The first batch of {where} holds {batch} example{'' if batch == 1 else 's'}, {cause}. Keras takes "
        f"the batch as the global batch of {_strategy_text(kind, replicas)}, one batch for all replicas "
        "together, and builds the model from the replicas' first batches: different sizes fail with "
        '"Inputs to operation AddN of type AddN must have the same size and shape".',
        where=where,
        fix=fix,
    )


def uneven_data_parallel_batch(
    *, where: str, batch: int, size: int, last: bool, examples: int | None, devices: int, axis: str, names: dict
) -> Finding:
    """KD602 for keras.distribution: a batch of ``batch`` examples (the last, partial one when ``last``; ``size``
    the full batches) that the ``devices`` of the batch axis do not divide. ``names``: "ds" for a dataset, or
    "model", "x" and "y" for arrays."""
    which = (
        f"{where} holds {examples} examples: batches of {size} leave a last batch of {batch}"
        if last
        else f"The batches of {where} hold {batch} example{'' if batch == 1 else 's'}"
    )
    per = _fixed_batch(size, devices)
    if "ds" in names:
        fix = (
            f"{names['ds']} = {names['ds']}.unbatch().batch({per * devices}, drop_remainder=True)   # {per} per device"
        )
    else:
        # a multiple of the devices for every batch: whole batches, and a last one of a multiple too when the
        # examples are one (then any batch that is one leaves a last batch that is one)
        keep = examples - examples % devices if examples and examples % devices else None
        cut = f"[:{keep}]" if keep else ""
        fix = (
            f"{names['model']}.fit({names['x']}{cut}, {names['y']}{cut}, batch_size={per * devices}, ...)   "
            f"# {per} per device" + (f"; {keep} examples, so the last batch splits evenly too" if cut else "")
        )
    return KD602.finding(
        f"{which}, which the {devices} devices of the distribution's batch axis {axis!r} do not "
        'divide: JAX shards every batch evenly over them and fails with IndivisibleError ("array axis 0 is '
        f'partitioned {devices} times, but the dimension size is {batch}").',
        where=where,
        fix=fix,
    )


def uneven_replicas_in_error(*, first: int, second: int) -> Finding:
    """KD602 from the numbers of the AddN error: the first replicas' batch sizes."""
    return KD602.finding(
        f"The replicas' first batches hold {first} and {second} examples: the global batch (batch_size=, or the "
        "dataset's batch()) is not a multiple of the number of replicas, and Keras, which builds a model made "
        "in a strategy's scope from all replicas' first batches, cannot add them up.",
        where="x",
        fix="batch_size = PER_REPLICA * strategy.num_replicas_in_sync   # fit(..., batch_size=...) or ds.batch(...)",
    )


def per_replica_as_global(*, expression: str, operand: str, given_to: str, strategy: str, fixed: str) -> Finding:
    """KD602 from source: a per-replica batch size given where Keras expects the global one (``given_to``:
    "fit(batch_size=...)" or "batch()"; ``operand``: the expression, in brackets where an operator needs them)."""
    return KD602.finding(
        f"`{expression}` is a per-replica batch size, but Keras takes the size given to `{given_to}` as the "
        f"global batch, all replicas together: each replica gets `{operand} / {strategy}.num_replicas_in_sync` "
        "examples.",
        fix=fixed,
        severity=WARNING,
    )


# ---- KD603 multi-worker-input-not-sharded ------------------------------------------------------


def _each_worker(workers: int) -> str:
    return (
        f"each of the {workers} workers" if workers > 1 else "each worker (once this runs on several, with TF_CONFIG)"
    )


def unsharded_input(*, where: str, policy: str, workers: int, name: str) -> Finding:
    """KD603: an in-memory dataset with the auto-shard policy AUTO (falls back to DATA) or OFF."""
    if policy == "OFF":
        what = (
            f"its auto-shard policy is OFF, so {_each_worker(workers)} reads all of it and trains on all of "
            "it: each example counts once per worker in every epoch"
        )
    else:
        what = (
            "it reads no files, so the auto-shard policy AUTO cannot split it by files and falls back to "
            f"DATA: {_each_worker(workers)} reads and preprocesses all of it and keeps "
            + (
                f"one element in every {workers}"
                if workers > 1
                else "only every N-th element (N: the number of workers)"
            )
        )
    return KD603.finding(
        f"{where} is a multi-worker input (MultiWorkerMirroredStrategy) built in memory: {what}.",
        where=where,
        fix=(
            "options = tf.data.Options()\n"
            "options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA\n"
            f"{name} = {name}.with_options(options)   # say so; or read TFRecord files, which AUTO splits by file"
        ),
    )


def unsharded_function(*, where: str, workers: int) -> Finding:
    """KD603: a distribute_datasets_from_function function that never shards."""
    return KD603.finding(
        f"{where} comes from distribute_datasets_from_function, whose function never calls shard(): "
        f"tf.distribute does not shard such datasets, so {_each_worker(workers)} reads and trains on all "
        "of it.",
        where=where,
        fix=(
            "def dataset_fn(input_context):\n"
            "    ds = ...   # as now, then:\n"
            "    ds = ds.shard(input_context.num_input_pipelines, input_context.input_pipeline_id)\n"
            "    return ds.batch(input_context.get_per_replica_batch_size(GLOBAL_BATCH_SIZE))"
        ),
    )


def runs_out(*, where: str, batches: int, steps: int, epoch: int, trained: int, workers: int, name: str) -> Finding:
    """KD603: steps_per_epoch over a finite multi-worker dataset that is not repeated: ``epoch`` (1-based) is the
    first to run out, after ``trained`` of its ``steps``; ``batches``: what one worker's iterator holds."""
    held = f"about {batches} batches per worker" if workers > 1 else f"{batches} batch{'' if batches == 1 else 'es'}"
    return KD603.finding(
        f"{where} holds {held} and is not repeated, but fit() asks for steps_per_epoch={steps}: with "
        "steps_per_epoch Keras keeps one iterator across epochs, so epoch "
        f'{epoch} runs out after {trained} of its {steps} steps ("Your input ran out of data; interrupting '
        'training") and the epochs train unequal numbers of batches.',
        where=where,
        fix=f"{name} = {name}.repeat()   # steps_per_epoch decides where each epoch ends",
    )


# ---- KD604 layout-does-not-divide-weights ------------------------------------------------------


def indivisible_in_error(*, spec: str, axis: int, parts: int, size: int, shape: tuple, batch: bool) -> Finding:
    """KD602 (``batch``: the data's batch axis) or KD604 (a weight's axis) from JAX's IndivisibleError."""
    if batch:
        return KD602.finding(
            f"A batch of {size} example{'' if size == 1 else 's'} (shape {shape}) is split over the {parts} "
            "devices of the keras.distribution batch axis, which do not divide it: every batch, the last, "
            "partial one too, must hold a multiple of them.",
            where="x",
            fix=f"ds = ds.unbatch().batch({parts} * PER_DEVICE, drop_remainder=True)",
        )
    divisors = [d for d in range(2, size + 1) if size % d == 0]
    return KD604.finding(
        f"A weight of shape {shape} is laid out as ({spec}): its axis {axis} ({size}) is split over "
        f"{parts} devices, which do not divide it. A LayoutMap entry of the ModelParallel distribution asks "
        f"for it; only a mesh axis of size {' or '.join(map(str, divisors)) or '1'} can split it.",
        where="keras.distribution LayoutMap",
        fix=(
            "layout_map[KEY] = (...)   # None for this axis (not sharded), or size the layer so the mesh axis "
            "divides it\n"
            "keras.utils.clear_session()   # in the same process: Keras keeps the failed variables and lays them "
            "out again with the next model"
        ),
    )


# ---- KD605 layout-key-matches-nothing ----------------------------------------------------------


def key_matches_nothing(*, keys: list[str], example_path: str, suggestions: dict, cannot: dict, name: str) -> Finding:
    """KD605: LayoutMap keys that match no variable path. ``suggestions``: key -> (a key that matches, the
    layout's axes); ``cannot``: path -> (shape, axis, size, mesh axis, its size) of the variables the matching
    key would split unevenly (left out of it); ``name``: the model's variable, created again afterwards."""
    lines = [f"layout_map[{new!r}] = {axes!r}   # not {old!r}" for old, (new, axes) in suggestions.items()]
    lines = lines or ["layout_map['.*dense.*kernel'] = (None, 'model')   # a pattern for the whole path"]
    lines.append(f"{name} = ...   # then create the model again: layouts apply when its variables are made")
    uneven = [
        f"{path} {shape} (axis {axis}: {size} over {mesh!r}: {parts})"
        for path, (shape, axis, size, mesh, parts) in cannot.items()
    ]
    left_out = (
        f" A key matching what was meant would also split {_listed(uneven)} unevenly, which fails (KD604): the "
        "fix names the variables it can split."
        if uneven
        else ""
    )
    return KD605.finding(
        f"LayoutMap key{'' if len(keys) == 1 else 's'} {_listed(repr(k) for k in keys)} match"
        f"{'es' if len(keys) == 1 else ''} no variable of the model, so those weights stay replicated on every "
        f"device. Keras matches a key with re.fullmatch against the whole variable path, such as "
        f"{example_path!r}.{left_out}",
        where="keras.distribution LayoutMap",
        fix="\n".join(lines),
    )
