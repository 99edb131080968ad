"""Facts about each output head: the activation really applied at the output.

The activation is read from the layer that produced the output tensor
(``tensor._keras_history``), walking back through layers that do not change
values (Dropout, Flatten, Reshape, ``Activation("linear")``, ...). A Dense or
Conv layer's ``activation=``, an ``Activation`` layer and a ``Softmax`` layer
are understood; any other layer (a Lambda, a custom layer, a merge) makes the
activation unknown (None), and the checks that need it are skipped.
"""

from __future__ import annotations

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


def output_activation(tensor, max_depth: int = 50) -> str | None:
    """The activation applied last before ``tensor`` ("softmax", "sigmoid",
    "linear", "relu", ...), or None when a layer on the way is not understood."""
    for _ in range(max_depth):
        layer, node = producer(tensor)
        if layer is None:
            return None
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
        inputs = list(getattr(node, "input_tensors", []) or [])
        if len(inputs) != 1:
            return None
        tensor = inputs[0]
    return None
