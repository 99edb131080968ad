"""Keras 2 style Sequential without an input shape, trained on a dataset whose batch() was forgotten:
each element is one example of 10 features."""
import numpy as np
import tensorflow as tf

x = np.random.rand(400, 10).astype("float32")
y = np.random.randint(0, 3, size=400)
ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(400)

model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(ds, epochs=5)
