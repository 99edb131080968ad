"""Every weight-owning layer in `keras.layers`, in several configurations: formula == count_params()."""

import ast
import inspect
import math
import textwrap

import keras
import pytest

import kerasdoctor as kd
from kerasdoctor.parameters.formula import evaluate, lookup

pytestmark = pytest.mark.backend_independent  # CI runs these again under KERAS_BACKEND=jax

L = keras.layers


def build(layer, *shapes):
    """Call the layer on symbolic inputs, as a model does (so Keras records the build shapes)."""
    inputs = [keras.Input(s) for s in shapes]
    layer(*inputs) if len(inputs) > 1 and not isinstance(layer, (L.Attention,)) else layer(
        inputs if isinstance(layer, L.Attention) else inputs[0]
    )
    return layer


CONFIGS = {
    "Dense": [
        (lambda: L.Dense(3), [(5,)]),
        (lambda: L.Dense(3, use_bias=False), [(5,)]),
        (lambda: L.Dense(4), [(7, 5)]),
    ],
    "EinsumDense": [
        (lambda: L.EinsumDense("ab,bc->ac", output_shape=4, bias_axes="c"), [(5,)]),
        (lambda: L.EinsumDense("abc,cd->abd", output_shape=(None, 6)), [(3, 5)]),
        (lambda: L.EinsumDense("...b,bc->...c", output_shape=4, bias_axes="c"), [(2, 5)]),
        (lambda: L.EinsumDense("abc,cde->abde", output_shape=(None, 2, 3), bias_axes="de"), [(4, 5)]),
    ],
    "Embedding": [(lambda: L.Embedding(100, 8), [(3,)])],
    "ReversibleEmbedding": [
        (lambda: L.ReversibleEmbedding(10, 4), [(3,)]),
        (lambda: L.ReversibleEmbedding(10, 4, tie_weights=False), [(3,)]),
    ],
    "Conv1D": [(lambda: L.Conv1D(4, 3), [(10, 2)]), (lambda: L.Conv1D(4, 3, groups=2, use_bias=False), [(10, 6)])],
    "Conv2D": [
        (lambda: L.Conv2D(64, 3), [(8, 8, 32)]),
        (lambda: L.Conv2D(8, 3, groups=4), [(8, 8, 8)]),
        (lambda: L.Conv2D(5, (3, 2), data_format="channels_first", use_bias=False), [(3, 8, 8)]),
    ],
    "Conv3D": [(lambda: L.Conv3D(2, (2, 3, 2)), [(4, 4, 4, 3)])],
    "Conv1DTranspose": [(lambda: L.Conv1DTranspose(4, 3), [(10, 2)])],
    "Conv2DTranspose": [(lambda: L.Conv2DTranspose(4, 3, use_bias=False), [(5, 5, 6)])],
    "Conv3DTranspose": [(lambda: L.Conv3DTranspose(2, 2), [(3, 3, 3, 4)])],
    "DepthwiseConv1D": [(lambda: L.DepthwiseConv1D(3, depth_multiplier=2), [(10, 4)])],
    "DepthwiseConv2D": [
        (lambda: L.DepthwiseConv2D(3), [(8, 8, 5)]),
        (lambda: L.DepthwiseConv2D(3, depth_multiplier=3, use_bias=False), [(8, 8, 5)]),
    ],
    "SeparableConv1D": [(lambda: L.SeparableConv1D(6, 3), [(10, 4)])],
    "SeparableConv2D": [(lambda: L.SeparableConv2D(8, 3, depth_multiplier=2, use_bias=False), [(8, 8, 3)])],
    "SimpleRNN": [(lambda: L.SimpleRNN(10), [(3, 1)]), (lambda: L.SimpleRNN(4, use_bias=False), [(3, 6)])],
    "LSTM": [
        (lambda: L.LSTM(1), [(1, 1)]),
        (lambda: L.LSTM(1), [(1, 2)]),
        (lambda: L.LSTM(256), [(5, 4096)]),
        (lambda: L.LSTM(4, use_bias=False, return_sequences=True), [(5, 3)]),
    ],
    "GRU": [
        (lambda: L.GRU(3), [(4, 5)]),
        (lambda: L.GRU(3, reset_after=False), [(4, 5)]),
        (lambda: L.GRU(3, use_bias=False), [(4, 5)]),
    ],
    "SimpleRNNCell": [(lambda: L.RNN(L.SimpleRNNCell(3)), [(4, 2)])],
    "LSTMCell": [(lambda: L.RNN(L.LSTMCell(3)), [(4, 2)])],
    "GRUCell": [(lambda: L.RNN(L.GRUCell(3, reset_after=False)), [(4, 2)])],
    "RNN": [
        (lambda: L.RNN(L.LSTMCell(3)), [(4, 2)]),
        (lambda: L.RNN([L.SimpleRNNCell(2), L.SimpleRNNCell(3)]), [(4, 2)]),
    ],
    "StackedRNNCells": [(lambda: L.RNN(L.StackedRNNCells([L.LSTMCell(3), L.GRUCell(4)])), [(4, 5)])],
    "ConvLSTM1D": [(lambda: L.ConvLSTM1D(2, 3), [(3, 10, 4)])],
    "ConvLSTM2D": [
        (lambda: L.ConvLSTM2D(3, 3), [(2, 8, 8, 5)]),
        (lambda: L.ConvLSTM2D(3, 3, use_bias=False), [(2, 8, 8, 5)]),
    ],
    "ConvLSTM3D": [(lambda: L.ConvLSTM3D(2, 2), [(2, 4, 4, 4, 1)])],
    "Bidirectional": [
        (lambda mode=mode: L.Bidirectional(L.LSTM(3), merge_mode=mode), [(4, 5)])
        for mode in ("concat", "sum", "mul", "ave", None)
    ]
    + [
        (
            lambda: L.Bidirectional(
                L.GRU(2, return_sequences=True), backward_layer=L.GRU(3, go_backwards=True, return_sequences=True)
            ),
            [(4, 5)],
        ),
        (lambda: L.Bidirectional(L.SimpleRNN(2)), [(4, 5)]),
    ],
    "TimeDistributed": [
        (lambda: L.TimeDistributed(L.Dense(3)), [(4, 5)]),
        (lambda: L.TimeDistributed(L.Conv2D(2, 3)), [(4, 6, 6, 3)]),
    ],
    "BatchNormalization": [
        (lambda: L.BatchNormalization(), [(5,)]),
        (lambda: L.BatchNormalization(center=False), [(5,)]),
        (lambda: L.BatchNormalization(center=False, scale=False), [(5,)]),
        (lambda: L.BatchNormalization(axis=1), [(3, 4, 4)]),
    ],
    "LayerNormalization": [
        (lambda: L.LayerNormalization(), [(5,)]),
        (lambda: L.LayerNormalization(axis=[1, 2]), [(3, 4)]),
        (lambda: L.LayerNormalization(center=False), [(5,)]),
    ],
    "GroupNormalization": [
        (lambda: L.GroupNormalization(groups=2), [(4, 6)]),
        (lambda: L.GroupNormalization(groups=2, scale=False), [(4, 6)]),
    ],
    "RMSNormalization": [(lambda: L.RMSNormalization(), [(3, 5)])],
    "Normalization": [
        (lambda: L.Normalization(), [(5,)]),
        (lambda: L.Normalization(axis=(1, 2)), [(4, 5, 3)]),
        (lambda: L.Normalization(mean=1.0, variance=2.0), [(5,)]),
    ],
    "PReLU": [(lambda: L.PReLU(), [(4, 3)]), (lambda: L.PReLU(shared_axes=[1, 2]), [(4, 4, 3)])],
    "Attention": [
        (lambda: L.Attention(), [(3, 4), (3, 4)]),
        (lambda: L.Attention(use_scale=True, score_mode="concat"), [(3, 4), (3, 4)]),
    ],
    "AdditiveAttention": [
        (lambda: L.AdditiveAttention(), [(3, 4), (3, 4)]),
        (lambda: L.AdditiveAttention(use_scale=False), [(3, 4), (3, 4)]),
    ],
    "MultiHeadAttention": [
        (lambda: L.MultiHeadAttention(2, 3), [(3, 8), (3, 8)]),
        (lambda: L.MultiHeadAttention(2, 3, value_dim=5, use_bias=False, output_shape=7), [(3, 8), (4, 6)]),
        (lambda: L.MultiHeadAttention(4, 2, output_shape=(2, 3)), [(3, 8), (3, 6), (3, 5)]),
    ],
    "GroupQueryAttention": [
        (lambda: L.GroupQueryAttention(4, 4, 2), [(3, 8), (3, 8)]),
        (lambda: L.GroupQueryAttention(4, 4, 2, use_bias=False), [(3, 8), (5, 8)]),
    ],
    "STFTSpectrogram": [
        (lambda: L.STFTSpectrogram(frame_length=16, fft_length=16), [(100, 1)]),
        (lambda: L.STFTSpectrogram(mode="real", frame_length=8, fft_length=16), [(100, 1)]),
    ],
    "SpectralNormalization": [
        (lambda: L.SpectralNormalization(L.Dense(3)), [(5,)]),
        (lambda: L.SpectralNormalization(L.Conv2D(2, 3)), [(6, 6, 3)]),
    ],
    "Pipeline": [(lambda: L.Pipeline([L.Normalization(), L.Dense(3)]), [(5,)])],
}

