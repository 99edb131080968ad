"""Stock price regression: the LSTM keeps return_sequences=True from a stacked example, Dense(1) gives a
price per time step, the target is one price per window. Keras trains it without an error (mse
broadcasts); the predictions are (N, 30, 1)."""
import numpy as np
from tensorflow import keras

prices = np.cumsum(np.random.randn(600)).astype("float32")
window = 30
X = np.stack([prices[i : i + window] for i in range(len(prices) - window)])[..., None]
y = prices[window:]

model = keras.Sequential(
    [
        keras.Input((window, 1)),
        keras.layers.LSTM(50, return_sequences=True),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(1),
    ]
)
model.compile(optimizer="adam", loss="mean_squared_error")
model.fit(X, y, epochs=10, batch_size=32)
