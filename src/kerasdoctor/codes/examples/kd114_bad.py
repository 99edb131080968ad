import keras
import numpy as np

rng = np.random.default_rng(0)
images = rng.integers(0, 256, size=(32, 64, 64, 3)).astype("float32")
labels = rng.integers(0, 2, size=32)
images = images / 255.0  # the usual scaling, but EfficientNet divides by 255 itself
base = keras.applications.EfficientNetB0(include_top=False, weights=None, input_shape=(64, 64, 3))
model = keras.Sequential([keras.Input((64, 64, 3)), base, keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(2)])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(images, labels, epochs=5)  # the backbone sees 0..0.004: its ImageNet features are worth little
