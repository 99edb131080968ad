"""Formulas for Keras' feed-forward layers: dense, embedding, convolution, normalisation,
attention and the rest of `keras.layers` that owns weights (recurrent ones are in recurrent.py)."""

from __future__ import annotations

import keras

from .formula import Formula, apply, channels, first_shape, formula_for, plus_bias, prod, times

L = keras.layers


@formula_for(L.Dense)
def dense(layer, shape):
    n_in, units = int(first_shape(shape)[-1]), layer.units
    if layer.use_bias:
        return Formula("(in + 1) × units", f"({n_in} + 1) × {units}", {"kernel": "in × units", "bias": "units"})
    return Formula("in × units", times(n_in, units), {"kernel": "in × units"})


def _einsum_dims(spec: str, shape) -> dict:
    # An equation side may start or end with "..." (broadcast axes), as Keras allows.
    shape = tuple(shape)
    if spec.startswith("..."):
        spec = spec[3:]
        dims = shape[len(shape) - len(spec) :]
    elif spec.endswith("..."):
        spec = spec[:-3]
        dims = shape[: len(spec)]
    else:
        dims = shape
    return dict(zip(spec, dims))


@formula_for(L.EinsumDense)
def einsum_dense(layer, shape):
    # kernel axes are the equation's kernel letters, each sized from the input or
    # the full output shape (EinsumDense.build, _analyze_einsum_string).
    inputs, output = layer.equation.split("->")
    x_spec, k_spec = inputs.split(",")
    x_shape = first_shape(shape)
    sizes = {**_einsum_dims(x_spec, x_shape), **_einsum_dims(output, layer.compute_output_shape(x_shape))}
    kernel = [int(sizes[c]) for c in k_spec]
    text = times(*kernel)
    meaning = {"kernel": f"kernel axes {k_spec!r} of {layer.equation!r}"}
    if layer.bias_axes:
        text += " + " + times(*(int(sizes[c]) for c in layer.bias_axes))
        meaning["bias"] = f"output axes {layer.bias_axes!r}"
    symbolic = "product of kernel axes" + (" + product of bias axes" if layer.bias_axes else "")
    return Formula(symbolic, text, meaning)


@formula_for(L.Embedding)
def embedding(layer, shape):
    text = times(layer.input_dim, layer.output_dim)
    if getattr(layer, "tie_weights", True) is False:  # ReversibleEmbedding with its own reverse matrix
        return Formula(
            "2 × vocab × dim", f"2 × {text}", {"embeddings": "vocab × dim", "reverse_embeddings": "dim × vocab"}
        )
    return Formula("vocab × dim", text, {"embeddings": "vocab × dim"})


@formula_for("keras.src.layers.convolutional.base_conv.BaseConv")
def conv(layer, shape):
    cin, groups = channels(layer, shape), getattr(layer, "groups", 1)
    per_group = f"({cin} / {groups})" if groups > 1 else str(cin)
    k = times(*layer.kernel_size)
    sym = " × ".join(["k"] * len(layer.kernel_size)) + (" × (cin / groups)" if groups > 1 else " × cin") + " × cout"
    text = plus_bias(f"{k} × {per_group} × {layer.filters}", layer.use_bias, str(layer.filters))
    return Formula(plus_bias(sym, layer.use_bias, "cout"), text, {"kernel": sym.replace(" + cout", ""), "bias": "cout"})


@formula_for("keras.src.layers.convolutional.base_conv_transpose.BaseConvTranspose")
def conv_transpose(layer, shape):
    cin = channels(layer, shape)
    sym = " × ".join(["k"] * len(layer.kernel_size)) + " × cout × cin"
    text = plus_bias(f"{times(*layer.kernel_size)} × {layer.filters} × {cin}", layer.use_bias, str(layer.filters))
    return Formula(plus_bias(sym, layer.use_bias, "cout"), text, {"kernel": sym, "bias": "cout"})


@formula_for("keras.src.layers.convolutional.base_depthwise_conv.BaseDepthwiseConv")
def depthwise_conv(layer, shape):
    cin, dm = channels(layer, shape), layer.depth_multiplier
    sym = " × ".join(["k"] * len(layer.kernel_size)) + " × cin × depth_multiplier"
    text = plus_bias(f"{times(*layer.kernel_size)} × {cin} × {dm}", layer.use_bias, f"{cin} × {dm}")
    return Formula(
        plus_bias(sym, layer.use_bias, "cin × depth_multiplier"),
        text,
        {"kernel": sym, "bias": "cin × depth_multiplier"},
    )


