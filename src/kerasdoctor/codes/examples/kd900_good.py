import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
lines = ["width,height,label"] + [f"{w:.3f},{h:.3f},{int(w + h > 1)}" for w, h in rng.random((48, 2))]
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")


def parse(line):
    width, height, label = tf.io.decode_csv(line, record_defaults=[0.0, 0.0, 0])
    return tf.stack([width, height]), label


# skip the header: every line parsed is a row of numbers
data = tf.data.Dataset.from_tensor_slices(lines).skip(1).map(parse).batch(16)
model.fit(data, epochs=5)
