"""Part-of-speech tagging: one-hot tags for every word (N, 40, 12), but the LSTM returns its last step
only: "Arguments `target` and `output` must have the same rank"."""
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
        keras.layers.Bidirectional(keras.layers.LSTM(32)),
        keras.layers.Dense(tags, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(sentences, y, epochs=5, batch_size=32)
