"""Facts about what a model does to its inputs first: scaling layers, and a keras.applications backbone.

From each model input the path is followed forward, layer by layer, while
exactly one layer consumes the tensor and it leaves values as they are
(reshapes, dropout, random flips and crops, resizing). It ends at the first
layer that scales (Rescaling, Normalization, BatchNormalization, ...), at a
keras.applications backbone, at the first layer that computes from the values
(Dense, Conv2D, ... : the input reaches it unscaled), or at a layer it does not
know (a Lambda, ``preprocess_input`` written as ops, a custom layer: unknown).
A Rescaling on the way is kept, so the range entering a backbone can be told.

Backbones are recognised by the name keras.applications gives the model
(``resnet50``, ``mobilenetv2_1.00_224``, ``efficientnetb0``; a nested model
keeps it) or, for ``keras.Model(base.input, head(base.output))``, by the names
of its first layers. `FAMILIES` is the table; `tests/facts/test_entry.py`
derives it again from the installed Keras (every application built with
``weights=None``): which contain Rescaling/Normalization, and what each
``preprocess_input`` computes. Verified on Keras 3.15:

    family                       preprocess_input  own Rescaling/Normalization  expects
    ResNet50/101/152, VGG16/19   caffe             no                           BGR minus the ImageNet mean
    DenseNet121/169/201          torch             no                           (x / 255 - mean) / std
    ResNet*V2, InceptionV3,      tf                no                           -1..1
      InceptionResNetV2, Xception, MobileNet, MobileNetV2, NASNet*
    EfficientNetB0-B7, V2*,      passes through    yes (include_preprocessing)  0-255
      MobileNetV3*, ConvNeXt*
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCALING = {"Rescaling", "Normalization", "BatchNormalization", "LayerNormalization", "GroupNormalization"}
# Layers that leave values (and so their range) unchanged at the entry of a model.
PASS = {
    "Reshape",
    "Flatten",
    "Dropout",
    "GaussianDropout",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "Permute",
    "Identity",
    "RandomFlip",
    "RandomRotation",
    "RandomTranslation",
    "RandomZoom",
    "RandomCrop",
    "Resizing",
    "CenterCrop",
    "Cropping1D",
    "Cropping2D",
    "ZeroPadding2D",
    "InputLayer",
}
# Layers that compute from the values: an input that reaches one unscaled trains unscaled.
COMPUTING = {
    "Dense",
    "EinsumDense",
    "Conv1D",
    "Conv2D",
    "Conv3D",
    "SeparableConv1D",
    "SeparableConv2D",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
    "Conv1DTranspose",
    "Conv2DTranspose",
    "LSTM",
    "GRU",
    "SimpleRNN",
    "Bidirectional",
    "ConvLSTM2D",
}


@dataclass(frozen=True)
class Family:
    name: str  # as users call it: "ResNet50"
    module: str  # keras.applications.<module>.preprocess_input
    mode: str  # "caffe" | "tf" | "torch" | "raw" (rescales itself: expects 0-255)


# (pattern on the model's name, family); first match wins.
FAMILIES = (
    (r"resnet(50|101|152)$", Family("ResNet", "resnet", "caffe")),
    (r"resnet(50|101|152)v2$", Family("ResNetV2", "resnet_v2", "tf")),
    (r"vgg(16|19)$", Family("VGG", "vgg16", "caffe")),
    (r"densenet(121|169|201)$", Family("DenseNet", "densenet", "torch")),
    (r"inception_v3$", Family("InceptionV3", "inception_v3", "tf")),
    (r"inception_resnet_v2$", Family("InceptionResNetV2", "inception_resnet_v2", "tf")),
    (r"xception$", Family("Xception", "xception", "tf")),
    (r"mobilenet_[\d.]+_\d+$", Family("MobileNet", "mobilenet", "tf")),
    (r"mobilenetv2_[\d.]+_\d+$", Family("MobileNetV2", "mobilenet_v2", "tf")),
    (r"nasnet_(large|mobile)$", Family("NASNet", "nasnet", "tf")),
    (r"efficientnetb\d$", Family("EfficientNet", "efficientnet", "raw")),
    (r"efficientnetv2-", Family("EfficientNetV2", "efficientnet_v2", "raw")),
    (r"MobileNetV3(Small|Large)$", Family("MobileNetV3", "mobilenet_v3", "raw")),
    (r"convnext_", Family("ConvNeXt", "convnext", "raw")),
)
# The first layers (after the input) of a backbone flattened into the user's model: a pattern per
# layer name, and the model name that family_of() reads.
SIGNATURES = (
    (("conv1_pad", "conv1_conv", "conv1_bn"), "resnet50"),
    (("conv1_pad", "conv1_conv", "pool1_pad"), "resnet50v2"),
    (("block1_conv1", "block1_conv2"), "vgg16"),
    (("block1_conv1", "block1_conv1_bn"), "xception"),
    (("conv1", "conv1_bn"), "mobilenet_1.00_224"),
    (("Conv1", "bn_Conv1"), "mobilenetv2_1.00_224"),
    (("stem_conv1", "stem_bn1"), "nasnet_mobile"),
    ((r"rescaling(_\d+)?", r"normalization(_\d+)?", "stem_conv_pad"), "efficientnetb0"),
    ((r"rescaling(_\d+)?", r"(normalization(_\d+)?|stem_conv)"), "efficientnetv2-b0"),
    ((r"rescaling(_\d+)?", "conv", "conv_bn"), "MobileNetV3Small"),
    ((r"convnext_\w+_prestem_normalization",), "convnext_tiny"),
)


@dataclass(frozen=True)
class Entry:
    """What one model input meets first."""

    index: int
    ends: str  # "scaled" | "unscaled" | "backbone" | "unknown"
    layer: str = ""  # the layer where the path ends (its name)
    scale: float = 1.0  # Rescaling layers on the way: value * scale + offset
    offset: float = 0.0
    backbone: Family | None = None
    backbone_name: str = ""  # the backbone model's name
    rescales_itself: bool = False  # the backbone starts with Rescaling/Normalization


def family_of(name: str) -> Family | None:
    for pattern, family in FAMILIES:
        if re.match(pattern, name):
            return family
    return None


def _own_scaling(layers) -> bool:
    return any(type(layer).__name__ in ("Rescaling", "Normalization") for layer in list(layers)[:4])


def _flattened(model) -> Family | None:
    names = tuple(layer.name for layer in model.layers if type(layer).__name__ != "InputLayer")[:3]
    for signature, name in SIGNATURES:
        if len(names) >= len(signature) and all(re.fullmatch(p, n) for p, n in zip(signature, names)):
            return family_of(name)
    return None


def backbone_of(model) -> Family | None:
    """The keras.applications family ``model`` is (by its name), or starts with (flattened into it)."""
    return family_of(model.name) or _flattened(model)


def _consumers(layer) -> list:
    return [node.operation for node in getattr(layer, "_outbound_nodes", [])]


def model_entries(model) -> list[Entry]:
    """One `Entry` per model input (none for a model whose inputs are not known)."""
    import keras

    family = backbone_of(model)
    try:
        inputs = list(model.inputs)
    except (AttributeError, ValueError):
        return []
    if family is not None:  # the model is the backbone itself
        return [
            Entry(
                i,
                "backbone",
                model.name,
                backbone=family,
                backbone_name=model.name,
                rescales_itself=_own_scaling([layer for layer in model.layers if type(layer).__name__ != "InputLayer"]),
            )
            for i in range(len(inputs))
        ]
    entries = []
    for index, tensor in enumerate(inputs):
        if isinstance(model, keras.Sequential):
            path = list(model.layers)
        else:
            history = getattr(tensor, "_keras_history", None)
            path = _forward(history[0]) if history else []
        entries.append(_follow(index, path))
    return entries


def _forward(layer, limit: int = 50) -> list:
    """The layers after ``layer`` while each has exactly one consumer."""
    path = []
    for _ in range(limit):
        consumers = _consumers(layer)
        if len(consumers) != 1:
            break
        layer = consumers[0]
        path.append(layer)
    return path


def _follow(index: int, path: list) -> Entry:
    import keras

    scale, offset = 1.0, 0.0
    for layer in path:
        kind = type(layer).__name__
        if isinstance(layer, keras.Model):
            family = family_of(layer.name)
            if family is not None:
                return Entry(
                    index,
                    "backbone",
                    layer.name,
                    scale,
                    offset,
                    family,
                    layer.name,
                    _own_scaling(layer.layers),
                )
            return _follow(index, list(layer.layers))  # a nested Sequential: its own first layers
        if kind == "Rescaling":
            factor, shift = _scalar(layer.scale), _scalar(layer.offset)
            if factor is None or shift is None:
                return Entry(index, "unknown", layer.name)
            scale, offset = scale * factor, offset * factor + shift
            continue
        if kind in SCALING:
            return Entry(index, "scaled", layer.name, scale, offset)
        if kind in PASS:
            continue
        ends = "unscaled" if kind in COMPUTING and type(layer).__module__.startswith("keras.") else "unknown"
        return Entry(index, ends, layer.name, scale, offset)
    return Entry(index, "unknown")


def _scalar(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
