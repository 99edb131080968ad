"""Where do my parameter counts come from? Each layer's count explained by its formula.

The most asked questions about `model.summary()`: why an LSTM(1) has 12
parameters on one feature and 16 on two, what the 120 of a SimpleRNN(10) is,
why an LSTM(256) on 4096 features has 4457472, and how a dense network on
32×32 grey images gets 1025000, 512512, 131328 and 1028. `kd.params` answers
each with the formula and the user's numbers; `explain()` splits an LSTM's
weights into its i, f, c, o gates.

This recipe has no broken pipeline: `explain()` returns the reports.
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from tensorflow import keras  # noqa: E402

import kerasdoctor as kd  # noqa: E402
from kerasdoctor.demo import recipe_main  # noqa: E402

layers = keras.layers


def lstm(units, timesteps, features):
    return keras.Sequential([keras.Input((timesteps, features)), layers.LSTM(units)], name=f"lstm_on_{features}")


def simple_rnn():
    # "model.add(SimpleRNN(10, input_shape=(3, 1))); model.add(Dense(1))": what is the 120?
    return keras.Sequential(
        [keras.Input((3, 1)), layers.SimpleRNN(10), layers.Dense(1, activation="linear")], name="simple_rnn_120"
    )


def dense_on_grey_images():
    # 32×32 grey images, flattened to 1024 values: 1024 -> 1000 -> 512 -> 256 -> 4
    return keras.Sequential(
        [
            keras.Input((32, 32, 1)),
            layers.Flatten(),
            layers.Dense(1000, activation="relu"),
            layers.Dense(512, activation="relu"),
            layers.Dense(256, activation="relu"),
            layers.Dense(4, activation="softmax"),
        ],
        name="dense_on_32x32_grey",
    )


def explain() -> dict:
    """The reports that answer the questions, by question."""
    two_features = lstm(1, 1, 2)
    return {
        "LSTM(1) on 1 feature: why 12?": kd.params(lstm(1, 1, 1)),
        "LSTM(1) on 2 features: why 16?": kd.params(two_features),
        "LSTM(1) on 2 features, weight by weight and gate by gate": kd.params(two_features.layers[0]).explain(),
        "SimpleRNN(10) on 1 feature: what is the 120?": kd.params(simple_rnn()),
        "LSTM(256) on 4096 features: why 4457472?": kd.params(lstm(256, 10, 4096)),
        "A dense network on 32×32 grey images": kd.params(dense_on_grey_images()),
    }


if __name__ == "__main__":
    raise SystemExit(recipe_main(sys.modules[__name__]))
