"""KD4xx: model structure and parameters. Each code's declaration, then the wording of its findings."""

from __future__ import annotations

from ..findings import Finding
from .registry import INFO, declare

KD401 = declare(
    "KD401",
    "unbuilt-model",
    INFO,
    "The model has no input shape yet, so shapes and counts are unknown.",
    what="""
    A model that declares no input shape (a Sequential model without `keras.Input`, an
    `Embedding(input_length=...)` that Keras 3 ignores, a subclassed model) is built by Keras from the
    first batch. kerasdoctor infers that input from the data (arrays, a dataset's `element_spec`, a
    `PyDataset`'s batch 0) and checks a symbolic build of the model for it, leaving your model as
    unbuilt as it was. This code reports the model only when no input can be inferred (a Python
    generator, data of unknown rank, a subclassed model that cannot be re-created from its config),
    and lists every check that was skipped for that reason.
    """,
    why="""
    Shape, loss and target checks compare the data with the model's inputs and outputs; without
    them those checks cannot run, and parameter counts are unknown.
    """,
)


def unbuilt_model(
    *, model_name: str, kind: str, reason: str, skipped: list[str], name: str, example: tuple | None = None
) -> Finding:
    """KD401: no input could be inferred (``reason``), so the checks named in ``skipped`` did not run;
    ``example``: one example's shape, when the data shows it (a model that cannot be copied)."""
    count = len(skipped)
    text = (
        f"Model {model_name!r} ({kind}) declares no input shape, and kerasdoctor could not build it for the data "
        f"as Keras will: {reason}. "
        f"{count} check{'s' if count != 1 else ''} that compare{'s' if count == 1 else ''} data with the model "
        f"{'were' if count != 1 else 'was'} skipped: {', '.join(skipped)}."
    )
    shape = "(...)" if example is None else repr(tuple(example))
    if kind == "sequential":
        fix = (
            f"{name} = keras.Sequential([keras.Input(shape={shape}), ...])   # one example's shape, first; "
            f"or {name}.build((None, ...))"
        )
    else:
        fix = f"{name}(keras.Input(shape={shape}))   # one example's shape: builds every layer of the model"
    return KD401.finding(text, where="model", fix=fix)
