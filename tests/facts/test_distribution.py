"""Facts about a model's variables for the strategy gate (facts/distribution.py), on real Keras models."""

import pytest
from tensorflow import keras

from kerasdoctor.facts.distribution import first_weight

pytestmark = pytest.mark.backend_independent


class Scaled(keras.Model):
    """A subclassed model with a weight of its own before its layers'."""

    def __init__(self):
        super().__init__()
        self.scale = self.add_weight(shape=(), initializer="ones", name="scale")
        self.dense = keras.layers.Dense(2)

    def call(self, x):
        return self.dense(x) * self.scale


class Listed(keras.layers.Layer):
    """A layer that lists its weights its own way (last first)."""

    def build(self, shape):
        self.a = self.add_weight(shape=(2,), name="a")
        self.b = self.add_weight(shape=(2,), name="b")

    @property
    def weights(self):
        return [self.b, self.a]

    def call(self, x):
        return x * self.a + self.b


def frozen_base():
    base = keras.Sequential([keras.Input((4,)), keras.layers.BatchNormalization(), keras.layers.Dense(3)])
    base.trainable = False
    return keras.Sequential([keras.Input((4,)), keras.layers.Dropout(0.1), base, keras.layers.Dense(1)])


def functional():
    inputs = keras.Input((8, 8, 3))
    x = keras.layers.Rescaling(1 / 255)(inputs)  # no weights: the first weight is further in
    x = keras.layers.Conv2D(4, 3)(x)
    return keras.Model(inputs, keras.layers.Dense(2)(keras.layers.Flatten()(x)))


def built(model, shape):
    model.build(shape)
    return model


@pytest.mark.parametrize(
    "make",
    [
        functional,
        frozen_base,
        lambda: built(Scaled(), (None, 4)),
        lambda: built(keras.Sequential([Listed()]), (None, 2)),
        lambda: keras.applications.MobileNetV3Small(weights=None, input_shape=(32, 32, 3), include_top=False),
    ],
    ids=["functional", "nested-frozen", "subclassed", "own-listing", "mobilenet"],
)
def test_the_first_weight_is_the_first_of_the_models_weights(make):
    model = make()
    assert first_weight(model) is model.weights[0]


def test_a_model_without_weights_has_no_first_weight():
    assert first_weight(keras.Sequential([keras.layers.Dense(2)])) is None  # not built yet
    assert first_weight(keras.Sequential([keras.Input((3,)), keras.layers.Flatten()])) is None
