import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((60, 28, 28), dtype="float32")  # 60 grayscale images of 28x28 pixels
y = np.arange(60) % 10
model = keras.Sequential(
    [
        keras.Input((784,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

model.fit(x, y, epochs=5)  # x holds 28x28 images, but the model's Input expects flat vectors of 784
