"""KD203-KD208 (and KD901 for datasets): the loss, the output layer and the targets, with real models."""

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd

pytestmark = pytest.mark.backend_independent  # CI runs these again under KERAS_BACKEND=jax

rng = np.random.default_rng(0)
X = rng.uniform(size=(120, 8)).astype("float32")
LABELS5 = np.arange(120) % 5


def head(units, activation=None, loss="mse", name="clf"):
    inputs = keras.Input((8,))
    outputs = keras.layers.Dense(units, activation=activation)(keras.layers.Dense(16, activation="relu")(inputs))
    model = keras.Model(inputs, outputs, name=name)
    model.compile(optimizer="adam", loss=loss)
    return model


def one_step(model, x, y):
    model.fit(x, y, epochs=1, batch_size=len(x), verbose=0)


def codes(report):
    return report.codes


# ---- the real cases -----------------------------------------------------


@pytest.mark.tensorflow_backend  # asserts the TensorFlow backend's message
def test_five_classes_to_categorical_with_sparse_loss_is_kd203():
    y = keras.utils.to_categorical(LABELS5, 5)
    model = head(5, "softmax", "sparse_categorical_crossentropy")
    report = kd.check(model, X, y)
    assert codes(report) == ["KD203"]
    assert 'loss="categorical_crossentropy"' in report.findings[0].fix
    with pytest.raises(ValueError, match="target.ndim - 1"):  # the message named in the finding
        one_step(model, X, y)
    good = head(5, "softmax", "categorical_crossentropy")
    assert kd.check(good, X, y).findings == []
    one_step(good, X, y)


def test_six_class_onehot_y_train_with_sparse_loss_is_kd203_fixed_by_argmax():
    y_train = np.eye(6, dtype="float32")[np.arange(120) % 6]
    model = head(6, "softmax", keras.losses.SparseCategoricalCrossentropy())
    report = kd.check(model, X, y_train)
    assert codes(report) == ["KD203"]
    assert "y_train = y_train.argmax(-1)" in report.findings[0].fix
    y_train = y_train.argmax(-1)
    assert kd.check(model, X, y_train).findings == []
    one_step(model, X, y_train)


def test_softmax_on_one_unit_with_binary_crossentropy_is_kd207():
    y = np.arange(120) % 2
    report = kd.check(head(1, "softmax", "binary_crossentropy"), X, y)
    assert codes(report) == ["KD207"]
    assert "always outputs 1.0" in report.findings[0].message
    good = head(1, "sigmoid", "binary_crossentropy")
    assert kd.check(good, X, y).findings == []
    one_step(good, X, y)


def test_dense4_regression_head_against_n_by_1_targets_is_kd206():
    y = rng.uniform(size=(120, 1)).astype("float32")
    report = kd.check(head(4, None, "mse"), X, y)
    assert codes(report) == ["KD206"]
    assert "(4 units, linear)" in report.findings[0].message and "broadcasts" in report.findings[0].message
    assert report.findings[0].fix.startswith("keras.layers.Dense(1)")
    good = head(1, None, "mse")
    assert kd.check(good, X, y).findings == []
    one_step(good, X, y)


def test_labels_1_to_10_with_dense10_softmax_is_kd205_naming_the_value():
    y = np.arange(120) % 10 + 1
    report = kd.check(head(10, "softmax", "sparse_categorical_crossentropy"), X, y)
    assert codes(report) == ["KD205"]
    assert "label 10" in report.findings[0].message and "[0, 10)" in report.findings[0].message
    assert report.findings[0].fix.startswith("y = y - 1")
    y = y - 1
    good = head(10, "softmax", "sparse_categorical_crossentropy")
    assert kd.check(good, X, y).findings == []
    one_step(good, X, y)


