"""Formulas for recurrent layers, with the gate slices of each weight in Keras' order.

Keras packs the gates side by side along the last axis of kernel,
recurrent_kernel and bias: LSTM i, f, c, o (LSTMCell.call splits
``z`` into ``z0, z1, z2, z3`` in that order); GRU z, r, h (GRUCell: update,
reset, candidate), and with ``reset_after=True`` the bias has two rows, one for
the input and one for the recurrent part.
"""

from __future__ import annotations

import keras

from .formula import Formula, apply, channels, first_shape, formula_for, times

L = keras.layers

LSTM_GATES = ("input gate i", "forget gate f", "cell candidate c", "output gate o")
GRU_GATES = ("update gate z", "reset gate r", "candidate h")


def _gate_slices(name: str, units: int, gates, prefix: str = ":, ") -> list:
    return [(f"{name}[{prefix}{i * units}:{(i + 1) * units}]", gate) for i, gate in enumerate(gates)]


def _features_note(n_in: int, units: int, gates: int) -> str:
    if n_in > 1:
        return (
            f"With input_dim > 1 (here {n_in} features), x is a vector and each gate's weights are a "
            f"({n_in} × {units}) matrix (features × units), so kernel is ({n_in}, {gates} × {units}); "
            f"the cell state is one scalar per unit ({units} here)."
        )
    return (
        f"With one feature, each gate's input weights are a (1 × {units}) row; with input_dim > 1, x is a "
        f"vector and each gate's weights are a (features × units) matrix; the state is one scalar per unit."
    )


@formula_for(L.SimpleRNNCell)
def simple_rnn_cell(cell, shape):
    n_in, u = int(first_shape(shape)[-1]), cell.units
    meaning = {
        "kernel": f"in × units: ({n_in}, {u})",
        "recurrent_kernel": f"units × units: ({u}, {u})",
        "bias": f"units: ({u},)",
    }
    note = (
        f"h_t = tanh(x_t · kernel + h_(t-1) · recurrent_kernel + bias): the input weights are ({n_in} × {u}) "
        f"(features × units), the recurrent ones ({u} × {u}), one bias per unit."
    )
    if cell.use_bias:
        return Formula("(in + units + 1) × units", f"({n_in} + {u} + 1) × {u}", meaning, note=note)
    return Formula("(in + units) × units", f"({n_in} + {u}) × {u}", meaning, note=note)


@formula_for(L.LSTMCell)
def lstm_cell(cell, shape):
    n_in, u = int(first_shape(shape)[-1]), cell.units
    slices = {
        "kernel": _gate_slices("kernel", u, LSTM_GATES),
        "recurrent_kernel": _gate_slices("recurrent_kernel", u, LSTM_GATES),
        "bias": _gate_slices("bias", u, LSTM_GATES, prefix=""),
    }
    meaning = {
        "kernel": f"in × 4·units: ({n_in}, 4 × {u})",
        "recurrent_kernel": f"units × 4·units: ({u}, 4 × {u})",
        "bias": f"4·units: (4 × {u},)",
    }
    sq = f"{u}²"
    if cell.use_bias:
        return Formula(
            "4 × ((in + 1) × units + units²)",
            f"4 × (({n_in} + 1) × {u} + {sq})",
            meaning,
            slices,
            _features_note(n_in, u, 4),
        )
    return Formula(
        "4 × (in × units + units²)", f"4 × ({n_in} × {u} + {sq})", meaning, slices, _features_note(n_in, u, 4)
    )


@formula_for(L.GRUCell)
def gru_cell(cell, shape):
    n_in, u = int(first_shape(shape)[-1]), cell.units
    slices = {
        "kernel": _gate_slices("kernel", u, GRU_GATES),
        "recurrent_kernel": _gate_slices("recurrent_kernel", u, GRU_GATES),
    }
    meaning = {"kernel": f"in × 3·units: ({n_in}, 3 × {u})", "recurrent_kernel": f"units × 3·units: ({u}, 3 × {u})"}
    note = _features_note(n_in, u, 3)
    if not cell.use_bias:
        return Formula("3 × (in × units + units²)", f"3 × ({n_in} × {u} + {u}²)", meaning, slices, note)
    if cell.reset_after:
        slices["bias"] = _gate_slices("bias", u, [g + " (input bias)" for g in GRU_GATES], prefix="0, ") + _gate_slices(
            "bias", u, [g + " (recurrent bias)" for g in GRU_GATES], prefix="1, "
        )
        meaning["bias"] = f"2 × 3·units: (2, 3 × {u}); reset_after=True keeps a second bias row for the recurrent part"
        return Formula("3 × ((in + 2) × units + units²)", f"3 × (({n_in} + 2) × {u} + {u}²)", meaning, slices, note)
    slices["bias"] = _gate_slices("bias", u, GRU_GATES, prefix="")
    meaning["bias"] = f"3·units: (3 × {u},)"
    return Formula("3 × ((in + 1) × units + units²)", f"3 × (({n_in} + 1) × {u} + {u}²)", meaning, slices, note)


@formula_for("keras.src.layers.rnn.conv_lstm.ConvLSTMCell")
def conv_lstm_cell(cell, shape):
    cin = channels(cell, shape)
    f, k = cell.filters, times(*cell.kernel_size)
    ks = " × ".join(["k"] * len(cell.kernel_size))
    gates = [("kernel", "..., "), ("recurrent_kernel", "..., "), ("bias", "")]
    slices = {name: _gate_slices(name, f, LSTM_GATES, prefix=p) for name, p in gates}
    meaning = {
        "kernel": f"{ks} × cin × 4·filters",
        "recurrent_kernel": f"{ks} × filters × 4·filters",
        "bias": "4·filters",
    }
    if cell.use_bias:
        return Formula(
            f"4 × ({ks} × (cin + filters) × filters + filters)",
            f"4 × ({k} × ({cin} + {f}) × {f} + {f})",
            meaning,
            slices,
        )
    return Formula(f"4 × {ks} × (cin + filters) × filters", f"4 × {k} × ({cin} + {f}) × {f}", meaning, slices)


@formula_for(L.RNN)
def rnn(layer, shape):
    # RNN.build builds the cell on one time step's shape; the cell's formula is the layer's.
    return apply(layer.cell)


@formula_for(L.StackedRNNCells)
def stacked_cells(layer, shape):
    parts = [apply(cell) for cell in layer.cells]
    if any(p is None for p in parts):
        return None
    meaning = {k: v for p in parts for k, v in p.meaning.items()}
    return Formula(" + ".join(f"({p.symbolic})" for p in parts), " + ".join(f"({p.text})" for p in parts), meaning)


@formula_for(L.Bidirectional)
def bidirectional(layer, shape):
    fwd, bwd = apply(layer.forward_layer), apply(layer.backward_layer)
    if fwd is None or bwd is None:
        return None
    # merge_mode only combines the two outputs; it adds no weight.
    if fwd.text == bwd.text:
        return Formula(
            f"2 × ({fwd.symbolic})",
            f"2 × ({fwd.text})",
            fwd.meaning,
            fwd.slices,
            "Two copies of the layer, forward and backward, each with its own weights. " + fwd.note,
        )
    return Formula(
        "forward + backward", f"({fwd.text}) + ({bwd.text})", {**bwd.meaning, **fwd.meaning}, fwd.slices, fwd.note
    )
