"""steps_per_epoch=len(x_train) / batch_size over a repeated dataset:
"TypeError: 'float' object cannot be interpreted as an integer"."""
import numpy as np
import tensorflow as tf

x_train = np.random.rand(1000, 10).astype("float32")
y_train = np.random.randint(0, 2, size=1000)
batch_size = 64
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(1000).batch(batch_size).repeat()

model = tf.keras.Sequential([tf.keras.Input((10,)), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=5, steps_per_epoch=len(x_train) / batch_size)