def test_seed_38_classes_softmax_with_sparse_labels_is_clean():
    y = np.arange(380) % 38
    x = rng.uniform(size=(380, 8)).astype("float32")
    model = keras.Sequential(
        [keras.Input((8,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(38, activation="softmax")]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    assert kd.check(model, x, y).findings == []
    one_step(model, x, y)


# ---- KD203-KD206 more bad and good -----------------------------------------------


@pytest.mark.tensorflow_backend  # asserts the TensorFlow backend's message
def test_categorical_loss_with_integer_ids_is_kd204_with_to_categorical_fix():
    labels = LABELS5
    report = kd.check(head(5, "softmax", keras.losses.categorical_crossentropy), X, labels)
    assert codes(report) == ["KD204"]
    assert "labels = keras.utils.to_categorical(labels, 5)" in report.findings[0].fix
    assert "(0, 1, 2, 3, 4)" in report.findings[0].message
    with pytest.raises(ValueError, match="same rank"):
        one_step(head(5, "softmax", "categorical_crossentropy"), X, labels)


def test_negative_labels_are_kd205():
    y = np.arange(120) % 3 - 1
    report = kd.check(head(3, "softmax", "sparse_categorical_crossentropy"), X, y)
    assert codes(report) == ["KD205"] and "-1" in report.findings[0].message


def test_binary_crossentropy_with_labels_beyond_one_is_kd205():
    y = np.arange(120) % 3
    report = kd.check(head(1, "sigmoid", "binary_crossentropy"), X, y)
    assert codes(report) == ["KD205"] and "2" in report.findings[0].message


def test_onehot_width_differs_from_units_is_kd206():
    y = np.eye(4, dtype="float32")[np.arange(120) % 4]
    report = kd.check(head(5, "softmax", "categorical_crossentropy"), X, y)
    assert codes(report) == ["KD206"]
    assert "must have the same shape" in report.findings[0].message
    with pytest.raises(ValueError, match="must have the same shape"):  # what Keras says, later
        one_step(head(5, "softmax", "categorical_crossentropy"), X, y)


def test_too_many_units_for_the_classes_is_a_kd206_warning_on_training_targets_only():
    y = np.arange(120) % 3
    model = head(10, "softmax", "sparse_categorical_crossentropy")
    report = kd.check(model, X, y)
    assert codes(report) == ["KD206"] and report.findings[0].severity == "warning"
    assert report.findings[0].message.endswith("has 10: 7 units never see a target.")
    report = kd.check(head(4, "softmax", "sparse_categorical_crossentropy"), X, y)
    assert report.findings[0].message.endswith("has 4: 1 unit never sees a target.")
    # a validation set may lack classes: no finding for it
    report = kd.check(
        head(3, "softmax", "sparse_categorical_crossentropy"),
        X,
        np.arange(120) % 3,
        validation_data=(X[:10], np.zeros(10, "int64")),
    )
    assert report.findings == []


def test_validation_targets_are_checked_too():
    y_val = np.eye(5, dtype="float32")[LABELS5[:20]]
    report = kd.check(
        head(5, "softmax", "sparse_categorical_crossentropy"), X, LABELS5, validation_data=(X[:20], y_val)
    )
    assert codes(report) == ["KD203"]
    assert report.findings[0].where.startswith("validation_data[1]")
    assert "y_val = y_val.argmax(-1)" in report.findings[0].fix


# ---- KD207 activation-loss-mismatch -------------------------------------------------


def test_from_logits_against_softmax_is_kd207_and_logits_head_is_clean():
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    report = kd.check(head(5, "softmax", loss), X, LABELS5)
    assert codes(report) == ["KD207"] and report.findings[0].severity == "error"
    good = head(5, None, loss)
    assert kd.check(good, X, LABELS5).findings == []
    one_step(good, X, LABELS5)


def test_from_logits_against_a_following_sigmoid_activation_layer_is_kd207():
    inputs = keras.Input((8,))
    outputs = keras.layers.Activation("sigmoid")(keras.layers.Dense(1)(inputs))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
    assert codes(kd.check(model, X, np.arange(120) % 2)) == ["KD207"]


def test_crossentropy_on_a_linear_output_is_a_kd207_warning():
    report = kd.check(head(5, None, "sparse_categorical_crossentropy"), X, LABELS5)
    assert codes(report) == ["KD207"] and report.findings[0].severity == "warning"
    assert "from_logits=True" in report.findings[0].fix


def test_binary_crossentropy_on_multiclass_softmax_is_a_kd207_warning():
    y = np.eye(5, dtype="float32")[LABELS5]
    report = kd.check(head(5, "softmax", "binary_crossentropy"), X, y)
    assert codes(report) == ["KD207"] and report.findings[0].severity == "warning"


def test_sigmoid_with_categorical_crossentropy_is_a_kd207_warning():
    y = np.eye(5, dtype="float32")[LABELS5]
    report = kd.check(head(5, "sigmoid", "categorical_crossentropy"), X, y)
    assert codes(report) == ["KD207"] and report.findings[0].severity == "warning"


def test_softmax_layer_after_dropout_in_sequential_is_seen():
    model = keras.Sequential(
        [keras.Input((8,)), keras.layers.Dense(1), keras.layers.Softmax(), keras.layers.Dropout(0.1)]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    assert codes(kd.check(model, X, np.arange(120) % 2)) == ["KD207"]


def test_custom_output_layer_and_custom_loss_are_skipped_with_reason():
    class Scale(keras.layers.Layer):
        def call(self, x):
            return x * 2.0

    inputs = keras.Input((8,))
    model = keras.Model(inputs, Scale()(keras.layers.Dense(5, activation="softmax")(inputs)))
    model.compile(optimizer="adam", loss=lambda y_true, y_pred: keras.ops.mean(y_pred))
    report = kd.check(model, X, np.eye(5)[LABELS5])
    assert report.findings == []
    reasons = {s.check: s.reason for s in report.skipped}
    assert "does not know" in reasons["activation-loss"]
    assert "custom loss" in reasons["targets(x)"]


# ---- KD208 loss-missing-for-output ---------------------------------------------------


def two_heads(loss):
    inputs = keras.Input((8,))
    hidden = keras.layers.Dense(16, activation="relu")(inputs)
    cls = keras.layers.Dense(5, activation="softmax", name="cls")(hidden)
    box = keras.layers.Dense(4, name="box")(hidden)
    model = keras.Model(inputs, [cls, box])
    model.compile(optimizer="adam", loss=loss)
    return model


def test_loss_dict_missing_an_output_and_naming_none_is_kd208():
    report = kd.check(
        two_heads({"cls": "sparse_categorical_crossentropy", "boxes": "mse"}), X, [LABELS5, rng.uniform(size=(120, 4))]
    )
    assert sorted(codes(report)) == ["KD208", "KD208"]
    text = " ".join(f.message for f in report.findings)
    assert "'boxes'" in text and "'box'" in text


def test_loss_list_shorter_than_outputs_is_kd208():
    report = kd.check(two_heads(["sparse_categorical_crossentropy"]), X, [LABELS5, rng.uniform(size=(120, 4))])
    assert codes(report) == ["KD208"]
    assert "in the loss list," in report.findings[0].message  # the user's list, not Keras' ListWrapper


def test_loss_dict_for_every_output_is_clean_and_trains():
    model = two_heads({"cls": "sparse_categorical_crossentropy", "box": "mse"})
    y = {"cls": LABELS5, "box": rng.uniform(size=(120, 4)).astype("float32")}
    assert kd.check(model, X, y).findings == []
    one_step(model, X, y)


def test_multi_output_targets_are_judged_per_output():
    model = two_heads({"cls": "sparse_categorical_crossentropy", "box": "mse"})
    report = kd.check(model, X, {"cls": np.eye(5)[LABELS5], "box": rng.uniform(size=(120, 4))})
    assert codes(report) == ["KD203"] and "y['cls']" in report.findings[0].where


# ---- datasets: a bounded fresh read, never one with side effects ---------------------


def test_dataset_targets_are_sampled_from_a_fresh_iteration():
    ds = tf.data.Dataset.from_tensor_slices((X, np.eye(5, dtype="float32")[LABELS5])).batch(16)
    report = kd.check(head(5, "softmax", "sparse_categorical_crossentropy"), ds)
    assert codes(report) == ["KD203"]
    assert "first 32 examples" in report.findings[0].message
    assert "ds = ds.map(lambda x, y: (x, tf.argmax(y, axis=-1)))" in report.findings[0].fix
    assert sum(1 for _ in ds) == 8  # the user's dataset is whole


def test_unbatched_dataset_targets_are_stacked_and_judged():
    ds = tf.data.Dataset.from_tensor_slices((X, np.eye(5, dtype="float32")[LABELS5]))  # batch() forgotten
    report = kd.check(head(5, "softmax", "sparse_categorical_crossentropy"), ds)
    assert codes(report) == ["KD101", "KD203"]
    assert "first 2 examples" in report.findings[1].message


def test_from_generator_is_not_iterated_and_is_kd901():
    taken = []

    def batches():
        for i in range(6):
            taken.append(i)
            yield X[:20], np.eye(5, dtype="float32")[LABELS5[:20]]

    ds = tf.data.Dataset.from_generator(
        batches, output_signature=(tf.TensorSpec((None, 8), tf.float32), tf.TensorSpec((None, 5), tf.float32))
    )
    report = kd.check(head(5, "softmax", "sparse_categorical_crossentropy"), ds)
    assert codes(report) == ["KD901"]
    assert "from_generator" in report.findings[0].message
    assert "inspect_unsafe=True" in report.findings[0].fix
    assert taken == []
    # allowed explicitly, it reads at most inspect_batches elements and finds the mistake
    report = kd.check(head(5, "softmax", "sparse_categorical_crossentropy"), ds, inspect_unsafe=True, inspect_batches=1)
    assert codes(report) == ["KD203"] and len(taken) <= 2


def test_py_function_and_large_shuffle_are_not_iterated():
    base = tf.data.Dataset.from_tensor_slices((X, LABELS5))
    mapped = base.map(lambda x, y: (tf.py_function(lambda a: a, [x], tf.float32), y)).batch(8)
    report = kd.check(head(5, "softmax", "sparse_categorical_crossentropy"), mapped)
    assert "KD901" in codes(report) and "py_function" in report.findings[-1].message
    shuffled = base.shuffle(50_000).batch(8)
    report = kd.check(head(5, "softmax", "sparse_categorical_crossentropy"), shuffled)
    assert codes(report) == ["KD901"] and "50000-element buffer" in report.findings[0].message
    small = base.shuffle(100).batch(8)
    assert kd.check(head(5, "softmax", "sparse_categorical_crossentropy"), small).findings == []


def test_seeded_shuffle_and_file_cache_are_not_iterated(tmp_path):
    base = tf.data.Dataset.from_tensor_slices((X, LABELS5))
    seeded = base.shuffle(100, seed=7).batch(8)
    before = [y.numpy().tolist() for _, y in seeded.take(1)]
    seeded = base.shuffle(100, seed=7).batch(8)
    report = kd.check(head(5, "softmax", "sparse_categorical_crossentropy"), seeded)
    assert codes(report) == ["KD901"] and "seeded shuffle()" in report.findings[0].message
    assert [y.numpy().tolist() for _, y in seeded.take(1)] == before  # the run's order is untouched
    cached = base.cache(str(tmp_path / "cache")).batch(8)
    report = kd.check(head(5, "softmax", "sparse_categorical_crossentropy"), cached)
    assert codes(report) == ["KD901"] and "caches to the file" in report.findings[0].message
    assert list(tmp_path.iterdir()) == []


def test_regression_dataset_is_judged_from_its_spec_without_reading():
    taken = []

    def batches():
        for _ in range(3):
            taken.append(1)
            yield X[:20], rng.uniform(size=(20, 1)).astype("float32")

    ds = tf.data.Dataset.from_generator(
        batches, output_signature=(tf.TensorSpec((None, 8), tf.float32), tf.TensorSpec((None, 1), tf.float32))
    )
    report = kd.check(head(4, None, "mse"), ds)
    assert codes(report) == ["KD206"] and taken == []
    assert kd.check(head(1, None, "mse"), ds).findings == []
    seeded = tf.data.Dataset.from_tensor_slices((X, rng.uniform(size=120))).shuffle(120, seed=0).batch(8)
    assert kd.check(head(1, None, "mse"), seeded).findings == []


def test_inspect_batches_zero_reads_nothing():
    ds = tf.data.Dataset.from_tensor_slices((X, np.eye(5)[LABELS5])).batch(16)
    report = kd.check(head(5, "softmax", "sparse_categorical_crossentropy"), ds, inspect_batches=0)
    assert report.findings == [] and any("inspect_batches=0" in s.reason for s in report.skipped)


# ---- stateful pipelines: reading them would change the user's run ---------------------

ONEHOT5 = np.eye(5, dtype="float32")[LABELS5]
SPARSE_LOSS_HEAD = ("softmax", "sparse_categorical_crossentropy")


def test_a_map_writing_a_variable_is_not_iterated_and_the_counter_stays():
    counter = tf.Variable(0, dtype=tf.int64)

    def count(x, y):  # a per-element counter, e.g. for logging or a curriculum
        return x + 0.0 * tf.cast(counter.assign_add(1), tf.float32), y

    ds = tf.data.Dataset.from_tensor_slices((X, ONEHOT5)).map(count).batch(16)
    report = kd.check(head(5, *SPARSE_LOSS_HEAD), ds)
    assert codes(report) == ["KD901"] and int(counter.numpy()) == 0
    message = report.findings[0].message
    assert "tf.Variable" in message and "AssignAddVariableOp" in message and "inspect_unsafe=True" in message
    kd.check(head(5, *SPARSE_LOSS_HEAD), ds, inspect_unsafe=True)  # allowed, the read moves the counter
    assert int(counter.numpy()) > 0


def test_a_map_drawing_from_a_random_generator_is_not_iterated_and_its_state_stays():
    augment = tf.random.Generator.from_seed(1)
    state = augment.state.numpy().tolist()
    ds = (
        tf.data.Dataset.from_tensor_slices((X, ONEHOT5))
        .map(lambda x, y: (x + augment.normal((8,), stddev=0.01), y))
        .batch(16)
    )
    report = kd.check(head(5, *SPARSE_LOSS_HEAD), ds)
    assert codes(report) == ["KD901"] and augment.state.numpy().tolist() == state
    assert "tf.random.Generator" in report.findings[0].message
    kd.check(head(5, *SPARSE_LOSS_HEAD), ds, inspect_unsafe=True)
    assert augment.state.numpy().tolist() != state


@pytest.mark.tensorflow_backend  # a Keras random layer runs inside tf.data only on TensorFlow
def test_a_keras_random_layer_with_a_seed_in_the_pipeline_is_not_iterated():
    # Keras keeps a random layer's seed state in a variable, which every element read would advance.
    noise = keras.layers.GaussianNoise(0.01, seed=3)
    ds = tf.data.Dataset.from_tensor_slices((X, ONEHOT5)).batch(16).map(lambda x, y: (noise(x, training=True), y))
    first = [x.numpy() for x, _ in ds.take(1)]
    noise = keras.layers.GaussianNoise(0.01, seed=3)
    ds = tf.data.Dataset.from_tensor_slices((X, ONEHOT5)).batch(16).map(lambda x, y: (noise(x, training=True), y))
    report = kd.check(head(5, *SPARSE_LOSS_HEAD), ds)
    assert codes(report) == ["KD901"] and "AssignVariableOp" in report.findings[0].message
    assert np.array_equal([x.numpy() for x, _ in ds.take(1)][0], first[0])  # the augmentation stream is untouched
    kd.check(head(5, *SPARSE_LOSS_HEAD), ds, inspect_unsafe=True)  # a read would have moved it on
    assert not np.array_equal([x.numpy() for x, _ in ds.take(1)][0], first[0])


def _two_sources():
    return [
        tf.data.Dataset.from_tensor_slices((X[:60], ONEHOT5[:60])),
        tf.data.Dataset.from_tensor_slices((X[60:], ONEHOT5[60:])),
    ]


def test_seeded_rerandomizing_sampling_is_not_iterated_and_the_first_epoch_order_stays():
    def mixed():
        return tf.data.Dataset.sample_from_datasets(_two_sources(), seed=3, rerandomize_each_iteration=True).batch(16)

    first_epoch = [y.numpy().argmax(-1).tolist() for _, y in mixed()]
    ds = mixed()
    report = kd.check(head(5, *SPARSE_LOSS_HEAD), ds)
    assert codes(report) == ["KD901"] and "sample_from_datasets" in report.findings[0].message
    assert [y.numpy().argmax(-1).tolist() for _, y in ds] == first_epoch
    # without rerandomize_each_iteration every iteration draws the same order: reading it is harmless
    fixed = tf.data.Dataset.sample_from_datasets(_two_sources(), seed=3).batch(16)
    assert codes(kd.check(head(5, *SPARSE_LOSS_HEAD), fixed)) == ["KD203"]


def test_a_seeded_rerandomizing_random_dataset_is_not_iterated():
    def labelled():
        labels = tf.data.Dataset.random(seed=5, rerandomize_each_iteration=True).map(lambda v: v % 5)
        return tf.data.Dataset.zip(tf.data.Dataset.from_tensor_slices(X), labels).batch(16)

    first_epoch = [y.numpy().tolist() for _, y in labelled()]
    ds = labelled()
    report = kd.check(head(5, *SPARSE_LOSS_HEAD), ds)
    assert codes(report) == ["KD901"] and "Dataset.random" in report.findings[0].message
    assert [y.numpy().tolist() for _, y in ds] == first_epoch


def test_read_only_lookups_in_the_pipeline_are_still_read():
    # StringLookup keeps index 0 for out-of-vocabulary strings: the labels become 1..5, one too many.
    names = np.array(["ant", "bee", "cat", "dog", "eel"])[LABELS5]
    lookup = keras.layers.StringLookup(vocabulary=["ant", "bee", "cat", "dog", "eel"])
    ds = tf.data.Dataset.from_tensor_slices((X, names)).map(lambda x, y: (x, lookup(y))).batch(16)
    report = kd.check(head(5, *SPARSE_LOSS_HEAD), ds)
    assert codes(report) == ["KD205"] and "5" in report.findings[0].message
    table = tf.lookup.StaticHashTable(
        tf.lookup.KeyValueTensorInitializer(tf.range(5, dtype=tf.int64), tf.range(1, 6, dtype=tf.int64)),
        default_value=-1,
    )
    ds = tf.data.Dataset.from_tensor_slices((X, LABELS5)).map(lambda x, y: (x, table.lookup(y))).batch(16)
    assert codes(kd.check(head(5, *SPARSE_LOSS_HEAD), ds)) == ["KD205"]


def test_negative_or_non_integer_inspect_batches_is_refused_before_any_check():
    ds = tf.data.Dataset.from_tensor_slices((X, ONEHOT5)).batch(16)
    for bad in (-1, 1.5, "2", None, True):
        with pytest.raises(ValueError, match="inspect_batches must be an int >= 0"):
            kd.check(head(5, *SPARSE_LOSS_HEAD), ds, inspect_batches=bad)
    assert codes(kd.check(head(5, *SPARSE_LOSS_HEAD), ds, inspect_batches=np.int64(1))) == ["KD203"]


@pytest.mark.parametrize("kind", ["sparse", "ragged"])
def test_sparse_or_ragged_dataset_targets_are_skipped_with_the_reason(kind):
    targets = tf.sparse.from_dense(ONEHOT5) if kind == "sparse" else tf.RaggedTensor.from_tensor(ONEHOT5)
    ds = tf.data.Dataset.from_tensor_slices((X, targets)).batch(16)
    report = kd.check(head(5, *SPARSE_LOSS_HEAD), ds)
    assert "KD900" not in codes(report)
    assert any(f"{kind} tensors" in s.reason for s in report.skipped), report.skipped


def test_pydataset_batch_zero_targets_are_checked():
    class Batches(keras.utils.PyDataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return X[i * 30 : (i + 1) * 30], np.eye(5)[LABELS5[i * 30 : (i + 1) * 30]]

    report = kd.check(head(5, "softmax", "sparse_categorical_crossentropy"), Batches())
    assert codes(report) == ["KD203"]


# ---- every built-in loss with a matching correct head and targets: silence -----------

N = 120
ONEHOT4 = np.eye(4, dtype="float32")[np.arange(N) % 4]
BINARY = (np.arange(N) % 2).astype("float32")
CORRECT = {  # canonical loss -> (units, activation, targets)
    "binary_crossentropy": (1, "sigmoid", BINARY),
    "binary_focal_crossentropy": (1, "sigmoid", BINARY),
    "categorical_crossentropy": (4, "softmax", ONEHOT4),
    "categorical_focal_crossentropy": (4, "softmax", ONEHOT4),
    "sparse_categorical_crossentropy": (4, "softmax", np.arange(N) % 4),
    "categorical_generalized_cross_entropy": (4, "softmax", np.arange(N) % 4),
    "categorical_hinge": (4, None, ONEHOT4),
    "hinge": (1, "tanh", BINARY * 2 - 1),
    "squared_hinge": (1, "tanh", BINARY * 2 - 1),
    "mean_squared_error": (1, None, rng.normal(size=N)),
    "mean_absolute_error": (1, None, rng.normal(size=N)),
    "mean_absolute_percentage_error": (1, None, rng.uniform(1, 2, size=N)),
    "mean_squared_logarithmic_error": (1, "softplus", rng.uniform(0, 5, size=N)),
    "huber": (1, None, rng.normal(size=N)),
    "log_cosh": (1, None, rng.normal(size=N)),
    "poisson": (1, "softplus", rng.poisson(3, size=N).astype("float32")),
    "kl_divergence": (4, "softmax", rng.dirichlet(np.ones(4), size=N).astype("float32")),
    "cosine_similarity": (3, None, rng.normal(size=(N, 3))),
    "dice": (1, "sigmoid", BINARY[:, None]),
    "tversky": (1, "sigmoid", BINARY[:, None]),
    "circle": (3, None, np.arange(N) % 4),
}
# Walks tf.keras.losses, a superset of keras.losses (it adds the aliases mse, MSE, kld, logcosh, ...).
# Left out on purpose: ctc (sequence outputs with label lengths, no (batch, units) head),
# Loss (the base class) and Reduction (an enum); get/serialize/deserialize are not losses.
NOT_A_HEAD_LOSS = {"ctc", "CTC", "Loss", "Reduction", "get", "serialize", "deserialize"}


def public_losses():
    for name in sorted(dir(keras.losses)):
        if name.startswith("_") or name in NOT_A_HEAD_LOSS:
            continue
        obj = getattr(keras.losses, name)
        yield name, (obj() if isinstance(obj, type) else obj)
        if not isinstance(obj, type) and _keras_accepts(name):  # the name as a string, where compile() takes it
            yield f"'{name}'", name


def _keras_accepts(name):
    try:
        keras.losses.get(name)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("label,loss", list(public_losses()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_builtin_loss_with_a_matching_head_is_silent(label, loss):
    from kerasdoctor.facts.losses import loss_facts

    kind = loss_facts(loss).kind
    assert kind in CORRECT, f"{label} ({kind}) has no correct head in this test"
    units, activation, y = CORRECT[kind]
    report = kd.check(head(units, activation, loss), X, y)
    assert report.findings == [], report.render_text()


# ---- the generator's KD901 fix, pasted, brings no KD901 of its own ------------------


@pytest.mark.filterwarnings("ignore:Your input ran out of data")  # Keras: a from_generator dataset has no length
@pytest.mark.parametrize(
    ("units", "activation", "loss"),
    [(5, "softmax", "sparse_categorical_crossentropy"), (1, "sigmoid", "binary_crossentropy"), (1, None, "mse")],
)
def test_the_generator_fix_pasted_is_checked_without_a_new_kd901(units, activation, loss):
    model = head(units, activation, loss)
    y = LABELS5 if units > 1 else (LABELS5 > 2).astype("float32")

    def batches():
        for i in range(0, 120, 12):
            yield X[i : i + 12], y[i : i + 12]

    report = kd.check(model, batches())
    assert report.codes == ["KD901"]
    fix = report.findings[0].fix
    assert fix.startswith("ds = tf.data.Dataset.from_generator(batches, output_signature=(")
    assert ("inspect_unsafe=True" in fix) == (loss != "mse")  # only the loss checks need the targets' values
    pasted = "\n".join(
        line.replace("kd.check(", "after = kd.check(") for line in fix.splitlines() if ".fit(" not in line
    )
    namespace = {"tf": tf, "kd": kd, "model": model, "batches": batches}
    exec(pasted, namespace)
    after = namespace["after"] if loss != "mse" else kd.check(model, namespace["ds"])
    assert after.findings == []
    with kd.installed(on_fail="return") as session:  # the fix's fit(ds), hooked: checked, nothing new
        model.fit(namespace["ds"], epochs=1, verbose=0)  # the dataset the fix builds trains
    assert session.report.findings == []


def test_a_generator_expression_gets_a_function_to_write():
    report = kd.check(
        head(5, "softmax", "sparse_categorical_crossentropy"),
        ((X[i : i + 12], LABELS5[i : i + 12]) for i in range(0, 120, 12)),
    )
    assert report.findings[0].fix.splitlines()[:2] == [
        "def make_batches():   # from_generator calls it for every pass over the data",
        "    return <your generator expression>",
    ]
