import keras
import numpy as np
from sklearn.preprocessing import LabelEncoder

rng = np.random.default_rng(0)
x = rng.random((90, 4), dtype="float32")
y = np.array(["setosa", "versicolor", "virginica"])[rng.integers(0, 3, 90)]  # class names as labels
encoder = LabelEncoder().fit(y)
y = encoder.transform(y)  # class ids 0..2; encoder.classes_ maps them back to names
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=5)
