import numpy as np
import tensorflow as tf

def make_dataset(x, y, batch_size=32):
    return tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x)).batch(batch_size)

x = np.random.rand(640, 16).astype("float32")
y = np.random.randint(0, 2, size=640)
train_ds = make_dataset(x, y).prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([tf.keras.Input((16,)), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(train_ds, epochs=5)
