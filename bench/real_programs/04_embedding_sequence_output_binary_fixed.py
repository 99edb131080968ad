import numpy as np
from tensorflow import keras

vocab, maxlen = 5000, 50
x_train = np.random.randint(1, vocab, size=(500, maxlen))
y_train = np.random.randint(0, 2, size=500)

model = keras.Sequential()
model.add(keras.Input(shape=(maxlen,)))
model.add(keras.layers.Embedding(vocab, 32))
model.add(keras.layers.LSTM(64))
model.add(keras.layers.Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=32, validation_split=0.2)
