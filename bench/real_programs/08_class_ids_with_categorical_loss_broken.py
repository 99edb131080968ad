"""CIFAR-10-like labels as integers with categorical_crossentropy:
"Arguments `target` and `output` must have the same rank (ndim)"."""
import numpy as np
import tensorflow as tf

x_train = np.random.rand(200, 32, 32, 3).astype("float32")
y_train = np.random.randint(0, 10, size=(200, 1))

model = tf.keras.Sequential(
    [
        tf.keras.layers.Conv2D(16, 3, activation="relu", input_shape=(32, 32, 3)),
        tf.keras.layers.GlobalAveragePooling2D(),
        tf.keras.layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=32)
