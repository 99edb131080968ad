"""Facts about the loss of each output: which built-in loss, and whether it takes logits.

`compile(loss=...)` accepts a name ("sparse_categorical_crossentropy" or
"SparseCategoricalCrossentropy"), a function (`keras.losses.mse`), an instance
(`keras.losses.SparseCategoricalCrossentropy(from_logits=True)`), and a list
or dict of those, one per output. Keras resolves each with `keras.losses.get`
(compile_utils.get_loss); so do we, and name the result by the function it
wraps. `tf.keras.losses` is the same module under Keras 3. A loss that is not
one of Keras' own is reported as unknown, and the checks that need it skip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import zip_longest

# Keras spells some losses two ways; the function's own name is canonical.
CANONICAL = {
    "mse": "mean_squared_error",
    "mae": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "kld": "kl_divergence",
    "kullback_leibler_divergence": "kl_divergence",
    "logcosh": "log_cosh",
}
# Keras picks binary / categorical / sparse from the shapes when given these
# names (compile_utils.get_loss), so nothing can disagree.
AUTO = {"crossentropy", "ce"}


@dataclass(frozen=True)
class LossFacts:
    kind: str | None  # canonical name ("sparse_categorical_crossentropy"); None: not a Keras loss
    from_logits: bool = False
    spelled: str = ""  # as the user wrote it, for messages
    unknown_reason: str = ""  # why kind is None


@dataclass
class OutputLosses:
    """The loss of each output, by output index, and what does not line up."""

    per_output: list[LossFacts | None]  # None: this output gets no loss
    unmatched_keys: list[str] = field(default_factory=list)  # dict keys that name no output
    explicit_none: list[int] = field(default_factory=list)  # outputs given `None` on purpose


def _spelled(loss) -> str:
    if isinstance(loss, str):
        return repr(loss)
    if isinstance(loss, type):
        return loss.__name__
    if callable(loss) and hasattr(loss, "__name__") and not hasattr(loss, "get_config"):
        module = getattr(loss, "__module__", "") or ""
        return f"keras.losses.{loss.__name__}" if module.startswith("keras") else loss.__name__
    kwargs = getattr(loss, "_fn_kwargs", {}) or {}
    shown = "from_logits=True" if kwargs.get("from_logits") else ""
    return f"{type(loss).__name__}({shown})"


def _canonical(name: str) -> str:
    return CANONICAL.get(name, name)


def loss_facts(loss) -> LossFacts:
    """Normalise one loss as compile() received it."""
    import keras

    spelled = _spelled(loss)
    if isinstance(loss, str) and loss.lower() in AUTO:
        return LossFacts(
            None,
            spelled=spelled,
            unknown_reason=(
                f"loss={spelled} lets Keras choose binary, categorical or sparse cross-entropy from the shapes"
            ),
        )
    try:
        resolved = keras.losses.get(loss) if isinstance(loss, str) else loss
    except (ValueError, TypeError) as error:
        return LossFacts(None, spelled=spelled, unknown_reason=f"Keras does not know the loss {spelled}: {error}")
    module = (
        type(resolved).__module__
        if isinstance(resolved, keras.losses.Loss)
        else getattr(resolved, "__module__", "") or ""
    )
    if not module.startswith("keras."):
        return LossFacts(
            None,
            spelled=spelled,
            unknown_reason=(f"{spelled} is a custom loss; kerasdoctor does not guess what it expects"),
        )
    if isinstance(resolved, keras.losses.Loss):
        fn = getattr(resolved, "fn", None)
        if fn is None:
            return LossFacts(None, spelled=spelled, unknown_reason=f"{spelled} does not wrap a loss function")
        kwargs = getattr(resolved, "_fn_kwargs", {}) or {}
        return LossFacts(_canonical(fn.__name__), bool(kwargs.get("from_logits", False)), spelled)
    if callable(resolved) and hasattr(resolved, "__name__"):
        return LossFacts(_canonical(resolved.__name__), False, spelled)
    return LossFacts(None, spelled=spelled, unknown_reason=f"{spelled} is not a loss kerasdoctor can read")


def losses_per_output(loss, output_names: list[str]) -> OutputLosses:
    """Which loss each output gets, as Keras' CompileLoss assigns them: one loss
    is applied to every output; a list by position; a dict by output name."""
    n = len(output_names)
    if loss is None:
        return OutputLosses([None] * n)
    if isinstance(loss, dict):
        per = [None if loss.get(name) is None else loss_facts(loss[name]) for name in output_names]
        return OutputLosses(
            per,
            unmatched_keys=[str(k) for k in loss if k not in output_names],
            explicit_none=[i for i, name in enumerate(output_names) if name in loss and loss[name] is None],
        )
    if isinstance(loss, (list, tuple)):
        items = list(loss) + [None] * (n - len(loss))
        return OutputLosses(
            [None if item is None else loss_facts(item) for item in items[:n]],
            explicit_none=[i for i, item in enumerate(loss[:n]) if item is None],
        )
    facts = loss_facts(loss)
    return OutputLosses([facts] * n)


# ---- what Keras does with a target and an output of these shapes -------------------------------------

# Loss kinds (Keras' function names, as `LossFacts.kind` spells them).
SPARSE = {"sparse_categorical_crossentropy"}
CATEGORICAL = {"categorical_crossentropy", "categorical_focal_crossentropy"}
BINARY = {"binary_crossentropy", "binary_focal_crossentropy"}
REGRESSION = {
    "mean_squared_error",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error",
    "huber",
    "log_cosh",
    "poisson",
}
# Losses that compare target and output value by value, so NumPy broadcasting decides their shapes.
ELEMENTWISE = REGRESSION | {"hinge", "squared_hinge", "kl_divergence"}
SAME_SHAPE = BINARY | CATEGORICAL
BATCH = "batch"  # the batch axis: as long as itself, so it matches itself (and 1) only


@dataclass(frozen=True)
class LossShapes:
    """What a Keras 3 loss does with one batch of targets against one batch of outputs, from shapes alone."""

    outcome: str  # "fits" | "broadcasts" (trains without an error, on other shapes) | "raises"
    target: tuple  # the shapes the loss compares, after Keras' squeeze/expand of a trailing 1 (batch axis None)
    output: tuple
    keras_says: str = ""  # the message Keras raises ("" unless it raises)

    def __post_init__(self):
        for name in ("target", "output"):
            object.__setattr__(self, name, tuple(None if d == BATCH else d for d in getattr(self, name)))


def _squeeze_or_expand(t: tuple, o: tuple) -> tuple[tuple, tuple]:
    # keras/src/losses/loss.py, squeeze_or_expand_to_same_rank(y_true, y_pred), which every built-in loss
    # applies first (LossFunctionWrapper.call): ranks one apart lose (or, at rank 1, gain) a trailing 1.
    if len(t) == len(o) + 1 and t[-1] == 1:
        return (t, o + (1,)) if len(o) == 1 else (t[:-1], o)
    if len(o) == len(t) + 1 and o[-1] == 1:
        return (t + (1,), o) if len(t) == 1 else (t, o[:-1])
    return t, o


def _agree(a, b) -> bool:
    return a is None or b is None or a == b


def _broadcast(t: tuple, o: tuple) -> tuple | None:
    out = []
    for x, y in zip_longest(reversed(t), reversed(o), fillvalue=1):
        if _agree(x, y):
            out.append(y if x is None else x)
        elif x == 1 or y == 1:
            out.append(y if x == 1 else x)
        else:
            return None
    return tuple(reversed(out))


def _shown(dim) -> str:
    return "the batch size" if dim == BATCH else str(dim)


def loss_shapes(target: tuple, output: tuple, kind: str | None) -> LossShapes | None:
    """What loss ``kind`` does with targets and outputs of these per-example shapes (batch axis excluded);
    None for a loss whose shape rules are not known here. Verified against Keras 3.15 for every pair of
    (batch, C), (batch, 1), (batch, T, C), (batch, T, 1) outputs and (N,), (N, 1), (N, C), (N, T), (N, T, 1),
    (N, T, C) targets (tests/checks/test_shapes.py)."""
    t, o = _squeeze_or_expand((BATCH, *target), (BATCH, *output))
    if kind in ELEMENTWISE:
        result = _broadcast(t, o)
        if result is None:
            pairs = [(x, y) for x, y in zip(reversed(t), reversed(o)) if not _agree(x, y) and 1 not in (x, y)]
            a, b = pairs[0]
            return LossShapes("raises", t, o, f"Dimensions must be equal, but are {_shown(a)} and {_shown(b)}")
        fits = len(result) == len(t) == len(o) and all(_agree(x, y) for x, y in zip(t, o))
        return LossShapes("fits" if fits else "broadcasts", t, o)
    if kind in SAME_SHAPE:
        if len(t) != len(o):
            return LossShapes("raises", t, o, "Arguments `target` and `output` must have the same rank (ndim)")
        if not all(_agree(x, y) for x, y in zip(t, o)):
            return LossShapes("raises", t, o, "Arguments `target` and `output` must have the same shape")
        return LossShapes("fits", t, o)
    if kind in SPARSE:
        # keras/src/backend/tensorflow/nn.py, sparse_categorical_crossentropy: one class id per output vector
        sparse_t = t[:-1] if len(t) == len(o) and t[-1] == 1 else t
        if len(sparse_t) != len(o) - 1:
            return LossShapes("raises", t, o, "Argument `output` must have rank (ndim) `target.ndim - 1`")
        if not all(_agree(x, y) for x, y in zip(sparse_t, o[:-1])):
            return LossShapes(
                "raises", t, o, "Arguments `target` and `output` must have the same shape up until the last dimension"
            )
        return LossShapes("fits", t, o)
    return None
