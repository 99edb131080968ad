import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x = rng.random((48, 8), dtype="float32")
y = rng.integers(0, 2, size=48)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

data = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(48).batch(16).repeat()
model.fit(data, epochs=5, steps_per_epoch=48 // 16)  # an endless dataset needs the length of an epoch
