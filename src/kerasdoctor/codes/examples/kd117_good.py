import math

import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x = rng.random((100, 8), dtype="float32")
y = rng.integers(0, 2, size=100)
batch_size = 32
data = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).batch(batch_size).repeat()
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(data, epochs=5, steps_per_epoch=math.ceil(len(x) / batch_size))  # 4 whole steps
