import numpy as np
import tensorflow as tf
from tensorflow import keras
from keras import layers

X = np.random.uniform(size=(1000, 75))
Y = np.random.uniform(size=(1000,))
data = tf.data.Dataset.from_tensor_slices((X, Y))
data = data.batch(batch_size=100, drop_remainder=True)


def api_model(input_shape, name="test_model"):
    inputs = layers.Input(shape=input_shape)
    x = layers.Dense(1)(inputs)
    outputs = layers.Activation("relu")(x)
    return keras.Model(inputs=inputs, outputs=outputs, name=name)


model = api_model(input_shape=(X.shape[1],))
model.compile(optimizer="adam", loss="mse")
model.fit(data, epochs=10)
