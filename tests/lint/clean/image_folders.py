"""Keras' image_dataset_from_directory pipeline, with caching and augmentation."""
import keras
import tensorflow as tf
from keras import layers

train_ds, val_ds = keras.utils.image_dataset_from_directory(
    "flowers/", validation_split=0.2, subset="both", seed=123, image_size=(64, 64), batch_size=32)
class_names = train_ds.class_names
augment = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)])
train_ds = train_ds.map(lambda x, y: (augment(x, training=True), y), num_parallel_calls=tf.data.AUTOTUNE)
train_ds = train_ds.cache().shuffle(1000).prefetch(buffer_size=tf.data.AUTOTUNE)
val_ds = val_ds.cache().prefetch(buffer_size=tf.data.AUTOTUNE)

base = keras.applications.MobileNetV2(input_shape=(64, 64, 3), include_top=False, weights=None)
base.trainable = False
inputs = keras.Input((64, 64, 3))
x = keras.applications.mobilenet_v2.preprocess_input(inputs)
x = layers.GlobalAveragePooling2D()(base(x, training=False))
outputs = layers.Dense(len(class_names))(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=2)
