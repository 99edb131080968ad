import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((64, 8), dtype="float32")
y = rng.random((64, 1), dtype="float32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
# lr= raises ValueError in Keras 3; decay= alone would be ignored (a constant learning rate)
model.compile(optimizer=keras.optimizers.SGD(lr=0.01, decay=1e-4, momentum=0.9), loss="mse")
model.fit(x, y, epochs=5, batch_size=16)
