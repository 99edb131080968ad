"""Facts about a tf.data pipeline's order: where shuffle() and batch() sit, their sizes. Nothing is run.

The pipeline is walked from the dataset fit() receives back to its source
through ``_inputs()`` (as `facts.sampling.pipeline_hazard` does), as long as
every step has one input; a zip, concatenate or interleave makes the order
unknown. A step's kind is its class name without tf.data's underscores
(``_ShuffleDataset`` -> ``Shuffle``); batch(), padded_batch(), ragged_batch()
and batch(num_parallel_calls=...) are all ``*Batch``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .memo import per_object


@dataclass(frozen=True)
class PipelineOrder:
    steps: tuple  # the kinds of step from the source to the dataset fit() gets: ("TensorSlice", "Batch", ...)
    batch_size: int | None  # of the last batch step
    examples: int | None  # how many examples the last batch step groups (its input's cardinality), if known
    shuffle_before_batch: int | None  # buffer of the nearest shuffle feeding the last batch step; None: none
    shuffle_after_batch: int | None  # buffer of a shuffle after the last batch step; None: none
    drop_remainder: bool = False  # the last batch step drops a last, partial batch

    @property
    def shuffles(self) -> bool:
        return self.shuffle_before_batch is not None or self.shuffle_after_batch is not None


def _kind(node) -> str:
    return type(node).__name__.strip("_").removesuffix("Dataset")


def _int(tensor) -> int | None:
    try:
        return int(tensor.numpy())
    except (AttributeError, TypeError, ValueError):
        return None


@per_object  # a dataset never changes: its steps are walked once
def pipeline_order(ds) -> PipelineOrder | None:
    """The order of ``ds``'s steps, or None when it is not one chain (a zip, an interleave, ...)."""
    chain = []
    node = ds
    while True:
        chain.append(node)
        try:
            inputs = node._inputs()
        except Exception:  # a dataset type without the private API
            return None
        if not inputs:
            break
        if len(inputs) != 1:
            return None
        node = inputs[0]
    chain.reverse()  # source first
    kinds = tuple(_kind(n) for n in chain)
    batches = [i for i, kind in enumerate(kinds) if kind.endswith("Batch")]
    if not batches:
        return PipelineOrder(kinds, None, None, None, None)
    last = batches[-1]
    before = [i for i in _example_shuffles(kinds) if i < last]
    after = [i for i, kind in enumerate(kinds) if kind == "Shuffle" and i > last]
    examples = _int(chain[last]._input_dataset.cardinality()) if hasattr(chain[last], "_input_dataset") else None
    return PipelineOrder(
        kinds,
        _int(getattr(chain[last], "_batch_size", None)),
        examples if examples is not None and examples >= 0 else None,
        _int(chain[before[-1]]._buffer_size) if before else None,
        _int(chain[after[-1]]._buffer_size) if after else None,
        bool(_int(getattr(chain[last], "_drop_remainder", None))),
    )


def _example_shuffles(kinds: tuple) -> list[int]:
    """The shuffle steps that move single examples: those not inside a batch (a batch step not yet
    undone by an unbatch), which would move whole batches."""
    level, found = 0, []
    for i, kind in enumerate(kinds):
        if kind.endswith("Batch"):
            level += 1
        elif kind == "Unbatch":
            level = max(0, level - 1)
        elif kind == "Shuffle" and level == 0:
            found.append(i)
    return found
