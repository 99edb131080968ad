import os
import tempfile

import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((64, 8), dtype="float32")
y = rng.random((64, 1), dtype="float32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
folder = tempfile.mkdtemp()
checkpoint = keras.callbacks.ModelCheckpoint(os.path.join(folder, "best.weights.h5"), save_weights_only=True)
model.fit(x, y, epochs=2, validation_split=0.25, callbacks=[checkpoint])
