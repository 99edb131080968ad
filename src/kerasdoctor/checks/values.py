"""Checks of the values fit() will train on: NaN and infinities (KD110), data that is not numbers (KD111).

The values are `facts.values.data_values`, read once per data by the context:
arrays in full, a dataset from the batches sampled under the safety rules.
"""

from __future__ import annotations

from ..codes import data as codes
from ..codes.registry import FIT_DATA, detects
from ..facts.data import DataFacts
from ..facts.values import PARTS, DataValues
from . import Skip


def read_values(ctx, data: DataFacts) -> DataValues:
    """The values of ``data``, or Skip with the reason they could not be read."""
    if data.not_inspected:
        raise Skip(f"{data.where} was not inspected")
    values = ctx.values(data)
    if values.skipped:
        raise Skip(values.skipped)
    return values


def part_name(ctx, data: DataFacts, part: str) -> str:
    """The user's name for x, y or sample_weight of ``data`` (a dataset: its own name)."""
    if data.kind != "arrays":
        return ctx.name_of(data.source, "ds")
    validation = data is not ctx.train
    objects = {
        "x": (data.source, "x_val" if validation else "x"),
        "y": (data.target_values, "y_val" if validation else "y"),
        "sample_weight": (
            ctx.validation_weights if validation else ctx.args.get("sample_weight"),
            "sw_val" if validation else "sample_weight",
        ),
    }
    obj, default = objects[part]
    return ctx.name_of(obj, default)


@detects(codes.KD110, kind=FIT_DATA, name="finite-values")
def check_finite_values(ctx, data: DataFacts):
    values = read_values(ctx, data)
    validation = data is not ctx.train
    for part in PARTS:
        for path, v in values.of(part):
            if not v.non_finite:
                continue
            table = bool(v.labels)
            name = part_name(ctx, data, part) + (path if data.kind == "arrays" else "")
            fix = codes.non_finite_fix(
                part=part,
                name=name,
                kind=data.kind,
                table=table,
                x=part_name(ctx, data, "x"),
                y=part_name(ctx, data, "y"),
            )
            yield codes.non_finite(
                where=v.where,
                v=v,
                part=part,
                table=table,
                seen=values.seen,
                validation=validation,
                name=name if data.kind == "arrays" else v.where,
                fix=fix,
            )


def _string_inputs(ctx, data: DataFacts) -> set[str]:
    """Paths within x that feed an input declared with a string dtype (text a StringLookup reads)."""
    if ctx.model.inputs is None or data.x is None:
        return set()
    pairs, _ = ctx.inputs_matched(data)
    return {path for model_input, path, _ in pairs if "string" in model_input.dtype}


@detects(codes.KD111, kind=FIT_DATA, name="numeric-data")
def check_numeric_data(ctx, data: DataFacts):
    values = read_values(ctx, data)
    text_inputs = _string_inputs(ctx, data)
    validation = data is not ctx.train
    for part in ("x", "y"):
        for path, v in values.of(part):
            if v.numeric or (part == "x" and path in text_inputs):
                continue
            yield codes.non_numeric(
                where=v.where,
                v=v,
                part=part,
                name=part_name(ctx, data, part) + (path if data.kind == "arrays" else ""),
                numbers_as_text=v.numbers_as_text,
                validation=validation,
            )
