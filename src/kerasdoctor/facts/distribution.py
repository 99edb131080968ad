"""Facts about training on many devices with tf.distribute, gathered without running a step or reading an element.

The strategy fit() will run under, its replicas and workers; the strategy each of the model's and the
optimizer's variables was created under; what a distributed dataset wraps; a dataset's global batch,
its auto-shard policy and whether it reads files. Judgements are `checks.distribution`'s.

Keras 3 on TensorFlow records the strategy in scope when a model is created
(``TensorFlowTrainer.__init__``: ``self._distribute_strategy = tf.distribute.get_strategy()``), and
fit() runs under ``model.distribute_strategy``: that one, else whatever strategy is in scope at the call.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

# tf.distribute's public strategies, most specific first (MultiWorkerMirroredStrategy is no MirroredStrategy).
STRATEGY_KINDS = (
    "MultiWorkerMirroredStrategy",
    "MirroredStrategy",
    "TPUStrategy",
    "OneDeviceStrategy",
    "ParameterServerStrategy",
)
# Strategies that keep a full copy of every variable on every replica.
MIRRORED_KINDS = frozenset({"MultiWorkerMirroredStrategy", "MirroredStrategy", "TPUStrategy", "OneDeviceStrategy"})
# tf.data steps that pass a batch through whole: the batch() before them still makes the elements
# (`facts.pipeline` names a step by its class without "Dataset").
KEEPS_BATCHES = frozenset(
    {
        "Map",
        "ParallelMap",
        "Prefetch",
        "Cache",
        "Repeat",
        "Shuffle",
        "Filter",
        "Take",
        "Skip",
        "TakeWhile",
        "Options",
        "Shard",
        "IgnoreErrors",
        "AssertCardinality",
    }
)
# Datasets that read files, which tf.distribute's FILE auto-sharding splits between workers (TensorFlow's
# dataset classes, and the dataset ops they put into an interleave/flat_map function's graph).
FILE_READERS = frozenset(
    {
        "TFRecordDataset",
        "TFRecordDatasetV2",
        "TextLineDataset",
        "TextLineDatasetV2",
        "FixedLengthRecordDataset",
        "FixedLengthRecordDatasetV2",
    }
)


def _tf():
    # Only a program that imported TensorFlow can hold a strategy: never import it just to ask.
    return sys.modules.get("tensorflow")


def _name(obj) -> str:
    return type(obj).__name__.strip("_")


# ---- strategies -------------------------------------------------------------------


@dataclass(frozen=True)
class StrategyFacts:
    strategy: Any = field(repr=False)
    kind: str  # the tf.distribute class users write: "MirroredStrategy", "MultiWorkerMirroredStrategy", ...
    replicas: int  # num_replicas_in_sync: every replica of every worker
    workers: int  # the cluster's workers (1 without TF_CONFIG)

    @property
    def multi_worker(self) -> bool:
        """A strategy made for several workers (even when this run has one: scripts are tried on one machine)."""
        return self.kind == "MultiWorkerMirroredStrategy"

    @property
    def mirrored(self) -> bool:
        """Every replica holds a full copy of every variable."""
        return self.kind in MIRRORED_KINDS


def strategy_facts(strategy) -> StrategyFacts | None:
    """Facts of a tf.distribute strategy; None for none, or TensorFlow's default (no-op) strategy."""
    tf = _tf()
    if strategy is None or tf is None or not isinstance(strategy, tf.distribute.Strategy):
        return None
    if _name(strategy) == "DefaultDistributionStrategy":  # what get_strategy() gives outside every scope
        return None
    kind = next((k for k in STRATEGY_KINDS if isinstance(strategy, getattr(tf.distribute, k))), _name(strategy))
    return StrategyFacts(strategy, kind, int(strategy.num_replicas_in_sync), _workers(strategy))


def _workers(strategy) -> int:
    resolver = getattr(strategy, "cluster_resolver", None)
    if resolver is None:
        return 1
    try:
        jobs = resolver.cluster_spec().as_dict()
    except Exception:  # a resolver that cannot answer without a cluster: one worker as far as we can tell
        return 1
    return max(1, len(jobs.get("worker", [])) + len(jobs.get("chief", [])))


def model_strategy(model):
    """The strategy the model was created under (Keras 3, TensorFlow backend); None outside every scope."""
    return getattr(model, "_distribute_strategy", None)


def strategy_in_scope():
    """The strategy whose ``scope()`` the caller is in now; None outside every scope."""
    tf = _tf()
    if tf is None or not tf.distribute.has_strategy():
        return None
    return tf.distribute.get_strategy()


def fit_strategy(model):
    """The strategy fit() will run the model under: the one it was created under, else the one in scope."""
    return model_strategy(model) or strategy_in_scope()


def strategy_in_play(model, data=None):
    """The strategy this fit() involves: the one it runs under, else the one that distributed the data
    (``data``: `DistributedData`), else one that created some of the optimizer's or the model's variables
    (compile() inside a scope, the model outside it). None when no strategy is involved."""
    found = fit_strategy(model) or (data.strategy if data is not None else None)
    if found is not None:
        return found
    # A model made in a scope records it (above); one made outside it can still have an optimizer made in
    # it: its first variable (`iterations`) says so. The model's first weight covers a model whose weights
    # were made in a scope some other way.
    for variable in optimizer_variables(model)[:1] + [first_weight(model)]:
        under = created_under(variable)
        if strategy_facts(under) is not None:
            return under
    return None


