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
