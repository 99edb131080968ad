"""Time series windows fed to an LSTM as a 2-D array: "expected ndim=3, found ndim=2" (the classic
make_regression / look_back questions). Keras 2 style: no input shape, the model is built by fit()."""
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

series = np.sin(np.arange(300) / 10.0)
look_back = 10
X = np.array([series[i : i + look_back] for i in range(len(series) - look_back)])
y = series[look_back:]

model = Sequential()
model.add(LSTM(32))
model.add(Dense(1))
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(X, y, epochs=20, batch_size=16)
