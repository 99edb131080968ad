"""A fast dev run (like PyTorch Lightning's ``fast_dev_run``): clip a fit() call's epochs and steps.

The call stays a real ``Model.fit`` returning a real ``History``; only its
arguments change, and each kind of data is clipped the way Keras handles it:

- a ``tf.data.Dataset`` becomes ``ds.take(n)``. Passing ``steps_per_epoch``
  instead would make Keras keep one iterator across epochs (EpochIterator
  does so whenever steps are given), so a finite dataset runs out in epoch 2
  with "Your input ran out of data";
- arrays get ``steps_per_epoch`` no larger than the batches they hold, for the
  same warning when the steps exceed them;
- a PyDataset or generator gets ``steps_per_epoch`` (no larger than
  ``num_batches`` when known).
"""

from __future__ import annotations

import math

from .facts.data import DEFAULT_BATCH, data_facts, is_tf_dataset, split_validation


def _array_batches(n_examples, batch_size) -> int | None:
    if n_examples is None or n_examples == math.inf:
        return None
    return max(1, math.ceil(n_examples / (batch_size or DEFAULT_BATCH)))


def _clip_data(data, y, steps: int | None, cap: int, batch_size, fraction: float = 1.0):
    """(new data, new steps) for one of fit()'s data arguments."""
    if is_tf_dataset(data):
        if steps is not None and steps <= cap:
            return data, steps
        return data.take(cap), None
    facts = data_facts(data, y)
    limit = cap if steps is None else min(steps, cap)
    if facts.kind == "arrays" and facts.size is not None:
        # Keras splits validation_split off the end: ceil(n * (1 - split)) examples train
        batches = _array_batches(math.ceil(facts.size * fraction), batch_size)
    elif facts.kind == "pydataset":
        batches = None if facts.size in (None, math.inf) else int(facts.size)
    else:
        batches = None
    return data, limit if batches is None else max(1, min(limit, batches))


def clip_fit_arguments(args: dict, epochs_cap: int | None = None, steps_cap: int | None = None) -> dict:
    """fit()'s arguments (by name, defaults included) clipped to at most the given epochs and steps."""
    args = dict(args)
    if epochs_cap is not None:
        args["epochs"] = min(args.get("epochs", 1), args.get("initial_epoch", 0) + epochs_cap)
    if steps_cap is None:
        return args
    split = args.get("validation_split") or 0.0
    args["x"], args["steps_per_epoch"] = _clip_data(
        args.get("x"), args.get("y"), args.get("steps_per_epoch"), steps_cap, args.get("batch_size"), 1.0 - split
    )
    validation = args.get("validation_data")
    val_batch = args.get("validation_batch_size") or args.get("batch_size")
    if validation is not None:
        x_val, y_val = split_validation(validation)
        if x_val is validation:  # a dataset (or PyDataset, generator): it is what gets clipped
            args["validation_data"], args["validation_steps"] = _clip_data(
                validation, None, args.get("validation_steps"), steps_cap, val_batch
            )
        else:  # (x, y[, sample_weight]) arrays: only the steps
            _, args["validation_steps"] = _clip_data(x_val, y_val, args.get("validation_steps"), steps_cap, val_batch)
    elif split:
        _, args["validation_steps"] = _clip_data(
            args.get("x"), args.get("y"), args.get("validation_steps"), steps_cap, val_batch, split
        )
    return args