CASES = [
    pytest.param(make, shapes, id=f"{name}-{i}")
    for name, configs in CONFIGS.items()
    for i, (make, shapes) in enumerate(configs)
]


@pytest.mark.parametrize("make, shapes", CASES)
def test_formula_equals_keras_count(make, shapes):
    layer = build(make(), *shapes)
    report = kd.params(layer)
    row = report.rows[0]
    assert row.has_formula, row.note
    assert row.formula.endswith(f"= {layer.count_params()}")
    assert evaluate(row.formula.rsplit(" = ", 1)[0]) == layer.count_params() == report.total == row.params
    assert row.trainable == sum(math.prod(w.shape) for w in layer.trainable_weights)


SEEDS = [  # the numbers users ask about
    (lambda: L.LSTM(1), [(1, 1)], 12),
    (lambda: L.LSTM(1), [(1, 2)], 16),
    (lambda: L.SimpleRNN(10), [(3, 1)], 120),
    (lambda: L.LSTM(256), [(5, 4096)], 4457472),
    (lambda: L.Dense(1000), [(1024,)], 1025000),
    (lambda: L.Dense(512), [(1000,)], 512512),
    (lambda: L.Dense(256), [(512,)], 131328),
    (lambda: L.Dense(4), [(256,)], 1028),
    (lambda: L.Conv2D(64, 3), [(8, 8, 32)], 18496),
]


