"""Checks of the order fit() sees the examples in: validation_split over sorted arrays (KD112), a
tf.data pipeline's shuffle and batch over sorted labels (KD113)."""

from __future__ import annotations

from ..codes import data as codes
from ..codes.registry import FIT_DATA, detects
from ..facts.data import DataFacts
from ..facts.pipeline import pipeline_order
from ..facts.targets import targets_per_output
from . import Skip
from .weights import predictable_classes

# KD112's warning: the mixes of the two parts differ by half or more (total variation distance), and
# the labels come in runs at least this many times longer than a shuffled order's.
MIX_DIFFERENCE = 0.5
RUN_FACTOR = 4


def _class_ids(y):
    """One class id per example from class ids (N,) / (N, 1) or one-hot rows; None for anything else."""
    import numpy as np

    a = np.asarray(y)
    if a.dtype.kind not in "biuf" or a.ndim == 0 or len(a) == 0:
        return None
    if a.ndim == 2 and a.shape[1] > 1:
        return a.argmax(axis=1) if ((a == 0) | (a == 1)).all() else None
    a = a.reshape(len(a), -1)
    if a.shape[1] != 1 or not np.array_equal(a, np.rint(a)):
        return None
    return a[:, 0].astype(np.int64)


def _counts(ids) -> dict:
    import numpy as np

    values, counts = np.unique(ids, return_counts=True)
    return {int(v): int(c) for v, c in zip(values, counts)}


# ---- KD112 ------------------------------------------------------------------------------


@detects(codes.KD112, kind=FIT_DATA, name="validation-split-order")
def check_validation_split(ctx, data: DataFacts):
    split = ctx.args.get("validation_split") or 0.0
    if data is not ctx.train or not split or ctx.validation is not None:
        raise Skip("no validation_split (or validation_data given, which replaces it)")
    if data.kind != "arrays" or data.target_values is None or ctx.model.outputs is None:
        raise Skip("validation_split applies to arrays with targets")
    pairs = targets_per_output(data.target_values, [o.name for o in ctx.model.outputs])
    if len(pairs) != 1 or pairs[0] is None:
        raise Skip("validation_split is judged for a single output")
    ids = _class_ids(pairs[0][1])
    if ids is None or predictable_classes(ctx) is None:
        raise Skip("the targets are not classes")
    n = len(ids)
    # Keras 3.15 array_slicing.train_validation_split: split_at = floor(n * (1 - validation_split))
    split_at = int(n * (1.0 - split))
    if split_at in (0, n):
        raise Skip("Keras refuses this split itself")
    train, val = _counts(ids[:split_at]), _counts(ids[split_at:])
    fix = codes.shuffle_once_fix(names=_names(ctx, data), x_is=_structure(data.source))
    missing = sorted(set(val) - set(train))
    if missing:
        yield codes.validation_split_classes(
            split=split, n=n, split_at=split_at, missing=missing, val_counts=val, fix=fix
        )
        return
    difference = _mix_difference(train, val)
    run, shuffled_run = _mean_run(ids), _shuffled_run(_counts(ids), n)
    if difference >= MIX_DIFFERENCE and run >= RUN_FACTOR * shuffled_run:
        yield codes.validation_split_mix(
            split=split, split_at=split_at, train_counts=train, val_counts=val, run=run, fix=fix
        )


def _names(ctx, data: DataFacts) -> list[str]:
    names = [ctx.name_of(data.source, "x"), ctx.name_of(data.target_values, "y")]
    weights = ctx.args.get("sample_weight")
    if weights is not None:
        names.append(ctx.name_of(weights, "sample_weight"))
    return names


def _structure(x) -> str:
    return "dict" if isinstance(x, dict) else "list" if isinstance(x, (list, tuple)) else "array"


def _mix_difference(a: dict, b: dict) -> float:
    """Total variation distance between two class mixes (0: the same, 1: no class in common)."""
    ta, tb = sum(a.values()), sum(b.values())
    return 0.5 * sum(abs(a.get(c, 0) / ta - b.get(c, 0) / tb) for c in set(a) | set(b))


def _mean_run(ids) -> float:
    import numpy as np

    changes = int(np.count_nonzero(ids[1:] != ids[:-1]))
    return len(ids) / (changes + 1)


def _shuffled_run(counts: dict, n: int) -> float:
    """The mean run length of the same labels in a random order: 1 / (1 - sum of squared shares)."""
    same = sum((c / n) ** 2 for c in counts.values())
    return 1.0 / max(1e-9, 1.0 - same)


# ---- KD113 -----------------------------------------------------------------------------


@detects(codes.KD113, kind=FIT_DATA, name="dataset-shuffle-order")
def check_shuffle_order(ctx, data: DataFacts):
    if data.kind != "dataset":
        raise Skip(f"{data.where} is not a tf.data pipeline")
    if data is not ctx.train:
        raise Skip("the order of validation data does not matter")
    known = predictable_classes(ctx)
    if known is None or len(known[0]) < 2:
        raise Skip("not a classifier")
    order = pipeline_order(data.pipeline)
    if order is None or order.batch_size is None:
        raise Skip("the pipeline is not one chain of steps with a batch()")
    if order.shuffle_before_batch is not None and order.examples is not None:
        if order.shuffle_before_batch >= order.examples:
            return  # a buffer as large as the data mixes it completely
    if not ctx.elements_batched(data):
        raise Skip("the elements are not batches (KD101)")
    sample = ctx.sample(data)
    if not sample.read:
        raise Skip(sample.unread)
    batches = [_class_ids(y) for _, y, _ in sample.elements]
    if not batches or any(ids is None or len(ids) < 2 for ids in batches):
        raise Skip("the batches read hold no class ids to judge")
    # A batch of a shuffled classifier's data holding one class is improbable (sum of p_c ** batch size); a
    # batch at the border of two runs holds two. Half the batches read of one class, none of more than two.
    classes_per_batch = [len(set(ids.tolist())) for ids in batches]
    single = classes_per_batch.count(1)
    if max(classes_per_batch) > 2 or single * 2 < len(batches):
        return
    if order.shuffle_before_batch is not None:
        cause = f"buffer:{order.shuffle_before_batch}"
    elif order.shuffle_after_batch is not None:
        cause = "after"
    else:
        cause = "none"
    yield codes.shuffle_order(
        where=data.where,
        cause=cause,
        batches=len(batches),
        single=single,
        classes=len(known[0]),
        name=ctx.name_of(data.source, "ds"),
        batch_size=order.batch_size,
        examples=order.examples,
    )
