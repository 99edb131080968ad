import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((256, 4), dtype="float32")
y = (x[:, 0] * 3).astype("int64").clip(0, 2)  # three classes
x[3, 1] = np.nan  # one missing measurement, read from a CSV as NaN
column_means = np.nanmean(np.where(np.isfinite(x), x, np.nan), axis=0)
x = np.where(np.isfinite(x), x, column_means)  # impute it with its column's mean
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5)
