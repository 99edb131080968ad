import numpy as np
from tensorflow import keras

prices = np.cumsum(np.random.randn(600)).astype("float32")
window = 30
X = np.stack([prices[i : i + window] for i in range(len(prices) - window)])[..., None]
y = prices[window:]

model = keras.Sequential(
    [
        keras.Input((window, 1)),
        keras.layers.LSTM(50),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(1),
    ]
)
model.compile(optimizer="adam", loss="mean_squared_error")
model.fit(X, y, epochs=10, batch_size=32)
