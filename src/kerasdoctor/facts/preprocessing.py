"""Facts about a model's preprocessing layers: which ones hold no state (never adapted, given nothing).

Read from the layers' public state, as Keras 3.15 keeps it:
`Normalization` given no mean/variance starts with mean 0 and variance 1
(its ``adapt_mean``/``adapt_variance`` weights, "zeros"/"ones") until `adapt()`,
and then passes values through unchanged; a `StringLookup`, `IntegerLookup` or
`TextVectorization` given no vocabulary has none (``get_vocabulary(
include_special_tokens=False)`` is empty) and maps everything to the OOV
index; a `Discretization` given no ``bin_boundaries`` has none until `adapt()`
and fails when called.
"""

from __future__ import annotations

from dataclasses import dataclass

LOOKUPS = ("StringLookup", "IntegerLookup", "TextVectorization")


@dataclass(frozen=True)
class Unadapted:
    layer: object
    kind: str  # the class name
    path: str  # how to reach it from the model: "model.get_layer('normalization')"


def user_layers(model, prefix: str):
    """(layer, path) for every layer, nested models included (a path of get_layer() calls), except those of
    keras.applications backbones: their own Normalization holds the ImageNet statistics only once weights
    are loaded (with weights=None it stays at 0 and 1, as Keras builds it), which is not the user's to adapt."""
    from .entry import backbone_of

    layers = list(getattr(model, "layers", []))
    if backbone_of(model) is not None:
        layers = layers[4:]  # a backbone flattened into the model: its first layers are its own preprocessing
    for layer in layers:
        if hasattr(layer, "layers") and backbone_of(layer) is not None:
            continue
        path = f"{prefix}.get_layer({layer.name!r})"
        yield layer, path
        if hasattr(layer, "layers"):
            yield from user_layers(layer, path)


def _normalization_unadapted(layer) -> bool:
    import numpy as np

    if getattr(layer, "input_mean", None) is not None or not layer.built:
        return False
    mean, variance = getattr(layer, "adapt_mean", None), getattr(layer, "adapt_variance", None)
    if mean is None or variance is None:
        return False
    return bool(np.all(np.asarray(mean) == 0) and np.all(np.asarray(variance) == 1))


def _vocabulary_empty(layer) -> bool:
    try:
        return len(layer.get_vocabulary(include_special_tokens=False)) == 0
    except Exception:  # a layer restored in a state we do not know: no claim
        return False


def unadapted_layers(model, name: str) -> list[Unadapted]:
    """The preprocessing layers of ``model`` (called ``name`` in fixes) that hold no state."""
    found = []
    for layer, path in user_layers(model, name):
        kind = type(layer).__name__
        if not type(layer).__module__.startswith("keras."):
            continue
        if kind == "Normalization" and _normalization_unadapted(layer):
            found.append(Unadapted(layer, kind, path))
        elif kind in LOOKUPS and _vocabulary_empty(layer):
            found.append(Unadapted(layer, kind, path))
        elif kind == "Discretization" and getattr(layer, "bin_boundaries", None) is None:
            found.append(Unadapted(layer, kind, path))
    return found
