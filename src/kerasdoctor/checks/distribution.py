"""Checks of training under a tf.distribute strategy (KD601-KD603): where the variables were made, how the
global batch splits between the replicas, and how a multi-worker input is sharded.

The checks apply when fit() runs under a strategy or is given a distributed dataset (`in_strategy`).
Keras 3 on TensorFlow runs fit() under the strategy the model was created in, else the one in scope at
the call (`facts.distribution`).
"""

from __future__ import annotations

import math

from ..codes import distribution as codes
from ..codes.registry import FIT, FIT_DATA, detects
from ..facts.data import DEFAULT_BATCH, DataFacts, flatten
from ..facts.distribution import (
    StrategyFacts,
    auto_shard_policy,
    dataset_batch,
    fit_strategy,
    model_strategy,
    optimizer_variables,
    placement,
    reads_files,
    strategy_facts,
    strategy_in_play,
)
from ..facts.names import user_name
from . import Skip


def in_strategy(ctx) -> bool:
    """The gate of these checks: fit() involves a strategy (runs under one, is given a distributed dataset,
    or trains variables one created)."""
    return strategy_in_play(ctx.model.model, ctx.train.distributed) is not None


def multi_worker(ctx) -> bool:
    """The gate of the multi-worker input check: fit() runs under a MultiWorkerMirroredStrategy."""
    facts = strategy_facts(fit_strategy(ctx.model.model))
    return facts is not None and facts.multi_worker


def _strategy(ctx) -> StrategyFacts:
    """The strategy fit() runs under; Skip when none."""
    facts = strategy_facts(fit_strategy(ctx.model.model))
    if facts is None:
        raise Skip("fit() runs under no tf.distribute strategy")
    return facts


@detects(codes.KD601, kind=FIT, name="strategy-scope", applies=in_strategy)
def check_strategy_scope(ctx):
    model = ctx.model.model
    data = ctx.train.distributed
    strategy = strategy_in_play(model, data)
    facts = strategy_facts(strategy)
    if facts is None:
        raise Skip("fit() involves no tf.distribute strategy")
    variables = placement(model.weights, strategy)
    optimizer = placement(optimizer_variables(model), strategy)
    if not variables.outside and not optimizer.outside:
        return
    optimizer_object = getattr(model, "optimizer", None)
    yield codes.outside_scope(
        model_name=model.name,
        name=ctx.name_of(model, "model"),
        strategy=user_name(strategy, "strategy"),
        kind=facts.kind,
        replicas=facts.replicas,
        model_outside=variables.outside,
        model_total=variables.total,
        optimizer_outside=optimizer.outside,
        optimizer=type(optimizer_object).__name__,
        # a built optimizer has slot variables (momenta) besides `iterations` and `learning_rate`
        slots=bool(getattr(optimizer_object, "built", False)),
        without=None if fit_strategy(model) is not None else "data" if data is not None else "optimizer",
        data=f"x ({ctx.name_of(ctx.train.source, 'ds')})",
    )


def first_global_batch(ctx, data: DataFacts) -> tuple[int, bool] | None:
    """(examples in the first global batch, whether the data are arrays) as fit() will make it; None unknown."""
    if data.kind == "arrays":
        argument = "batch_size" if data.where == "x" else "validation_batch_size"
        size = ctx.args.get(argument) or ctx.args.get("batch_size") or DEFAULT_BATCH
        return (min(size, int(data.size)) if data.size else size), True
    if data.kind == "pydataset":  # batch 0, as read
        leaves = flatten(data.x)
        shape = leaves[0][1].shape if leaves else None
        return (shape[0], False) if shape and shape[0] is not None else None
    if data.kind == "dataset" and data.distributed is not None and data.distributed.per_replica:
        return None  # a dataset function batches per replica: the global batch is a multiple by construction
    if data.kind == "dataset":
        batch = dataset_batch(data.pipeline)
        return (batch.first, False) if batch is not None else None
    return None


@detects(codes.KD602, kind=FIT_DATA, name="replica-batch", applies=in_strategy)
def check_replica_batch(ctx, data: DataFacts):
    facts = _strategy(ctx)
    if model_strategy(ctx.model.model) is None:
        # Keras 3 builds a model made outside every scope later, from one replica's batch (and KD601
        # reports the model); only a model made in the strategy is built from all replicas' first batches.
        raise Skip("the model was not created under the strategy")
    batch = first_global_batch(ctx, data)
    if batch is None:
        raise Skip(
            f"the global batch of {data.where} is unknown (a dataset function, or a batch() kerasdoctor cannot see)"
        )
    size, arrays = batch
    if size % facts.replicas == 0:
        return
    yield codes.uneven_replica_batch(
        where=data.where,
        batch=size,
        replicas=facts.replicas,
        kind=facts.kind,
        strategy=user_name(facts.strategy, "strategy"),
        name=ctx.name_of(ctx.model.model, "model") if arrays else ctx.name_of(data.source, "ds"),
        arrays=arrays,
    )


@detects(codes.KD603, kind=FIT_DATA, name="multi-worker-input", applies=multi_worker)
def check_multi_worker_input(ctx, data: DataFacts):
    facts = _strategy(ctx)
    if data.kind != "dataset":
        raise Skip(f"{data.where} is not a tf.data.Dataset: Keras gives each worker its own copy of {data.kind}")
    name = ctx.name_of(data.source, "ds")
    distributed = data.distributed
    if distributed is not None and distributed.per_replica:
        if not distributed.shards_itself:
            yield codes.unsharded_function(where=data.where, workers=facts.workers)
    elif not reads_files(data.pipeline):
        policy = auto_shard_policy(data.pipeline)
        if policy in ("AUTO", "OFF"):
            yield codes.unsharded_input(where=data.where, policy=policy, workers=facts.workers, name=name)
    steps = ctx.args.get("steps_per_epoch")
    if data.where == "x" and steps and data.size not in (None, math.inf):
        batches = max(1, int(data.size) // facts.workers)
        short = first_short_epoch(batches, steps, ctx.args.get("epochs") or 1)
        if short is not None:
            yield codes.runs_out(
                where=data.where,
                batches=batches,
                steps=steps,
                epoch=short[0],
                trained=short[1],
                workers=facts.workers,
                name=name,
            )


def first_short_epoch(batches: int, steps: int, epochs: int) -> tuple[int, int] | None:
    """(epoch, steps it trains), 1-based, of the first epoch that runs out of a finite dataset of ``batches``
    with ``steps`` per epoch; None when every epoch gets its steps. Keras 3 keeps one iterator across
    epochs when steps_per_epoch is given, and starts a new one only once the old one is used up: an epoch
    that finds it used up part-way ends there ("Your input ran out of data")."""
    left = batches
    for epoch in range(1, epochs + 1):
        if left == 0:
            left = batches
        trained = min(steps, left)
        if trained < steps:
            return epoch, trained
        left -= trained
    return None
