"""`kd.check(model, ds)` against `model.summary()`, built and unbuilt (targets: ratio <= 0.05 and <= 0.5).

Each side is timed as the best of N runs (N from the command line, default 15), both in this process.

1. ResNet50 (weights=None), built: the checks read its declared inputs and outputs.
2. The same layers as a model that declares no input shape (a VGG16-style Sequential without keras.Input,
   as Keras 2-era code builds it): the checks run on a symbolic build for the dataset, against the
   summary() of the built twin.
"""

import sys
import time

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from _common import best_seconds, report
from tensorflow import keras  # noqa: E402

import kerasdoctor as kd  # noqa: E402


def vgg16(declare_input: bool) -> keras.Sequential:
    layers = [keras.Input((224, 224, 3))] if declare_input else []
    for filters, convolutions in [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]:
        layers += [keras.layers.Conv2D(filters, 3, padding="same", activation="relu") for _ in range(convolutions)]
        layers.append(keras.layers.MaxPooling2D())
    layers += [
        keras.layers.Flatten(),
        keras.layers.Dense(4096, activation="relu"),
        keras.layers.Dense(4096, activation="relu"),
        keras.layers.Dense(1000, activation="softmax"),
    ]
    model = keras.Sequential(layers)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def quiet_summary(model):
    return lambda: model.summary(print_fn=lambda *a, **k: None)


if __name__ == "__main__":
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    images = np.zeros((8, 224, 224, 3), "float32")
    ds = tf.data.Dataset.from_tensor_slices((images, np.zeros(8, "int64"))).batch(4)

    model = keras.applications.ResNet50(weights=None)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    start = time.perf_counter()
    assert kd.check(model, ds).ok
    print(f"first kd.check call (imports included): {(time.perf_counter() - start) * 1000:.1f} ms")
    ours = best_seconds(lambda: kd.check(model, ds), repeat)
    report("kd.check(ResNet50, ds)", ours, best_seconds(quiet_summary(model), repeat), "model.summary()", 0.05)

    unbuilt, built = vgg16(declare_input=False), vgg16(declare_input=True)
    result = kd.check(unbuilt, ds)
    assert result.ok and "targets(x)" in result.passed and not unbuilt.built
    ours = best_seconds(lambda: kd.check(unbuilt, ds), repeat)
    baseline = best_seconds(quiet_summary(built), repeat)
    report("kd.check(unbuilt VGG16, ds)", ours, baseline, "summary() of the built one", 0.5)
