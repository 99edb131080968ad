"""MNIST classifier trained fine; predicting one image fails ("Negative dimension size caused by
subtracting 3 from 1"): the image has no batch axis."""
import numpy as np
import tensorflow as tf

x_train = np.random.rand(256, 28, 28, 1).astype("float32")
y_train = np.random.randint(0, 10, size=256)

model = tf.keras.models.Sequential(
    [
        tf.keras.Input(shape=(28, 28, 1)),
        tf.keras.layers.Conv2D(16, 3, activation="relu"),
        tf.keras.layers.MaxPooling2D(),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3)

img = x_train[0]
prediction = model.predict(img)
print(np.argmax(prediction))
