import numpy as np
import tensorflow as tf

x = np.random.rand(240, 12).astype("float32")
y = np.random.randint(0, 2, size=240)
train = tf.data.Dataset.from_tensor_slices((x[:200], y[:200])).batch(64, drop_remainder=True)
val = tf.data.Dataset.from_tensor_slices((x[200:], y[200:])).batch(64)

model = tf.keras.Sequential([tf.keras.Input((12,)), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(train, validation_data=val, epochs=5)
