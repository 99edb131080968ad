"""`kd.check(model, ds)` on ResNet50 (weights=None) against `model.summary()` (target ratio <= 0.5)."""

import sys
import time

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from _common import median_seconds, report
from tensorflow import keras  # noqa: E402

import kerasdoctor as kd  # noqa: E402

if __name__ == "__main__":
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    model = keras.applications.ResNet50(weights=None)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    ds = tf.data.Dataset.from_tensor_slices((np.zeros((8, 224, 224, 3), "float32"), np.zeros(8, "int64"))).batch(4)
    start = time.perf_counter()
    assert kd.check(model, ds).ok
    print(f"first kd.check call (imports included): {(time.perf_counter() - start) * 1000:.1f} ms")
    ours = median_seconds(lambda: kd.check(model, ds), repeat)
    baseline = median_seconds(lambda: model.summary(print_fn=lambda *a, **k: None), repeat)
    report("kd.check(ResNet50, ds)", ours, baseline, "model.summary()", 0.5)
