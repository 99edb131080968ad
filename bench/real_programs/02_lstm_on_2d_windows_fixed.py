import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense, Input

series = np.sin(np.arange(300) / 10.0)
look_back = 10
X = np.array([series[i : i + look_back] for i in range(len(series) - look_back)])
y = series[look_back:]
X = X.reshape((-1, look_back, 1))  # samples, time steps, features

model = Sequential()
model.add(Input(shape=(look_back, 1)))
model.add(LSTM(32))
model.add(Dense(1))
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(X, y, epochs=20, batch_size=16)
