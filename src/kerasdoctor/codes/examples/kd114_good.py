import keras
import numpy as np

rng = np.random.default_rng(0)
images = rng.integers(0, 256, size=(32, 64, 64, 3)).astype("float32")
labels = rng.integers(0, 2, size=32)
# EfficientNet rescales 0-255 pixels itself (its first layers are Rescaling and Normalization)
base = keras.applications.EfficientNetB0(include_top=False, weights=None, input_shape=(64, 64, 3))
model = keras.Sequential([keras.Input((64, 64, 3)), base, keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(2)])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(images, labels, epochs=5)
