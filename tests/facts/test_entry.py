"""facts.entry's table of keras.applications families, derived again from the installed Keras.

Each family's smallest model is built with weights=None (nothing downloaded): its name must be
recognised, nested and flattened into a user's model; whether it starts with Rescaling/Normalization
must match the table's "raw" mode; and its preprocess_input, run on a black and a white pixel, must
compute what the table says (caffe, tf, torch, or nothing).
"""

import numpy as np
import pytest
from tensorflow import keras

from kerasdoctor.facts.entry import FAMILIES, backbone_of, family_of, model_entries

ONE_PER_FAMILY = [
    "ResNet50",
    "ResNet50V2",
    "VGG16",
    "DenseNet121",
    "InceptionV3",
    "InceptionResNetV2",
    "Xception",
    "MobileNet",
    "MobileNetV2",
    "NASNetMobile",
    "EfficientNetB0",
    "EfficientNetV2B0",
    "MobileNetV3Small",
    "ConvNeXtTiny",
]
WHITE_AND_BLACK = np.array([[[[255.0, 255.0, 255.0], [0.0, 0.0, 0.0]]]], dtype="float32")


def preprocess_mode(module: str) -> str:
    out = getattr(keras.applications, module).preprocess_input(WHITE_AND_BLACK.copy())
    white, black = out[0, 0, 0], out[0, 0, 1]
    if np.allclose(white, 255.0) and np.allclose(black, 0.0):
        return "raw"
    if np.allclose(white, 1.0) and np.allclose(black, -1.0):
        return "tf"
    if np.allclose(white, [(1 - 0.485) / 0.229, (1 - 0.456) / 0.224, (1 - 0.406) / 0.225], atol=1e-3):
        return "torch"
    if np.allclose(black, [-103.939, -116.779, -123.68]):  # BGR, minus the ImageNet mean
        return "caffe"
    return f"unknown: {out.ravel()[:6]}"


def test_every_application_module_is_a_known_family():
    modules = {
        getattr(keras.applications, n).__module__.rsplit(".", 1)[1] for n in dir(keras.applications) if n[0].isupper()
    }
    known = {family.module for _, family in FAMILIES} | {"vgg19"}  # VGG19 shares VGG16's preprocess_input
    assert modules <= known


@pytest.mark.slow
@pytest.mark.parametrize("name", ONE_PER_FAMILY)
def test_the_table_matches_the_installed_keras(name):
    base = getattr(keras.applications, name)(include_top=False, weights=None, input_shape=(96, 96, 3))
    family = family_of(base.name)
    assert family is not None, base.name
    own = [type(layer).__name__ for layer in base.layers[:4] if type(layer).__name__ in ("Rescaling", "Normalization")]
    assert bool(own) == (family.mode == "raw")
    assert preprocess_mode(family.module) == family.mode
    nested = keras.Sequential([keras.Input((96, 96, 3)), base, keras.layers.GlobalAveragePooling2D()])
    assert model_entries(nested)[0].backbone == family
    flattened = keras.Model(base.input, keras.layers.GlobalAveragePooling2D()(base.output))
    assert backbone_of(flattened) == family or name in ("InceptionV3", "InceptionResNetV2", "DenseNet121")
