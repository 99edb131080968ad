import keras
import numpy as np

rng = np.random.default_rng(0)
images = rng.integers(0, 256, size=(16, 32, 32, 3)).astype("float32")
labels = rng.integers(0, 2, size=16)
images = images / 255.0  # the usual scaling, but VGG16 expects preprocess_input's 0-255, mean-subtracted BGR
base = keras.applications.VGG16(include_top=False, weights=None, input_shape=(32, 32, 3))  # weights="imagenet"
base.trainable = False
model = keras.Sequential([keras.Input((32, 32, 3)), base, keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(2)])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(images, labels, epochs=5)  # the backbone sees values ~255 times too small: its features are worth little
