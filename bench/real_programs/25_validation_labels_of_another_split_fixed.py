import numpy as np
from sklearn.model_selection import train_test_split
from tensorflow import keras

X = np.random.rand(1000, 7)
y = np.random.randint(0, 2, size=1000)
X_train, X_rest, y_train, y_rest = train_test_split(X, y, test_size=0.3, random_state=0)
X_val, X_test, y_val, y_test = train_test_split(X_rest, y_rest, test_size=1 / 3, random_state=0)

model = keras.Sequential([keras.Input((7,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=10)
