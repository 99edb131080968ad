"""Facts behind KD203-KD208: output activations, losses per output, target facts."""

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

from kerasdoctor.facts.heads import output_activation
from kerasdoctor.facts.losses import loss_facts, losses_per_output
from kerasdoctor.facts.sampling import pipeline_hazard
from kerasdoctor.facts.targets import composite_targets, target_facts

pytestmark = pytest.mark.backend_independent  # CI runs these again under KERAS_BACKEND=jax

# ---- heads ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "layers,expected",
    [
        ([keras.layers.Dense(3, activation="softmax")], "softmax"),
        ([keras.layers.Dense(3), keras.layers.Activation("sigmoid")], "sigmoid"),
        (
            [keras.layers.Dense(3, activation="softmax"), keras.layers.Activation("linear"), keras.layers.Flatten()],
            "softmax",
        ),
        ([keras.layers.Dense(3), keras.layers.Softmax(), keras.layers.Dropout(0.2)], "softmax"),
        ([keras.layers.Dense(3)], "linear"),
        ([keras.layers.Dense(3, activation=keras.activations.tanh)], "tanh"),
        ([keras.layers.Dense(3), keras.layers.Lambda(lambda t: t * 2)], None),
    ],
    ids=[
        "dense-softmax",
        "activation-layer",
        "through-linear-flatten",
        "softmax-layer-dropout",
        "linear",
        "function",
        "lambda-unknown",
    ],
)
def test_output_activation_sequential(layers, expected):
    model = keras.Sequential([keras.Input((4,)), *layers])
    assert output_activation(model.outputs[0]) == expected


def test_output_activation_functional_multi_output():
    inputs = keras.Input((4,))
    a = keras.layers.Dense(2, activation="sigmoid", name="a")(inputs)
    b = keras.layers.Concatenate(name="b")([keras.layers.Dense(2)(inputs), keras.layers.Dense(2)(inputs)])
    model = keras.Model(inputs, [a, b])
    assert [output_activation(t) for t in model.outputs] == ["sigmoid", None]


# ---- losses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "loss",
    [
        "sparse_categorical_crossentropy",
        "SparseCategoricalCrossentropy",
        keras.losses.sparse_categorical_crossentropy,
        keras.losses.SparseCategoricalCrossentropy(),
        tf.keras.losses.SparseCategoricalCrossentropy(),
    ],
)
def test_every_spelling_of_the_sparse_loss_is_one_kind(loss):
    facts = loss_facts(loss)
    assert (facts.kind, facts.from_logits) == ("sparse_categorical_crossentropy", False)


def test_from_logits_and_aliases():
    assert loss_facts(keras.losses.CategoricalCrossentropy(from_logits=True)).from_logits is True
    assert loss_facts("mse").kind == loss_facts(keras.losses.MeanSquaredError()).kind == "mean_squared_error"
    assert loss_facts(tf.keras.losses.MSE).kind == "mean_squared_error"


def test_custom_and_auto_losses_are_unknown_with_reason():
    class MyLoss(keras.losses.Loss):
        def call(self, y_true, y_pred):
            return keras.ops.mean(y_pred)

    assert "custom" in loss_facts(MyLoss()).unknown_reason
    assert "custom" in loss_facts(lambda t, p: p).unknown_reason
    assert "lets Keras choose" in loss_facts("crossentropy").unknown_reason
    assert loss_facts("no_such_loss").kind is None


def test_losses_per_output_follow_keras_assignment():
    names = ["cls", "box"]
    assert [f.kind for f in losses_per_output("mse", names).per_output] == ["mean_squared_error"] * 2
    listed = losses_per_output(["mse"], names)
    assert listed.per_output[1] is None and listed.explicit_none == []
    keyed = losses_per_output({"cls": "mse", "bx": "mae", "box": None}, names)
    assert keyed.unmatched_keys == ["bx"] and keyed.explicit_none == [1]


# ---- targets -----------------------------------------------------------------------


def test_target_facts_integer_labels():
    t = target_facts(np.array([3, 1, 1, 0]), "y")
    assert (t.integer, t.class_ids, t.classes, t.minimum, t.maximum, t.onehot) == (
        True,
        True,
        (0, 1, 3),
        0.0,
        3.0,
        False,
    )


def test_target_facts_onehot_and_floats():
    onehot = np.eye(3, dtype="float32")[[0, 2, 1, 2]]
    t = target_facts(onehot, "y")
    assert t.onehot and t.width == 3 and not t.class_ids
    soft = target_facts(np.array([[0.2, 0.8], [0.5, 0.5]]), "y")
    assert not soft.onehot and not soft.integer
    assert target_facts(np.array([[1, 1], [0, 1]]), "y").onehot is False  # multi-label
    assert target_facts(np.array([-1.0, 2.0, 3.0]), "y").classes == (-1, 2, 3)
    assert target_facts(np.array(["a", "b"]), "y") is None


def test_pipeline_hazard_sees_nothing_in_a_plain_pipeline():
    ds = (
        tf.data.Dataset.from_tensor_slices((np.zeros((10, 2)), np.arange(10)))
        .map(lambda x, y: (x * 2, y))
        .shuffle(10)
        .batch(2)
        .prefetch(1)
    )
    assert pipeline_hazard(ds) is None
    assert "numpy_function" in pipeline_hazard(
        ds.map(lambda x, y: (tf.numpy_function(lambda a: a, [x], tf.float64), y))
    )


