"""Checks of the model's compile state: KD401 unbuilt-model, KD202 not-compiled, KD201 missing-loss."""

from __future__ import annotations

from ..codes import model as model_codes
from ..codes import targets as codes
from ..codes.registry import FIT, detects
from ..facts.model import adds_own_loss
from . import Skip


@detects(model_codes.KD401, kind=FIT, name="model-built")
def check_model_built(ctx):
    if ctx.model.inputs is None:
        yield model_codes.unbuilt_model(model_name=ctx.model.name, kind=ctx.model.kind)


@detects(codes.KD202, kind=FIT, name="compiled")
def check_compiled(ctx):
    if not ctx.model.compiled:
        yield codes.not_compiled(model_name=ctx.model.name, name=ctx.name_of(ctx.model.model, "model"))


@detects(codes.KD201, kind=FIT, name="loss-given")
def check_loss_given(ctx):
    facts = ctx.model
    if not facts.compiled:
        raise Skip(f"the model is not compiled ({codes.KD202})")
    if facts.loss is not None:
        return
    if facts.custom_training:
        raise Skip(f"{type(facts.model).__name__} overrides {facts.custom_training}(), which may compute its own loss")
    if not adds_own_loss(facts):
        yield codes.missing_loss(model_name=facts.name, name=ctx.name_of(facts.model, "model"))
