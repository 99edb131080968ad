"""Checks of the scale of the inputs: a pretrained backbone's input contract (KD114), unscaled inputs
into a model trained from scratch (KD115).

The model's side is `facts.entry.model_entries` (what each input meets first);
the data's side is the per-feature range of `facts.values` (arrays in full, a
dataset from the batches sampled).
"""

from __future__ import annotations

from ..codes import data as codes
from ..codes.registry import ERROR, FIT_DATA, WARNING, detects
from ..facts.data import DataFacts
from ..facts.entry import Entry, model_entries
from . import Skip
from .values import read_values

# What each contract expects, in words, and how each range of data is judged against it.
EXPECTS = {
    "raw": "0-255 pixel values: it rescales them itself (its first layers are Rescaling/Normalization)",
    "caffe": "its preprocess_input's output: BGR channels minus the ImageNet mean, on the 0-255 scale",
    "tf": "its preprocess_input's output: values in -1..1",
    "torch": "its preprocess_input's output: channels standardised with the ImageNet mean and std",
}
VERDICT = {  # (mode, range) -> severity; a pair not listed fits (or cannot be told)
    ("raw", "unit"): ERROR,
    ("raw", "symmetric"): ERROR,
    ("caffe", "unit"): ERROR,
    ("caffe", "symmetric"): ERROR,
    ("caffe", "pixels"): WARNING,
    ("tf", "pixels"): ERROR,
    ("tf", "unit"): WARNING,
    ("torch", "pixels"): ERROR,
    ("torch", "unit"): WARNING,
}
RANGE_TEXT = {"unit": "in 0..1", "pixels": "in 0..255", "symmetric": "in -1..1"}
FEATURE_RATIO = 1000  # KD115: largest feature magnitude against the smallest (non-zero)


def value_range(low: float, high: float) -> str | None:
    """ "unit" (0..1), "pixels" (0..255), "symmetric" (-1..1), or None for anything else."""
    eps = 1e-3
    if high <= 0:
        return None
    if low >= -eps and high <= 1 + eps:
        return "unit"
    if low >= -eps and 1.5 < high <= 255 + eps:
        return "pixels"
    if -1 - eps <= low < -eps and high <= 1 + eps:
        return "symmetric"
    return None


def _inputs_with_values(ctx, data: DataFacts):
    """(Entry, the input's facts, path in x, ValueFacts, seen) per model input whose values were read."""
    if ctx.model.inputs is None or data.x is None:
        raise Skip("the model's inputs or the data's structure are not known")
    values = read_values(ctx, data)
    entries = ctx.once("entries", None, lambda: model_entries(ctx.model.model))
    by_path = dict(values.of("x"))
    pairs, _ = ctx.inputs_matched(data)
    for model_input, path, _ in pairs:
        v = by_path.get(path)
        if v is None or not v.numeric or v.low is None or model_input.index >= len(entries):
            continue
        yield entries[model_input.index], model_input, path, v, values.seen


def _x_name(ctx, data: DataFacts, path: str) -> str:
    if data.kind == "arrays":
        return ctx.name_of(data.source, "x") + path
    return ctx.name_of(data.source, "ds")


def _map_fix(ds: str, expression: str, path: str) -> str:
    if path:
        return f"# in the map() that builds {ds}'s inputs{path}: x = {expression}"
    return f"{ds} = {ds}.map(lambda x, y: ({expression}, y))"


# ---- KD114 ---------------------------------------------------------------------------------


@detects(codes.KD114, kind=FIT_DATA, name="backbone-input-range")
def check_backbone_input(ctx, data: DataFacts):
    found = False
    for entry, model_input, path, v, seen in _inputs_with_values(ctx, data):
        if entry.ends != "backbone":
            continue
        found = True
        mode = "raw" if entry.rescales_itself else entry.backbone.mode
        low, high = v.minimum * entry.scale + entry.offset, v.maximum * entry.scale + entry.offset
        got = value_range(min(low, high), max(low, high))
        severity = VERDICT.get((mode, got))
        if severity is None:
            continue
        yield codes.backbone_input_range(
            where=f"{v.where} -> {model_input.where}",
            backbone=entry.backbone_name,
            family=entry.backbone.name,
            got=RANGE_TEXT[got] + (f" (after your Rescaling, from {_range(v)})" if entry.scale != 1 else ""),
            expects=EXPECTS[mode],
            seen=seen,
            severity=severity,
            fix=_backbone_fix(ctx, data, path, entry, mode, value_range(v.minimum, v.maximum)),
        )
    if not found:
        raise Skip("no keras.applications backbone at the model's inputs")