PAIRS = tf.data.Dataset.from_tensor_slices((np.zeros((6, 2), "float32"), np.arange(6)))


def _first_epoch_after_a_read(make):
    """The first epoch of a fresh pipeline, and of another after kerasdoctor-sized read of it."""
    untouched = [np.asarray(e).tolist() for e in make()]
    ds = make()
    list(ds.take(2))
    return untouched, [np.asarray(e).tolist() for e in ds]


def test_pipeline_hazard_names_variable_generator_and_table_writes():
    counter = tf.Variable(0.0)
    assert "AssignVariableOp" in pipeline_hazard(PAIRS.map(lambda x, y: (x + counter.assign(1.0), y)))
    assert "AssignSubVariableOp" in pipeline_hazard(PAIRS.map(lambda x, y: (x + counter.assign_sub(1.0), y)))
    gen = tf.random.Generator.from_seed(0)
    for draw in (lambda: gen.uniform((2,)), lambda: gen.normal((2,)), lambda: gen.truncated_normal((2,))):
        hazard = pipeline_hazard(PAIRS.map(lambda x, y, draw=draw: (x + draw(), y)))
        assert "tf.random.Generator (op RngReadAndSkip)" in hazard
    binomial = PAIRS.map(
        lambda x, y: (x + tf.cast(gen.binomial((2,), counts=[3.0, 3.0], probs=[0.5, 0.5]), tf.float32), y)
    )
    assert "StatefulRandomBinomial" in pipeline_hazard(binomial)
    table = tf.lookup.experimental.MutableHashTable(tf.int64, tf.int64, default_value=-1)

    def remember(x, y):
        with tf.control_dependencies([table.insert(tf.reshape(y, (1,)), tf.reshape(y, (1,)))]):
            return x, tf.identity(y)

    assert "lookup table (op LookupTableInsertV2)" in pipeline_hazard(PAIRS.map(remember))
    assert pipeline_hazard(PAIRS.map(lambda x, y: (x, table.lookup(y)))) is None  # reading a table is fine
    assert pipeline_hazard(PAIRS.map(lambda x, y: (x + counter, y))) is None  # so is reading a variable


def test_read_only_lookup_layers_are_no_hazard():
    ints = keras.layers.IntegerLookup(vocabulary=[0, 1, 2])
    assert pipeline_hazard(PAIRS.map(lambda x, y: (x, ints(y))).batch(2)) is None
    strings = keras.layers.StringLookup(vocabulary=["a", "b"])
    ds = tf.data.Dataset.from_tensor_slices((["a", "b"], [0, 1])).map(lambda x, y: (strings(x), y))
    assert pipeline_hazard(ds) is None


def test_seeded_random_ops_without_a_generator_restart_each_iteration_and_are_no_hazard():
    # tf.data gives every new iterator its own kernels: tf.random.uniform(seed=...) repeats its stream.
    def make():
        return PAIRS.map(lambda x, y: x + tf.random.uniform((2,), seed=3))

    untouched, after = _first_epoch_after_a_read(make)
    assert untouched == after and pipeline_hazard(make()) is None


def test_seeded_rerandomizing_random_order_is_a_hazard_only_with_rerandomize():
    def sampled(**kwargs):
        return lambda: tf.data.Dataset.sample_from_datasets([PAIRS, PAIRS.map(lambda x, y: (x + 1, y))], **kwargs).map(
            lambda x, y: x[0]
        )

    untouched, after = _first_epoch_after_a_read(sampled(seed=3, rerandomize_each_iteration=True))
    assert untouched != after
    assert "sample_from_datasets" in pipeline_hazard(sampled(seed=3, rerandomize_each_iteration=True)())
    untouched, after = _first_epoch_after_a_read(sampled(seed=3))
    assert untouched == after and pipeline_hazard(sampled(seed=3)()) is None
    assert pipeline_hazard(sampled(rerandomize_each_iteration=True)()) is None  # unseeded: no order to keep

    def numbers(**kwargs):
        return lambda: tf.data.Dataset.random(**kwargs).take(6)

    untouched, after = _first_epoch_after_a_read(numbers(seed=4, rerandomize_each_iteration=True))
    assert untouched != after
    assert "Dataset.random" in pipeline_hazard(numbers(seed=4, rerandomize_each_iteration=True)())
    untouched, after = _first_epoch_after_a_read(numbers(seed=4))
    assert untouched == after and pipeline_hazard(numbers(seed=4)()) is None


def test_composite_targets_names_sparse_and_ragged_target_specs():
    dense = np.eye(3, dtype="float32")
    assert composite_targets(tf.data.Dataset.from_tensor_slices((dense, dense))) is None
    assert composite_targets(tf.data.Dataset.from_tensor_slices((dense, tf.sparse.from_dense(dense)))) == "sparse"
    ragged = tf.data.Dataset.from_tensor_slices((dense, {"tags": tf.ragged.constant([[1], [2, 3], []])}))
    assert composite_targets(ragged) == "ragged"
    assert composite_targets(tf.data.Dataset.from_tensor_slices((tf.sparse.from_dense(dense), dense))) is None
