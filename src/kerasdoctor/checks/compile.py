"""Checks of the model itself: does it build for the data (KD104 from a symbolic build, KD401 unbuilt-model),
is it compiled (KD202 not-compiled), with a loss (KD201 missing-loss)."""

from __future__ import annotations

from ..codes import data as data_codes
from ..codes import model as model_codes
from ..codes import targets as codes
from ..codes.model import KD401
from ..codes.registry import FIT, FIT_REPORT, detects
from ..facts.data import Leaf
from ..facts.model import adds_own_loss
from . import Skip
from .builds import build_finding


@detects(data_codes.KD101, data_codes.KD104, kind=FIT, name="model-builds")
def check_model_builds(ctx):
    """A model that declares no input shape is built by Keras from the first batch: the error that build
    raises (an LSTM given 2-D data, images without a channel axis, a convolution window larger than the
    feature map), found on a symbolic build for the data."""
    build = ctx.model.symbolic
    if build is None:
        return  # the model declares its input shape
    if build.error is not None:
        yield build_finding(ctx, build)


@detects(model_codes.KD401, kind=FIT_REPORT, name="model-built")
def check_model_built(ctx, report):
    build = ctx.model.symbolic
    if ctx.model.inputs is not None or build is None or build.error is not None:
        return
    skipped = [s.check for s in report.skipped if str(KD401) in s.reason]
    yield model_codes.unbuilt_model(
        model_name=ctx.model.name,
        kind=ctx.model.kind,
        reason=build.reason or "the build did not give the model's outputs",
        skipped=skipped,
        name=ctx.name_of(ctx.model.model, "model"),
        example=build.example.shape if isinstance(build.example, Leaf) else None,
    )


@detects(codes.KD202, kind=FIT, name="compiled")
def check_compiled(ctx):
    if not ctx.trains:
        raise Skip(f"{ctx.call}() needs no compile()")
    if not ctx.model.compiled:
        yield codes.not_compiled(model_name=ctx.model.name, name=ctx.name_of(ctx.model.model, "model"))


@detects(codes.KD201, kind=FIT, name="loss-given")
def check_loss_given(ctx):
    facts = ctx.model
    if not ctx.trains:
        raise Skip(f"{ctx.call}() computes no loss")
    if not facts.compiled:
        raise Skip(f"the model is not compiled ({codes.KD202})")
    if facts.loss is not None:
        return
    if facts.custom_training:
        raise Skip(f"{type(facts.model).__name__} overrides {facts.custom_training}(), which may compute its own loss")
    if not adds_own_loss(facts):
        yield codes.missing_loss(model_name=facts.name, name=ctx.name_of(facts.model, "model"))
