import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((64, 8), dtype="float32")
y = rng.random((64, 1), dtype="float32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
# Keras 2's decay: the learning rate divided by (1 + decay * step)
schedule = keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-4)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=schedule, momentum=0.9), loss="mse")
model.fit(x, y, epochs=5, batch_size=16)
