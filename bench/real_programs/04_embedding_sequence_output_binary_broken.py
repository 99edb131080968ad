"""Sentiment classifier, Keras 2 era: Embedding(input_length=...) (ignored by Keras 3, so the model is not
built) and an LSTM left with return_sequences=True under Dense(1, sigmoid): one label per review."""
import numpy as np
from tensorflow import keras

vocab, maxlen = 5000, 50
x_train = np.random.randint(1, vocab, size=(500, maxlen))
y_train = np.random.randint(0, 2, size=500)

model = keras.Sequential()
model.add(keras.layers.Embedding(vocab, 32, input_length=maxlen))
model.add(keras.layers.LSTM(64, return_sequences=True))
model.add(keras.layers.Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=32, validation_split=0.2)
