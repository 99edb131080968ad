import numpy as np
import tensorflow as tf

x = np.random.rand(600, 20).astype("float32")
y = np.random.randint(0, 4, size=600)

model = tf.keras.Sequential([tf.keras.Input((20,)), tf.keras.layers.Dense(32, activation="relu"), tf.keras.layers.Dense(4)])
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
model.fit(x, y, epochs=10)