# ---- variables --------------------------------------------------------------------


def first_weight(layer):
    """``layer.weights[0]``, None when it has none, without listing every weight of the model (a ResNet50's
    320 take half a millisecond): Keras' `Layer.weights` lists the layer's own variables first, then its
    layers' weights in order (keras/src/layers/layer.py), so the first is found by walking that order."""
    import keras

    own = getattr(layer, "_trainable_variables", None)
    others = getattr(layer, "_non_trainable_variables", None)
    layers = getattr(layer, "_layers", None)
    if type(layer).weights is not keras.layers.Layer.weights or None in (own, others, layers):
        weights = layer.weights  # a layer that lists its weights its own way: ask it
        return weights[0] if weights else None
    if own or others:
        return (own or others)[0]
    return next((w for w in map(first_weight, layers) if w is not None), None)


def created_under(variable):
    """The strategy a (Keras or TensorFlow) variable was created under; None outside every strategy."""
    try:
        value = getattr(variable, "value", variable)  # a keras.Variable wraps the backend's variable
    except Exception:  # an uninitialised Keras variable: created nowhere yet
        return None
    return getattr(value, "_distribute_strategy", None)


@dataclass(frozen=True)
class Placement:
    """Where a group of variables (the model's, the optimizer's) was created, against a strategy."""

    total: int
    outside: tuple[str, ...]  # the paths of those created outside the strategy (under none, or another one)


def placement(variables, strategy) -> Placement:
    outside = [
        str(getattr(variable, "path", None) or getattr(variable, "name", "?"))
        for variable in variables
        if created_under(variable) is not strategy
    ]
    return Placement(len(variables), tuple(outside))


def optimizer_variables(model) -> list:
    """The optimizer's variables as they are now (compile() creates `iterations` and `learning_rate`)."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        return []
    try:
        return list(optimizer.variables)
    except Exception:  # an optimizer without variables yet
        return []


# ---- distributed datasets ---------------------------------------------------------


@dataclass(frozen=True)
class DistributedData:
    """What a distributed dataset wraps."""

    strategy: Any = field(repr=False)
    dataset: Any = field(repr=False)  # the tf.data.Dataset behind it
    per_replica: bool  # from distribute_datasets_from_function: its batches are per replica, not global
    cardinality: int  # tf.distribute's: global batches per epoch (-1 infinite, -2 unknown)
    shards_itself: bool = False  # the dataset function shards (input_context) the data itself


def distributed_data(value) -> DistributedData:
    """`experimental_distribute_dataset(ds)` wraps ``ds`` (global batches, split between the replicas);
    `distribute_datasets_from_function(fn)` holds the datasets ``fn`` made, one per input worker, each
    batched per replica."""
    original = getattr(value, "_original_dataset", None)
    cardinality = int(value.cardinality)
    if original is not None:
        return DistributedData(value._strategy, original, False, cardinality)
    dataset = value._datasets[0]
    from .sampling import pipeline_nodes

    shards = any(_name(node) == "ShardDataset" for node in pipeline_nodes(dataset))
    return DistributedData(value._strategy, dataset, True, cardinality, shards)


# ---- batches and sharding ---------------------------------------------------------


@dataclass(frozen=True)
class BatchFacts:
    size: int  # examples per batch: the global batch
    drop_remainder: bool
    examples: int | None  # examples before batching (None: unknown or infinite)

    @property
    def last(self) -> int:
        """The size of the last, partial batch (0 when there is none, or it is unknown)."""
        if self.drop_remainder or not self.examples:
            return 0
        return self.examples % self.size

    @property
    def first(self) -> int:
        return min(self.size, self.examples) if self.examples else self.size


def dataset_batch(ds) -> BatchFacts | None:
    """The batch() that makes a dataset's elements (`facts.pipeline.pipeline_order`'s last batch step), when
    every step after it passes batches through whole (map, prefetch, repeat, ...); None when there is none
    (an unbatched dataset), the pipeline is not one chain, or a later step re-batches (unbatch, rebatch, ...)."""
    from .pipeline import pipeline_order

    order = pipeline_order(ds)
    if order is None or order.batch_size is None or order.batch_size < 1:
        return None
    last = max(i for i, kind in enumerate(order.steps) if kind.endswith("Batch"))
    if any(kind not in KEEPS_BATCHES for kind in order.steps[last + 1 :]):
        return None
    return BatchFacts(order.batch_size, order.drop_remainder, order.examples)


def auto_shard_policy(ds) -> str:
    """The dataset's `tf.data.experimental.AutoShardPolicy` by name ("AUTO", "FILE", "DATA", "HINT", "OFF")."""
    tf = _tf()
    policy = ds.options().experimental_distribute.auto_shard_policy
    return tf.data.experimental.AutoShardPolicy(policy).name


def reads_files(ds) -> bool:
    """Whether the pipeline reads files (TFRecord, text lines, fixed-length records), directly or in an
    interleave/flat_map function: what FILE auto-sharding can split between workers."""
    from .sampling import function_ops, pipeline_nodes

    return any(_name(node) in FILE_READERS or function_ops(node) & FILE_READERS for node in pipeline_nodes(ds))
