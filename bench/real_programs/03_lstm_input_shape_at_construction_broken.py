"""Dense before an LSTM with input_shape=(1,): Keras refuses the model while it is built
("expected ndim=3, found ndim=2"), before any fit()."""
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, LSTM, Dropout

trainX = np.random.rand(650, 20)
trainY = np.random.rand(650)

model = Sequential()
model.add(Dense(5, input_shape=(20,)))
model.add(Dense(10))
model.add(LSTM(32))
model.add(Dropout(0.3))
model.add(Dense(1))
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(trainX, trainY, epochs=100, batch_size=1, verbose=2)
