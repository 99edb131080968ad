import keras
import numpy as np
import tensorflow as tf

# Two logical CPU devices stand in for two GPUs (set before TensorFlow starts its runtime).
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
BATCH_SIZE_PER_REPLICA = 25

rng = np.random.default_rng(0)
x = rng.random((500, 8), dtype="float32")
y = (x.sum(axis=1) > 4).astype("float32")

with strategy.scope():
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
# batch_size is the global batch: 25 split over 2 replicas is 13 and 12
model.fit(x, y, batch_size=BATCH_SIZE_PER_REPLICA, epochs=3)
