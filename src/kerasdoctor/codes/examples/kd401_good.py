import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((48, 8), dtype="float32")
y = x.sum(axis=1)


class Regressor(keras.Model):
    def __init__(self, normalizer):
        super().__init__()
        self.normalizer = normalizer
        self.hidden = keras.layers.Dense(16, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(self.normalizer(inputs)))


normalizer = keras.layers.Normalization()
normalizer.adapt(x)
model = Regressor(normalizer)
model(keras.Input(shape=(8,)))  # builds every layer for one example's shape: its shapes can be checked
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=5)
