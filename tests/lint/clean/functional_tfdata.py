"""A functional model fed by a tf.data pipeline, with the usual transformations."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

AUTOTUNE = tf.data.AUTOTUNE
X = np.random.uniform(size=(1000, 75)).astype("float32")
Y = np.random.uniform(size=(1000,)).astype("float32")


def normalise(x, y):
    return (x - 0.5) * 2.0, y


def make_dataset(x, y, batch_size=32, training=True):
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if training:
        ds = ds.shuffle(len(x), seed=0)
    ds = ds.map(normalise, num_parallel_calls=AUTOTUNE)
    return ds.batch(batch_size).prefetch(AUTOTUNE)


train_ds = make_dataset(X[:800], Y[:800])
val_ds = make_dataset(X[800:], Y[800:], training=False)
for features, targets in train_ds.take(1):
    print(features.shape, targets.shape)

inputs = keras.Input(shape=(75,), name="features")
x = keras.layers.Dense(32, activation="relu")(inputs)
outputs = keras.layers.Dense(1)(x)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(train_ds, validation_data=val_ds, epochs=3,
          callbacks=[keras.callbacks.EarlyStopping(patience=2)])
model.save("model.keras")
restored = keras.models.load_model("model.keras")
restored.fit(train_ds.repeat(), steps_per_epoch=10, epochs=1)
options = tf.data.Options()
options.experimental_deterministic = False
train_ds = train_ds.with_options(options)
tf.data.experimental.enable_debug_mode()
