import numpy as np
from tensorflow import keras

beats = np.random.rand(400, 187).astype("float32")
classes = np.random.randint(0, 5, size=400)
beats = beats.reshape((-1, 187, 1))  # 187 steps of one feature

model = keras.Sequential(
    [
        keras.Input(shape=(187, 1)),
        keras.layers.Conv1D(16, 5, activation="relu"),
        keras.layers.GlobalMaxPooling1D(),
        keras.layers.Dense(5, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(beats, classes, epochs=5)
