"""Checks of the model's compile state: KD202 not-compiled, KD201 missing-loss, KD401 unbuilt-model."""

from __future__ import annotations

from ..findings import Finding
from ..facts.model import adds_own_loss
from . import Skip

def compile_fix(model_name: str) -> str:
    return f'{model_name}.compile(optimizer="adam", loss="mse")   # or the loss that fits your targets'


def check_compiled(ctx):
    if not ctx.model.compiled:
        yield Finding("KD202", f"Model {ctx.model.name!r} has not been compiled, so fit() has no optimizer and "
                      "no loss. If compile() appears in your code, it was called on another model object.",
                      where="model", fix=compile_fix(ctx.name_of(ctx.model.model, "model")))


def check_loss_given(ctx):
    facts = ctx.model
    if not facts.compiled:
        raise Skip("the model is not compiled (KD202)")
    if facts.loss is not None:
        return
    if facts.custom_training:
        raise Skip(f"{type(facts.model).__name__} overrides {facts.custom_training}(), which may compute "
                   "its own loss")
    own = adds_own_loss(facts)
    if own is None:
        raise Skip("compile() got no loss, and whether a layer calls add_loss() could not be told "
                   "without the model's input shape")
    if not own:
        name = ctx.name_of(facts.model, "model")
        yield Finding("KD201", f"Model {facts.name!r} was compiled without a loss and adds none itself "
                      "(no add_loss()), so fit() has nothing to minimise and stops with "
                      "'No loss to compute'.", where=f"{name}.compile()",
                      fix=compile_fix(name))


def check_model_built(ctx):
    if ctx.model.inputs is None:
        yield Finding("KD401", f"Model {ctx.model.name!r} ({ctx.model.kind}) has no known input shape yet, so "
                      "the checks that compare data shapes with the model's inputs were skipped.",
                      where="model", fix="keras.Input(shape=...) as the first layer, or model.build((None, ...))")
