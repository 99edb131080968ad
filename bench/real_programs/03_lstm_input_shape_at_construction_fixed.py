import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, LSTM, Dropout, Input

trainX = np.random.rand(650, 20, 1)  # 20 time steps of one feature
trainY = np.random.rand(650)

model = Sequential()
model.add(Input(shape=(20, 1)))
model.add(Dense(5))
model.add(Dense(10))
model.add(LSTM(32))
model.add(Dropout(0.3))
model.add(Dense(1))
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(trainX, trainY, epochs=100, batch_size=1, verbose=2)
