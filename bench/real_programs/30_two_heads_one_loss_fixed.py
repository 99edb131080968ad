import numpy as np
from tensorflow import keras

faces = np.random.rand(300, 32).astype("float32")
ages = np.random.rand(300).astype("float32") * 80
genders = np.random.randint(0, 2, size=300)

inputs = keras.Input((32,))
hidden = keras.layers.Dense(16, activation="relu")(inputs)
age = keras.layers.Dense(1, name="age")(hidden)
gender = keras.layers.Dense(1, activation="sigmoid", name="gender")(hidden)
model = keras.Model(inputs, [age, gender])
model.compile(optimizer="adam", loss=["mse", "binary_crossentropy"])
model.fit(faces, [ages, genders], epochs=5)
