import numpy as np
from tensorflow import keras

words, tags, maxlen = 2000, 12, 40
sentences = np.random.randint(1, words, size=(300, maxlen))
tag_ids = np.random.randint(0, tags, size=(300, maxlen))
y = keras.utils.to_categorical(tag_ids, tags)

model = keras.Sequential(
    [
        keras.Input((maxlen,)),
        keras.layers.Embedding(words, 64),
        keras.layers.Bidirectional(keras.layers.LSTM(32, return_sequences=True)),
        keras.layers.Dense(tags, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(sentences, y, epochs=5, batch_size=32)
