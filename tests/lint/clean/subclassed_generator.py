"""A subclassed model with a custom train_step, trained from a generator and a PyDataset."""
import math

import numpy as np
import keras


class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(16, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))


class Batches(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, index):
        part = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[part], self.y[part]


def batches(x, y, batch_size=32):
    while True:
        order = np.random.permutation(len(x))
        for start in range(0, len(x), batch_size):
            take = order[start:start + batch_size]
            yield x[take], y[take]


X = np.random.rand(256, 8).astype("float32")
Y = X.sum(axis=1, keepdims=True)
model = Regressor()
model.compile(optimizer="adam", loss="mse")
model.fit(batches(X, Y), steps_per_epoch=8, epochs=2)
model.fit(Batches(X, Y, batch_size=32), epochs=1)
losses = []
losses.append(model.evaluate(X, Y, verbose=0))
