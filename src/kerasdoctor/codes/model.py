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
    Reports a model whose inputs are not known (a subclassed model, or a Sequential model without an
    `Input`) and skips the checks that need them.
    """,
    why="""
    Shape checks compare the data with the model's inputs; without them those checks cannot run, and
    parameter counts are unknown.
    """,
)


def unbuilt_model(*, model_name: str, kind: str) -> Finding:
    return KD401.finding(
        f"Model {model_name!r} ({kind}) has no known input shape yet, so the checks that compare "
        "data shapes with the model's inputs were skipped.",
        where="model",
        fix="keras.Input(shape=...) as the first layer, or model.build((None, ...))",
    )
