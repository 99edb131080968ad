"""evaluate() given the test features with the test labels."""
import numpy as np
from sklearn.model_selection import train_test_split
from tensorflow import keras

X = np.random.rand(300, 5).astype("float32")
y = np.random.randint(0, 3, 300)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)

model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=30, batch_size=16, verbose=0)
loss, accuracy = model.evaluate(X_test, y_test)
print(f"test accuracy: {accuracy:.3f}")
