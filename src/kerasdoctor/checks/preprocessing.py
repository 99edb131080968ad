"""The model's preprocessing layers: never adapted and given nothing (KD116)."""

from __future__ import annotations

from ..codes import data as codes
from ..codes.registry import FIT, detects
from ..facts.names import user_name
from ..facts.preprocessing import unadapted_layers
from . import Skip


@detects(codes.KD116, kind=FIT, name="preprocessing-adapted")
def check_preprocessing_adapted(ctx):
    facts = ctx.model
    if facts.inputs is None:
        raise Skip("the model is not built, so its layers hold no state yet")
    model = ctx.name_of(facts.model, "model")
    data = ctx.name_of(ctx.train.source, "x") if ctx.train.kind == "arrays" else "x_train"
    for found in unadapted_layers(facts.model, model):
        reference = user_name(found.layer, found.path)
        yield codes.unadapted_layer(
            layer=found.layer.name,
            kind=found.kind,
            path=found.path,
            reference=reference,
            data=data,
        )
