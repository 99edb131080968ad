"""The finding for a model Keras cannot build for the data: the error of a symbolic build, in the user's terms.

`facts.symbolic` builds a model that declares no input shape for the examples
the data holds, as fit() will; when a layer refuses that input, its error is
read by the same patterns that explain errors Keras raises (`checks.errors`),
and worded with the data's own name and shape.
"""

from __future__ import annotations

from ..codes import data as codes
from ..facts.data import flatten
from ..facts.symbolic import SymbolicBuild
from ..findings import Finding
from .errors import recognise


def build_finding(ctx, build: SymbolicBuild) -> Finding:
    data = ctx.train
    leaves = flatten(build.example)
    example = leaves[0][1].shape if leaves else ()
    name = ctx.name_of(data.source, "ds" if data.kind == "dataset" else "x")
    known = recognise(build.error)
    fields = known.fields if known is not None else {}
    if "ndim" in fields:
        got = (None, *example)
        return codes.input_rank_mismatch(
            layer=build.layer,
            kind=build.layer_kind,
            expected=fields["ndim"],
            got=got,
            name=name,
            source=build.source,
            single_example=_single_example(ctx, data, example),
            call=ctx.call,
            model=ctx.name_of(ctx.model.model, "model"),
            dataset=data.kind == "dataset",
        )
    if "kernel" in fields:
        return codes.input_too_small(
            layer=build.layer, shape=fields["shape"], kernel=fields["kernel"], source=build.source
        )
    return codes.model_cannot_be_built(
        model=ctx.model.name, layer=build.layer, example=example, source=build.source, error=build.error
    )


def _single_example(ctx, data, example: tuple) -> bool:
    """Whether an array passed to predict() is one image rather than a batch: (height, width, channels)
    with a channel count of 1, 3 or 4, and the batch axis the size of the next."""
    if ctx.call != "predict" or data.kind != "arrays" or len(example) != 2:
        return False
    leaves = flatten(data.x)
    shape = leaves[0][1].shape if leaves else None
    return shape is not None and len(shape) == 3 and shape[-1] in (1, 3, 4) and shape[0] == shape[1]