@formula_for("keras.src.layers.convolutional.base_separable_conv.BaseSeparableConv")
def separable_conv(layer, shape):
    cin, dm, k = channels(layer, shape), layer.depth_multiplier, layer.kernel_size
    sym = " × ".join(["k"] * len(k)) + " × cin × depth_multiplier + cin × depth_multiplier × cout"
    text = plus_bias(f"{times(*k)} × {cin} × {dm} + {cin} × {dm} × {layer.filters}", layer.use_bias, str(layer.filters))
    return Formula(
        plus_bias(sym, layer.use_bias, "cout"),
        text,
        {
            "depthwise_kernel": "k × ... × cin × depth_multiplier",
            "pointwise_kernel": "1 × ... × (cin × depth_multiplier) × cout",
            "bias": "cout",
        },
    )


def _axes(axis, rank: int) -> list[int]:
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    return [a % rank for a in axes]


def _normalised(layer, shape) -> str:
    shape = first_shape(shape)
    return times(*(int(shape[a]) for a in _axes(layer.axis, len(shape))))


@formula_for(L.BatchNormalization)
def batch_norm(layer, shape):
    c = _normalised(layer, shape)
    learned = [n for n, on in (("γ", layer.scale), ("β", layer.center)) if on]
    text = (f"{len(learned)} × {c} + " if learned else "") + f"2 × {c}"
    sym = (
        f"{len(learned)} × C ({', '.join(learned)}, trainable) + " if learned else ""
    ) + "2 × C (moving mean and variance, not trainable)"
    return Formula(
        sym,
        text,
        {
            "gamma": "γ, one scale per channel",
            "beta": "β, one shift per channel",
            "moving_mean": "running mean per channel, updated in fit(), not trained",
            "moving_variance": "running variance per channel, not trained",
        },
    )


@formula_for(L.LayerNormalization, L.GroupNormalization)
def layer_norm(layer, shape):
    c = _normalised(layer, shape)
    learned = [n for n, on in (("γ", layer.scale), ("β", layer.center)) if on]
    return Formula(
        f"{len(learned)} × C ({', '.join(learned)})",
        f"{len(learned)} × {c}",
        {"gamma": "γ, one scale per normalised feature", "beta": "β, one shift per normalised feature"},
    )


@formula_for(L.RMSNormalization)
def rms_norm(layer, shape):
    return Formula("C (scale)", _normalised(layer, shape), {"scale": "one scale per normalised feature"})


@formula_for(L.Normalization)
def normalization(layer, shape):
    if layer.input_mean is not None:  # mean and variance given: constants, not weights
        return Formula("0 (mean and variance given as constants)", "0")
    c = _normalised(layer, shape)
    return Formula(
        "2 × C + 1 (mean, variance, count; none trainable)",
        f"2 × {c} + 1",
        {
            "mean": "per feature, set by adapt()",
            "variance": "per feature, set by adapt()",
            "count": "examples seen by adapt()",
        },
    )


@formula_for(L.PReLU)
def prelu(layer, shape):
    dims = list(first_shape(shape)[1:])
    for axis in layer.shared_axes or []:
        dims[axis - 1] = 1
    return Formula(
        "one α per input position (1 along shared_axes)", times(*dims), {"alpha": "α of each input position"}
    )


@formula_for(L.Attention)
def attention(layer, shape):
    if isinstance(layer, L.AdditiveAttention):
        return Formula(
            "dim (scale)" if layer.use_scale else "0",
            str(int(first_shape(shape)[-1])) if layer.use_scale else "0",
            {"scale": "one scale per feature"},
        )
    parts = [p for p, on in (("1", layer.use_scale), ("1", layer.score_mode == "concat")) if on]
    return Formula(
        "scale (use_scale) + concat_score_weight (score_mode='concat')",
        " + ".join(parts) or "0",
        {"scale": "one scalar", "concat_score_weight": "one scalar"},
    )