@pytest.mark.parametrize("make, shapes, expected", SEEDS)
def test_seed_numbers(make, shapes, expected):
    row = kd.params(build(make(), *shapes)).rows[0]
    assert row.params == expected
    assert row.formula.endswith(f"= {expected}")


def test_the_issue_example_formula_text():
    row = kd.params(build(L.LSTM(1), (10, 75))).rows[0]
    assert row.formula == "4 × ((75 + 1) × 1 + 1²) = 308"


# Layers whose weights come from a foreign framework or a saved graph, not from a
# Keras config: no formula can describe them, their weights are summed.
FOREIGN = {
    "JaxLayer": "a JAX function's parameters",
    "FlaxLayer": "a Flax module's parameters",
    "TFSMLayer": "a SavedModel's variables",
    "TorchModuleWrapper": "a torch module's parameters",
}


def _calls(cls) -> set:
    """The names called or attributes used in Keras' own code for this class and its Keras bases
    below Layer (parsed, so docstring examples such as `layers.Dense(8)` do not count)."""
    names = set()
    for klass in cls.__mro__:
        if klass in keras.layers.Layer.__mro__ or not klass.__module__.startswith("keras"):
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        except (OSError, TypeError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                names.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))
    return names


def weight_owning_layer_classes() -> dict:
    """The public keras.layers classes that own weights, read from Keras itself: those whose
    source creates weights, those that build another weight-owning layer (MultiHeadAttention
    builds EinsumDense), and those that hold layers or cells they are given (wrappers, RNN)."""
    layers = {
        n: c
        for n in dir(keras.layers)
        if inspect.isclass(c := getattr(keras.layers, n))
        and issubclass(c, keras.layers.Layer)
        and c not in (keras.layers.Layer, keras.layers.Wrapper)
    }
    calls = {n: _calls(c) for n, c in layers.items()}
    found = {
        n: c
        for n, c in layers.items()
        if {"add_weight", "add_variable"} & calls[n]
        or {"layer", "cell", "cells", "layers"} & set(inspect.signature(c.__init__).parameters)
    }
    grew = True
    while grew:  # fixed point: a layer that builds a weight-owning layer owns weights too
        new = {n: c for n, c in layers.items() if n not in found and {o.__name__ for o in found.values()} & calls[n]}
        found.update(new)
        grew = bool(new)
    return found


def test_every_weight_owning_keras_layer_has_a_formula_and_a_test():
    classes = weight_owning_layer_classes()
    assert {"Dense", "LSTM", "Conv2D", "MultiHeadAttention", "Bidirectional"} <= set(classes)
    missing = sorted(n for n, cls in classes.items() if n not in FOREIGN and lookup(cls) is None)
    assert missing == [], f"keras.layers that own weights but have no formula: {missing}"
    tested = {type(make()).__name__ for configs in CONFIGS.values() for make, _ in configs} | set(CONFIGS)
    untested = sorted(
        n for n, cls in classes.items() if n not in FOREIGN and n not in tested and cls.__name__ not in tested
    )
    assert untested == [], f"keras.layers with a formula but no configuration in CONFIGS: {untested}"
