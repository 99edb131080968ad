import keras
import numpy as np
import tensorflow as tf

x = np.random.rand(256, 75).astype("float32")
y = np.random.randint(0, 2, size=256)
model = keras.Sequential([keras.Input((75,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

data = tf.data.Dataset.from_tensor_slices((x, y))
data = data.batch(32)  # batch() returns a new dataset: assign it
model.fit(data, epochs=5)