def _proj(n_in: int, heads: int, dim: int, bias: bool) -> str:
    return f"({n_in} + 1) × {heads} × {dim}" if bias else times(n_in, heads, dim)


@formula_for(L.MultiHeadAttention)
def multi_head_attention(layer, shape):
    cfg = layer.get_config()
    q = first_shape(shape)
    v = shape.get("value_shape", q) if isinstance(shape, dict) else q
    k = (shape.get("key_shape") or v) if isinstance(shape, dict) else v
    heads, kd = cfg["num_heads"], cfg["key_dim"]
    vd = cfg["value_dim"] or kd
    out = cfg["output_shape"] or q[-1]
    out = prod(out) if isinstance(out, (list, tuple)) else int(out)
    b = cfg["use_bias"]
    text = " + ".join(
        [
            _proj(q[-1], heads, kd, b),
            _proj(k[-1], heads, kd, b),
            _proj(v[-1], heads, vd, b),
            f"({heads} × {vd} + 1) × {out}" if b else times(heads, vd, out),
        ]
    )
    sym = (
        (
            "(q + 1) × heads × key_dim + (k + 1) × heads × key_dim + (v + 1) × heads × value_dim"
            " + (heads × value_dim + 1) × out"
        )
        if b
        else "q × heads × key_dim + k × heads × key_dim + v × heads × value_dim + heads × value_dim × out"
    )
    return Formula(sym, text, {"kernel": "a projection (query, key, value, output in that order)", "bias": "its bias"})


@formula_for(L.GroupQueryAttention)
def grouped_query_attention(layer, shape):
    q = first_shape(shape)
    v = shape.get("value_shape", q) if isinstance(shape, dict) else q
    k = (shape.get("key_shape") or v) if isinstance(shape, dict) else v
    hq, hkv, hd, b = layer.num_query_heads, layer.num_key_value_heads, layer.head_dim, layer.use_bias
    text = " + ".join(
        [
            _proj(q[-1], hq, hd, b),
            _proj(k[-1], hkv, hd, b),
            _proj(v[-1], hkv, hd, b),
            f"({hq} × {hd} + 1) × {q[-1]}" if b else times(hq, hd, q[-1]),
        ]
    )
    return Formula(
        "query (q × q_heads × head_dim) + key, value (× kv_heads × head_dim) + output",
        text,
        {"kernel": "a projection (query, key, value, output in that order)", "bias": "its bias"},
    )


@formula_for(L.STFTSpectrogram)
def stft(layer, shape):
    n = 2 if layer.mode not in ("real", "imag") else 1
    return Formula(
        "kernels × frame_length × 1 × (fft_length / 2 + 1)",
        f"{n} × {layer.frame_length} × 1 × ({layer._fft_length} / 2 + 1)",
        {"real_kernel": "fixed Fourier basis, real part", "imag_kernel": "imaginary part"},
    )


@formula_for(L.Pipeline)
def pipeline(layer, shape):
    parts = [apply(sub) for sub in layer.layers]
    if any(p is None for p in parts):
        return None
    texts = [p.text for p in parts if p.text != "0"]
    return Formula(
        "sum of its layers",
        " + ".join(f"({t})" for t in texts) or "0",
        {k: v for p in parts for k, v in p.meaning.items()},
    )


@formula_for(L.TimeDistributed)
def time_distributed(layer, shape):
    inner = apply(layer.layer)
    if inner is None:
        return None
    return Formula(
        f"the wrapped {type(layer.layer).__name__}: {inner.symbolic}",
        inner.text,
        inner.meaning,
        inner.slices,
        "TimeDistributed applies one copy of the layer to every time step: "
        "the weights are shared, not multiplied by the number of steps.",
    )


@formula_for(L.SpectralNormalization)
def spectral_norm(layer, shape):
    inner = apply(layer.layer)
    if inner is None:
        return None
    out = getattr(layer.layer, "units", None) or layer.layer.filters
    return Formula(
        f"{inner.symbolic} + out (u vector, not trainable)",
        f"{inner.text} + {out}",
        {**inner.meaning, "vector_u": "power-iteration vector, not trainable"},
    )


@formula_for("keras.src.applications.convnext.LayerScale")
def layer_scale(layer, shape):
    return Formula("projection_dim (γ)", str(layer.projection_dim), {"gamma": "one scale per channel"})
