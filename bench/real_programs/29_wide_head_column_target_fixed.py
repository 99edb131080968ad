import numpy as np
import pandas as pd
from tensorflow import keras

df = pd.DataFrame(np.random.rand(506, 14), columns=[f"f{i}" for i in range(13)] + ["price"])
X = df.drop(columns=["price"]).values
y = df[["price"]].values

model = keras.Sequential([keras.Input((13,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(X, y, epochs=30, validation_split=0.2)
