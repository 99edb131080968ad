"""Facts about each output head: the activation really applied at the output, and the recurrent layer behind it.

The layers that made an output are read from its tensor's history
(``tensor._keras_history``), or, for a Sequential model, from its list of
layers, last first; both walks meet in the same judgements. The activation
looks through layers that do not change values (Dropout, Flatten, Reshape,
``Activation("linear")``, ...): a Dense or Conv layer's ``activation=``, an
``Activation`` layer and a ``Softmax`` layer are understood; any other layer
(a Lambda, a custom layer, a merge) makes the activation unknown (None), and
the checks that need it are skipped. The recurrent layer is the LSTM/GRU/
SimpleRNN (or its Bidirectional wrapper) whose time axis, kept or dropped
(``return_sequences``), reaches the output through layers applied per time step.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Layers that pass values through unchanged at inference, so the activation
# before them is the activation at the output.
PASS_THROUGH = {
    "Dropout",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
    "GaussianDropout",
    "AlphaDropout",
    "Flatten",
    "Reshape",
    "Identity",
    "ActivityRegularization",
    "Permute",
}
# Activation layers that are not `Activation(...)`: their class names what they compute.
ACTIVATION_LAYERS = {"Softmax": "softmax", "ReLU": "relu", "LeakyReLU": "leaky_relu", "PReLU": "prelu", "ELU": "elu"}
LINEAR = "linear"
# Layers that keep the axes before the last one as they are (a Dense on (batch, steps, features) is applied to
# every step), so a recurrent layer's time axis, kept or not, reaches the output through them.
PER_STEP = {
    "Dense",
    "EinsumDense",
    "TimeDistributed",
    "Activation",
    "Dropout",
    "GaussianDropout",
    "GaussianNoise",
    "AlphaDropout",
    "SpatialDropout1D",
    "BatchNormalization",
    "LayerNormalization",
    "Identity",
    "ActivityRegularization",
    *ACTIVATION_LAYERS,
}


@dataclass(frozen=True)
class RecurrentFacts:
    """The recurrent layer behind an output: whether it returns every step (``return_sequences``)."""

    name: str  # the layer's name: "lstm"
    kind: str  # "LSTM", "GRU", "SimpleRNN"
    units: int | None
    return_sequences: bool
    bidirectional: bool = False  # wrapped in Bidirectional (the fix keeps the wrapper)


def _activation_name(fn) -> str | None:
    name = getattr(fn, "__name__", None) or type(fn).__name__
    # Built-in activations live in keras.activations; anything else is the
    # user's function, named as they named it.
    return name if name else None


def producer(tensor):
    """(layer, node) that made a symbolic tensor; (None, None) for one Keras did not make."""
    history = getattr(tensor, "_keras_history", None)
    if not history:
        return None, None
    layer, node_index, _ = history
    nodes = getattr(layer, "_inbound_nodes", [])
    node = nodes[node_index] if node_index < len(nodes) else None
    return layer, node


def layers_behind(tensor, max_depth: int = 50) -> Iterator:
    """The layers that made ``tensor``, the last one first, back through layers of one input
    (the first layer with several inputs ends the walk)."""
    for _ in range(max_depth):
        layer, node = producer(tensor)
        if layer is None:
            return
        yield layer
        inputs = list(getattr(node, "input_tensors", []) or [])
        if len(inputs) != 1:
            return
        tensor = inputs[0]


def activation_along(layers: Iterable) -> str | None:
    """The activation applied last by ``layers`` (the last layer first): "softmax", "sigmoid",
    "linear", "relu", ..., or None when a layer on the way is not understood."""
    for layer in layers:
        kind = type(layer).__name__
        if kind in ACTIVATION_LAYERS:
            return ACTIVATION_LAYERS[kind]
        activation = getattr(layer, "activation", None)
        is_keras_layer = type(layer).__module__.startswith("keras.")
        if activation is not None and is_keras_layer:
            name = _activation_name(activation)
            if name != LINEAR or kind != "Activation":
                return name  # Dense(..., activation=...), Conv2D(...), Activation("softmax")
        elif kind not in PASS_THROUGH or not is_keras_layer:
            return None
    return None


def output_activation(tensor, max_depth: int = 50) -> str | None:
    """The activation applied last before ``tensor``; None when a layer on the way is not understood."""
    return activation_along(layers_behind(tensor, max_depth))


def recurrent_along(layers: Iterable) -> RecurrentFacts | None:
    """The recurrent layer whose time axis (kept or dropped) reaches the end of ``layers`` (the last
    layer first) through layers applied per step; None when another layer comes first."""
    for layer in layers:
        kind = type(layer).__name__
        if not type(layer).__module__.startswith("keras."):
            return None
        if hasattr(layer, "return_sequences"):
            inner = getattr(layer, "forward_layer", None) or layer  # Bidirectional: the layer it wraps
            return RecurrentFacts(
                layer.name,
                type(inner).__name__,
                getattr(inner, "units", None),
                bool(layer.return_sequences),
                bidirectional=inner is not layer,
            )
        if kind not in PER_STEP:
            return None
    return None
