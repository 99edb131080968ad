import keras
import numpy as np
from keras import backend as K
from keras.layers.merge import concatenate  # ModuleNotFoundError in Keras 3
from keras.utils import np_utils  # ImportError in Keras 3


def rmse(y_true, y_pred):
    return K.sqrt(K.mean(K.square(y_pred - y_true)))  # keras.backend has no math in Keras 3


rng = np.random.default_rng(0)
a, b = rng.random((64, 4), dtype="float32"), rng.random((64, 4), dtype="float32")
y = np_utils.to_categorical(rng.integers(0, 3, size=64), 3)
input_a, input_b = keras.Input((4,)), keras.Input((4,))
output = keras.layers.Dense(3, activation="softmax")(concatenate([input_a, input_b]))
model = keras.Model([input_a, input_b], output)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=[rmse])
model.fit([a, b], y, epochs=2)
