import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x = rng.random((576, 8), dtype="float32")
y = np.repeat(np.arange(3), 192)  # sorted by class
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(576).batch(32)  # shuffle the examples, then batch
model.fit(ds, epochs=5)
