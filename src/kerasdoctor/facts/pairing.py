"""Which data leaf fit() feeds to which model input, and whether a tf.data element is a batch at all.

Facts, no judgement: `checks.data` judges the shapes these pairs show.
"""

from __future__ import annotations

from .data import Leaf
from .model import InputFacts
from .shapes import compatible


def match_inputs(inputs: list[InputFacts], x) -> tuple[list[tuple[InputFacts, str, Leaf]], list[str]]:
    """Pair each model input with the data leaf that fit() will feed it, as
    Keras does: by name for a dict, by position for a list or tuple.
    Returns the pairs and a list of structure problems (in words)."""
    n = len(inputs)
    if isinstance(x, Leaf):
        if n == 1:
            return [(inputs[0], "", x)], []
        return [], [
            f"the data gives one array, but the model has {n} inputs ({', '.join(repr(i.name) for i in inputs)})"
        ]
    if isinstance(x, dict):
        pairs, missing = [], []
        for item in inputs:
            if item.key in x and isinstance(x[item.key], Leaf):
                pairs.append((item, f"[{item.key!r}]", x[item.key]))
            else:
                missing.append(item.key)
        if missing and not (n == 1 and len(x) == 1):
            return pairs, [
                f"the data is a dict with keys {sorted(map(str, x))}, but the model's "
                f"inputs are named {[i.key for i in inputs]}: no data for {missing}"
            ]
        if missing:  # one input, one key: Keras feeds it by position
            key, value = next(iter(x.items()))
            return ([(inputs[0], f"[{key!r}]", value)] if isinstance(value, Leaf) else []), []
        return pairs, []
    if isinstance(x, (list, tuple)):
        if len(x) != n:
            return [], [
                f"the data gives {len(x)} inputs, but the model has {n} ({', '.join(repr(i.name) for i in inputs)})"
            ]
        return [(i, f"[{k}]", leaf) for k, (i, leaf) in enumerate(zip(inputs, x)) if isinstance(leaf, Leaf)], []
    return [], []


def looks_unbatched(shape: tuple, expected: tuple) -> bool:
    """Whether a tf.data element of ``shape`` is one example for an Input of per-example shape ``expected``:
    it has exactly that shape (or lacks a trailing 1 that Keras adds), and no leading batch axis
    (``None`` against a known size, what ``batch()`` makes)."""
    leading_batch_axis = bool(shape) and shape[0] is None and bool(expected) and expected[0] is not None
    one_example = compatible(shape, expected) or (
        len(shape) == len(expected) - 1 and bool(expected) and expected[-1] == 1 and compatible(shape, expected[:-1])
    )
    return one_example and not leading_batch_axis


def elements_are_batches(pairs: list[tuple[InputFacts, str, Leaf]]) -> bool:
    """Whether a dataset's elements are batches, judged from the first input whose shape is known
    (without one, the elements are taken as batches)."""
    for model_input, _, leaf in pairs:
        if leaf.shape is not None:
            return not looks_unbatched(leaf.shape, model_input.example_shape)
    return True


def dataset_elements_batched(data) -> bool:
    """Whether a tf.data dataset's elements are batches, told from the elements alone (for a model whose
    input shape is not known): a scalar x or y is one example (a batch has a batch axis), and so are
    leaves whose leading sizes differ (one example's (75,) features and (1,) target); a leading
    ``None`` is what ``batch()`` makes. Leading sizes that agree are taken as batches
    (``batch(n, drop_remainder=True)``), unless the pipeline shows its elements are examples: slices of
    ``from_tensor_slices`` that no batch step groups (x alone, ``(6,)``, is otherwise ambiguous)."""
    from .data import flatten
    from .pipeline import pipeline_order

    shapes = [leaf.shape for _, leaf in flatten(data.x) + flatten(data.y) if leaf.shape is not None]
    if not shapes:
        return True
    if any(len(shape) == 0 for shape in shapes):
        return False
    if any(shape[0] is None for shape in shapes):
        return True
    order = pipeline_order(data.source)
    if order is not None and order.steps[:1] == ("TensorSlice",) and not any(k.endswith("Batch") for k in order.steps):
        return False
    return len({shape[0] for shape in shapes}) == 1
