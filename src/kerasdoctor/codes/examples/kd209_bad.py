import json

import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((200, 6), dtype="float32")
y = (rng.random(200) < 0.1).astype("int64")  # 10% positives
class_weight = json.loads('{"0": 1.0, "1": 9.0}')  # from a config file: JSON keys are strings
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=5, class_weight=class_weight)  # "1" is never looked up: positives weigh 1.0
