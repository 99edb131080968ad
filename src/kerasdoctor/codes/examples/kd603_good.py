import keras
import numpy as np
import tensorflow as tf

# One worker here; with TF_CONFIG naming several machines, the same script runs on each of them.
strategy = tf.distribute.MultiWorkerMirroredStrategy()

rng = np.random.default_rng(0)
x = rng.random((512, 8), dtype="float32")
y = (x.sum(axis=1) > 4).astype("float32")
train = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(512).batch(64)
options = tf.data.Options()  # in memory: shard by element, and say so
options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
train = train.with_options(options)

with strategy.scope():
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
model.fit(train, epochs=3)