def _range(v) -> str:
    return f"{v.minimum:g}..{v.maximum:g}"


def _backbone_fix(ctx, data: DataFacts, path: str, entry: Entry, mode: str, got: str | None) -> str:
    """Give the backbone what it expects from the data as it is (``got``: its range before any Rescaling)."""
    x = _x_name(ctx, data, path)

    def expression(value: str) -> str:
        pixels = {"unit": f"{value} * 255.0", "symmetric": f"({value} + 1.0) * 127.5"}.get(got, value)
        if mode == "raw":
            return pixels
        return f"keras.applications.{entry.backbone.module}.preprocess_input({pixels})"

    rescaled = (entry.scale, entry.offset) != (1, 0)
    if rescaled and got == "pixels" and mode == "raw":
        return f"# remove the Rescaling layer before {entry.backbone_name!r}: it rescales 0-255 pixels itself"
    if rescaled and got == "pixels" and mode == "tf":
        return (
            "keras.layers.Rescaling(1 / 127.5, offset=-1)   "
            f"# in place of your Rescaling: {entry.backbone.name} expects -1..1"
        )
    note = "# remove the Rescaling layer before the backbone, and\n" if rescaled else ""
    if data.kind != "arrays":
        return note + _map_fix(x, expression("x"), path)
    comment = (
        f"{entry.backbone.name} rescales 0-255 pixels itself"
        if mode == "raw"
        else "the same for validation and test data"
    )
    return note + f"{x} = {expression(x)}   # {comment}"


# ---- KD115 ------------------------------------------------------------------------------------


@detects(codes.KD115, kind=FIT_DATA, name="input-scale")
def check_input_scale(ctx, data: DataFacts):
    judged = False
    for entry, model_input, path, v, seen in _inputs_with_values(ctx, data):
        if entry.ends != "unscaled":
            continue
        judged = True
        low = v.low * entry.scale + entry.offset
        high = v.high * entry.scale + entry.offset
        image = len(model_input.example_shape) >= 2 or v.dtype == "uint8"
        where = v.where
        x = _x_name(ctx, data, path)
        if image and low.min() >= 0 and 1.5 < high.max() <= 255:
            fix = f"{x} = {x} / 255.0" if data.kind == "arrays" else _map_fix(x, "x / 255.0", path)
            yield codes.raw_pixels(where=where, maximum=float(high.max()), seen=seen, layer=entry.layer, fix=fix)
            continue
        if image or len(high) < 2:
            continue
        import numpy as np

        magnitude = np.maximum(abs(low), abs(high))
        nonzero = magnitude[magnitude > 0]
        if len(nonzero) < 2 or nonzero.max() < FEATURE_RATIO * nonzero.min():
            continue
        big, small = int(np.argmax(magnitude)), int(np.flatnonzero(magnitude == nonzero.min())[0])
        yield codes.unscaled_features(
            where=where,
            large=f"{_feature(v, big)} up to {_number(magnitude[big])}",
            small=f"{_feature(v, small)} up to {_number(magnitude[small])}",
            ratio=float(nonzero.max() / nonzero.min()),
            seen=seen,
            layer=entry.layer,
            fix=_standardise_fix(ctx, data, x, path),
        )
    if not judged:
        raise Skip("no input reaches a Dense/Conv/recurrent layer unscaled")


def _feature(v, index: int) -> str:
    return f"column {v.labels[index]!r}" if v.labels else f"feature {index}"


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def _standardise_fix(ctx, data: DataFacts, x: str, path: str) -> str:
    if data.kind != "arrays":
        return (
            "norm = keras.layers.Normalization()   # first layer of the model, after keras.Input\n"
            f"norm.adapt({x}.map(lambda x, y: x))"
        )
    return (
        f"scaler = StandardScaler().fit({x})   # from sklearn.preprocessing import StandardScaler\n"
        f"{x} = scaler.transform({x})   # and scaler.transform() the validation and test data"
    )
