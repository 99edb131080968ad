"""What a build function compiles and how wide its output is, read from its source (never called)."""

import functools

import keras

from kerasdoctor.facts.wrappers import build_facts

LOSS = "sparse_categorical_crossentropy"
CLASSES = 4
calls = []


class Wrapper:
    """Stands for a keras.wrappers estimator: build_facts reads only ``.model``."""

    def __init__(self, model):
        self.model = model


def global_loss(X, y):
    calls.append("built")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(CLASSES), keras.layers.Activation("softmax")])
    model.compile(optimizer="adam", loss=LOSS)
    return model


def local_loss(X, y, units=8):
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    def helper():  # a nested function's calls are not the build function's
        return keras.layers.Dense(99)

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(units), keras.layers.Dense(y.shape[1])])
    model.compile("adam", loss_fn)
    return model


def conv_output(X, y, loss="categorical_crossentropy"):
    model = keras.Sequential([keras.Input((8, 1)), keras.layers.Dense(4), keras.layers.Conv1D(2, 3)])
    model.compile(optimizer="adam", loss=loss)
    return model


def test_a_global_constant_and_a_width_kept_by_an_activation_layer():
    facts = build_facts(Wrapper(global_loss), [{}])
    assert [loss.kind for _, loss in facts.losses] == [LOSS]
    assert facts.units == CLASSES and facts.loss_origin == "compile"
    assert calls == []  # read, never run


def test_a_local_loss_object_and_a_width_from_y():
    facts = build_facts(Wrapper(local_loss), [{}])
    ((_, loss),) = facts.losses
    assert loss.kind == LOSS and loss.from_logits
    assert facts.units is None and facts.source.units_follow_y()


def test_a_parameter_read_per_model_kwargs_variant_and_through_partial():
    facts = build_facts(Wrapper(conv_output), [{}, {"loss": LOSS}])
    assert [loss.kind for _, loss in facts.losses] == ["categorical_crossentropy", LOSS]
    assert facts.loss_origin == "loss" and facts.source.output is None and facts.units is None
    partial = build_facts(Wrapper(functools.partial(conv_output, loss=LOSS)), [{}])
    assert [loss.kind for _, loss in partial.losses] == [LOSS]


def test_a_lambda_is_unreadable_and_says_why():
    facts = build_facts(Wrapper(lambda X, y: None), [{}])
    assert facts.source is None and "lambda" in facts.unreadable
