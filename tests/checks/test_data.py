"""KD101-KD108 and KD901: bad and good cases with real Keras models and tf.data pipelines."""

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd

pytestmark = pytest.mark.backend_independent  # CI runs these again under KERAS_BACKEND=jax

rng = np.random.default_rng(0)
X = rng.uniform(size=(1000, 75)).astype("float32")
Y = rng.uniform(size=(1000,)).astype("float32")


def dense_model(shape=(75,), loss="mse"):
    inputs = keras.Input(shape=shape)
    outputs = keras.layers.Activation("relu")(keras.layers.Dense(1)(inputs))
    model = keras.Model(inputs, outputs, name="test_model")
    model.compile(optimizer="adam", loss=loss)
    return model


def two_input_model():
    age = keras.Input((1,), name="age")
    income = keras.Input((3,), name="income")
    out = keras.layers.Dense(1)(keras.layers.Concatenate()([age, income]))
    model = keras.Model({"age": age, "income": income}, out)
    model.compile(optimizer="adam", loss="mse")
    return model


# ---- KD101 unbatched-dataset --------------------------------------------------


def test_seed_unassigned_batch_is_kd101():
    data = tf.data.Dataset.from_tensor_slices((X, Y))
    data.batch(batch_size=100, drop_remainder=True)
    report = kd.check(dense_model(), data, epochs=10)
    assert report.codes == ["KD101"]
    finding = report.findings[0]
    assert "(75,)" in finding.message and "(None, 75)" in finding.message
    assert "batch()" in finding.message
    assert finding.fix == "data = data.batch(32)"


USER_BATCH = """
import numpy as np, tensorflow as tf, keras, kerasdoctor as kd
BATCH_SIZE = 16
x, y = np.zeros((64, 75), "float32"), np.zeros(64, "float32")
ds = tf.data.Dataset.from_tensor_slices((x, y))
ds.batch(BATCH_SIZE)
model = keras.Sequential([keras.Input((75,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
report = kd.check(model, ds)
"""


def test_the_runtime_and_the_lint_fix_keep_the_users_batch_size():
    namespace = {}
    exec(compile(USER_BATCH, "train.py", "exec"), namespace)
    assert namespace["report"].findings[0].fix == "ds = ds.batch(BATCH_SIZE)"
    assert [f.fix for f in kd.lint(USER_BATCH).findings] == ["ds = ds.batch(BATCH_SIZE)"]


def test_one_feature_unbatched_dataset_is_kd101_although_keras_trains_it():
    x1 = X[:, :1]
    ds = tf.data.Dataset.from_tensor_slices((x1, Y))
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    assert kd.check(model, ds).codes == ["KD101"]
    # the silent failure is real: Keras trains one example per step
    history = model.fit(ds.take(10), epochs=1, verbose=0)
    assert "loss" in history.history


def test_batched_dataset_is_clean():
    data = tf.data.Dataset.from_tensor_slices((X, Y)).batch(100, drop_remainder=True)
    report = kd.check(dense_model(), data, epochs=1)
    assert report.findings == [] and report.ok
    assert "input-shapes(x)" in report.passed


def test_batched_scalar_feature_for_one_unit_input_is_clean():
    # Keras expands (None,) to (None, 1) for Input((1,)): not a mistake
    ds = tf.data.Dataset.from_tensor_slices((X[:, 0], Y)).batch(100, drop_remainder=True)
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    assert kd.check(model, ds).findings == []
    model.fit(ds, epochs=1, verbose=0)


# ---- KD103 double-batched-dataset ----------------------------------------------


def test_double_batched_dataset_is_kd103():
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(10).batch(10)
    report = kd.check(dense_model(), ds)
    assert report.codes == ["KD103"]
    assert "unbatch()" in report.findings[0].fix


def test_the_targets_of_a_double_batched_dataset_are_not_judged_as_batches():
    labels = np.arange(len(X)) % 2
    ds = tf.data.Dataset.from_tensor_slices((X, labels)).shuffle(1000).batch(16).batch(4)  # (4, 16) targets
    model = dense_model(loss="binary_crossentropy")
    report = kd.check(model, ds)
    assert report.codes == ["KD103"]
    assert any(s.check == "targets(x)" and "batches of batches" in s.reason for s in report.skipped)


def test_single_batched_dataset_is_not_kd103():
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(10)
    assert "KD103" not in kd.check(dense_model(), ds).codes


# ---- KD104 input-shape-mismatch ------------------------------------------------


def test_array_with_wrong_feature_count_is_kd104():
    report = kd.check(dense_model(), X[:, :74], Y)
    assert report.codes == ["KD104"]
    assert "(74,)" in report.findings[0].message and "(75,)" in report.findings[0].message


def test_flat_images_to_image_input_is_kd104_with_reshape_fix():
    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    flat = np.zeros((8, 784), "float32")
    report = kd.check(model, flat, np.zeros(8))
    assert report.codes == ["KD104"]
    assert report.findings[0].fix == "flat = flat.reshape((-1, 28, 28, 1))"


def test_validation_data_shape_is_checked():
    report = kd.check(dense_model(), X, Y, validation_data=(X[:, :70], Y))
    assert report.codes == ["KD104"]
    assert report.findings[0].location.startswith("validation_data")


def test_validation_dataset_unbatched_is_kd101():
    val = tf.data.Dataset.from_tensor_slices((X[:100], Y[:100]))
    report = kd.check(dense_model(), X, Y, validation_data=val)
    assert report.codes == ["KD101"] and report.findings[0].location.startswith("validation_data")


def test_matching_arrays_are_clean():
    assert kd.check(dense_model(), X, Y, batch_size=32, validation_data=(X, Y)).findings == []


def test_named_input_is_checked_per_input():
    ds = tf.data.Dataset.from_tensor_slices(({"age": X[:, :1], "income": X[:, :4]}, Y)).batch(8)
    report = kd.check(two_input_model(), ds)
    assert report.codes == ["KD104"]
    assert "'income'" in report.findings[0].message and "(4,)" in report.findings[0].message


# ---- KD105 input-structure-mismatch --------------------------------------------


def test_dict_keys_that_are_not_input_names_are_kd105():
    ds = tf.data.Dataset.from_tensor_slices(({"Age": X[:, :1], "Income": X[:, :3]}, Y)).batch(8)
    report = kd.check(two_input_model(), ds)
    assert report.codes == ["KD105"]
    assert "'age'" in report.findings[0].message and "'Age'" in report.findings[0].message


def test_one_array_for_two_inputs_is_kd105():
    assert kd.check(two_input_model(), X, Y).codes == ["KD105"]


def test_dataset_of_features_only_with_a_loss_is_kd105():
    ds = tf.data.Dataset.from_tensor_slices(X).batch(10)
    report = kd.check(dense_model(), ds)
    assert report.codes == ["KD105"]
    assert "targets" in report.findings[0].message


def test_matching_dict_is_clean():
    ds = tf.data.Dataset.from_tensor_slices(({"age": X[:, :1], "income": X[:, :3]}, Y)).batch(8)
    model = two_input_model()
    assert kd.check(model, ds).findings == []
    model.fit(ds.take(2), verbose=0)


# ---- KD106 batch-size-ignored ---------------------------------------------------


def test_batch_size_with_dataset_is_kd106():
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(100)
    report = kd.check(dense_model(), ds, batch_size=32)
    assert report.codes == ["KD106"]
    assert report.findings[0].severity is kd.Severity.WARNING
    # already batched: the fix drops batch_size, it does not batch again
    assert report.findings[0].fix.startswith("model.fit(ds, ...)   # without batch_size=32")


def test_batch_size_with_unbatched_dataset_suggests_that_batch_size():
    ds = tf.data.Dataset.from_tensor_slices((X, Y))
    report = kd.check(dense_model(), ds, batch_size=64)
    assert sorted(report.codes) == ["KD101", "KD106"]
    assert [f.fix for f in report.findings if f.code == "KD101"] == ["ds = ds.batch(64)"]


def test_batch_size_with_arrays_is_clean():
    assert kd.check(dense_model(), X, Y, batch_size=32).findings == []


# ---- KD107 empty-dataset ---------------------------------------------------------


def test_drop_remainder_with_too_few_examples_is_kd107():
    ds = tf.data.Dataset.from_tensor_slices((X[:50], Y[:50])).batch(64, drop_remainder=True)
    report = kd.check(dense_model(), ds)
    assert report.codes == ["KD107"]
    assert "without drop_remainder=True" in report.findings[0].fix


def test_empty_arrays_are_kd107():
    assert kd.check(dense_model(), X[:0], Y[:0]).codes == ["KD107"]


def test_small_dataset_without_drop_remainder_is_clean():
    ds = tf.data.Dataset.from_tensor_slices((X[:50], Y[:50])).batch(64)
    assert kd.check(dense_model(), ds).findings == []


# ---- KD108 infinite-dataset-without-steps ----------------------------------------


def test_repeat_without_steps_is_kd108():
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(32).repeat()
    assert kd.check(dense_model(), ds, epochs=3).codes == ["KD108"]


def test_infinite_validation_without_validation_steps_is_kd108():
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(32)
    report = kd.check(dense_model(), ds, validation_data=ds.repeat())
    assert report.codes == ["KD108"] and "validation_steps" in report.findings[0].message


def test_repeat_with_steps_is_clean():
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(32).repeat()
    assert kd.check(dense_model(), ds, steps_per_epoch=10).findings == []


def test_filter_makes_size_unknown_and_is_skipped_not_flagged():
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).filter(lambda a, b: b > 0.5).batch(32)
    report = kd.check(dense_model(), ds)
    assert report.findings == []
    assert any(s.check == "size(x)" and "unknown" in s.reason for s in report.skipped)


# ---- KD901 not-inspected, and nothing is consumed ------------------------------------


class CountingSource:
    """A real Python generator factory that counts the elements it has produced."""

    def __init__(self, n=40):
        self.n, self.pulled = n, 0

    def __call__(self):
        for i in range(self.n):
            self.pulled += 1
            yield X[i], Y[i]


def test_python_generator_is_kd901_and_not_consumed():
    source = CountingSource()
    gen = source()
    report = kd.check(dense_model(), gen, steps_per_epoch=5)
    assert report.codes == ["KD901"]
    assert source.pulled == 0
    assert len(list(gen)) == 40  # every element is still there


def test_from_generator_dataset_is_checked_from_its_signature_without_pulling():
    source = CountingSource()
    signature = (tf.TensorSpec((75,), tf.float32), tf.TensorSpec((), tf.float32))
    ds = tf.data.Dataset.from_generator(source, output_signature=signature)
    before = sum(1 for _ in ds)
    source.pulled = 0
    report = kd.check(dense_model(), ds)
    assert report.codes == ["KD101"]  # unbatched, seen from element_spec alone
    assert source.pulled == 0
    # a cross-entropy loss would like to read the targets: still nothing is pulled
    report = kd.check(dense_model(loss="binary_crossentropy"), ds)
    assert "KD901" in report.codes and "from_generator" in report.findings[-1].message
    assert source.pulled == 0
    assert sum(1 for _ in ds) == before == 40


class Batches(keras.utils.PyDataset):
    def __init__(self, n_batches, features=75, **kwargs):
        super().__init__(**kwargs)
        self.n_batches, self.features = n_batches, features

    def __len__(self):
        return self.n_batches

    def __getitem__(self, i):
        return X[i * 10 : (i + 1) * 10, : self.features], Y[i * 10 : (i + 1) * 10]


def test_pydataset_shapes_are_checked():
    assert kd.check(dense_model(), Batches(5, features=70)).codes == ["KD104"]
    assert kd.check(dense_model(), Batches(5)).findings == []
    assert kd.check(dense_model(), Batches(0)).codes == ["KD107"]
    assert kd.check(dense_model(), Batches(5), batch_size=10).codes == ["KD106"]


# ---- KD401 unbuilt-model: only where no input can be inferred ------------------------


class Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(1)

    def call(self, x):
        return self.dense(x)


@pytest.mark.parametrize("make", [Subclassed, lambda: keras.Sequential([keras.layers.Dense(1)])])
def test_a_model_without_input_is_checked_on_a_build_for_the_data(make):
    model = make()
    model.compile(optimizer="adam", loss="mse")
    report = kd.check(model, tf.data.Dataset.from_tensor_slices((X, Y)))  # batch() forgotten
    assert report.codes == ["KD101"]
    assert "(75,)" in report.findings[0].message and "built for the data" in report.findings[0].where
    assert kd.check(model, tf.data.Dataset.from_tensor_slices((X, Y)).batch(32)).findings == []
    assert not model.built and model.weights == []


@pytest.mark.parametrize("make", [Subclassed, lambda: keras.Sequential([keras.layers.Dense(1)])])
def test_kd401_when_no_input_can_be_inferred_lists_the_checks_it_skipped(make):
    def batches():
        while True:
            yield X[:8], Y[:8]

    model = make()
    model.compile(optimizer="adam", loss="mse")
    report = kd.check(model, batches(), steps_per_epoch=2)
    assert report.codes == ["KD901", "KD401"]
    kd401 = report.findings[1]
    skipped = [s.check for s in report.skipped if "KD401" in s.reason]
    assert skipped and all(name in kd401.message for name in skipped)
    assert "x was not inspected" in kd401.message


def test_a_sequential_with_input_is_checked_from_its_inputs():
    model = keras.Sequential([keras.Input((75,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    assert kd.check(model, X, Y).findings == []


# ---- KD109 sample-count-mismatch, KD117 non-integer-count ----------------------------


def test_x_and_y_of_different_lengths_are_kd109_with_the_users_names():
    x_train, y = X[:800], Y  # 800 examples, 1000 labels
    report = kd.check(dense_model(), x_train, y)
    assert report.codes == ["KD109"]
    finding = report.findings[0]
    assert "x_train has 800, y has 1000" in finding.message and "Data cardinality is ambiguous" in finding.message
    assert "y = y[:len(x_train)]" in finding.fix
    with pytest.raises(ValueError, match="Data cardinality is ambiguous"):
        dense_model().fit(x_train, y, epochs=1, verbose=0)
    y = y[: len(x_train)]  # the fix, applied
    assert kd.check(dense_model(), x_train, y).findings == []


def test_sample_weight_and_validation_parts_are_counted_too():
    weights = np.ones(500)
    report = kd.check(dense_model(), X, Y, sample_weight=weights)
    assert report.codes == ["KD109"] and "weights has 500" in report.findings[0].message
    assert "X = X[:len(weights)]" in report.findings[0].fix  # the weights in the user's name
    x_val, y_val = X[:100], Y[:90]
    report = kd.check(dense_model(), X, Y, validation_data=(x_val, y_val))
    assert report.codes == ["KD109"] and report.findings[0].where == "validation_data"
    assert "x_val has 100, y_val has 90" in report.findings[0].message


def test_labels_of_another_split_are_kd109_with_the_split_the_user_already_has():
    X_test, y_train, y_test = X[800:], Y[:800], Y[800:]
    model = dense_model()
    report = kd.check(model, X_test, y_train, call="evaluate")
    assert report.codes == ["KD109"]
    finding = report.findings[0]
    assert "y_train is named for another split than X_test: pass y_test in its place, which has 200 rows" in (
        finding.message
    )
    assert finding.fix == "model.evaluate(X_test, y_test)"
    with pytest.raises(ValueError, match="Data cardinality is ambiguous"):
        model.evaluate(X_test, y_train, verbose=0)
    assert kd.check(model, X_test, y_test, call="evaluate").findings == []  # the fix, applied


def test_validation_parts_of_another_split_are_named_for_validation_data():
    x_train, y_train, x_val, y_val = X[:800], Y[:800], X[800:], Y[800:]
    w_train, w_val = np.ones(800, "float32"), np.ones(200, "float32")
    model = dense_model()
    report = kd.check(model, x_train, y_train, validation_data=(x_val, y_train, w_train))
    assert report.codes == ["KD109"]
    finding = report.findings[0]
    assert finding.message.startswith("The arrays of validation_data must hold the same examples")
    assert "y_train and w_train are named for another split than x_val: pass y_val and w_val in their place" in (
        finding.message
    )
    assert finding.fix == "validation_data=(x_val, y_val, w_val),   # in model.fit(...)"
    report = kd.check(model, x_train, y_train, validation_data=(x_val, y_val, w_val))  # the fix, applied
    assert report.findings == []


def test_a_split_name_without_a_variable_of_the_right_length_keeps_the_cut():
    x_test, y_train = X[:100], Y  # no y_test here
    report = kd.check(dense_model(), x_test, y_train, call="evaluate")
    assert report.codes == ["KD109"] and "y_train = y_train[:len(x_test)]" in report.findings[0].fix


def test_python_lists_of_numbers_are_kd111_because_keras_3_refuses_them():
    model = dense_model(shape=(4,))
    # Keras 3 flattens a list as a structure down to its numbers: "Unrecognized data type", for x, y and weights
    for call in (
        lambda: model.predict([[5.1, 3.5, 1.4, 0.2]], verbose=0),
        lambda: model.fit(X[:4, :4], Y[:4].tolist(), verbose=0),
        lambda: model.fit(X[:4, :4], Y[:4], sample_weight=[1.0] * 4, verbose=0),
    ):
        with pytest.raises(ValueError, match="Unrecognized data type"):
            call()
    report = kd.check(model, [[5.1, 3.5, 1.4, 0.2]], call="predict")
    assert report.codes == ["KD111"]
    finding = report.findings[0]
    assert finding.message.startswith("x is a Python list (1 row of 4 numbers), which Keras 3 does not convert")
    assert finding.fix == "model.predict(np.array([[5.1, 3.5, 1.4, 0.2]]))"
    assert kd.check(model, np.array([[5.1, 3.5, 1.4, 0.2]]), call="predict").findings == []  # the fix, applied

    features, labels = X[:4, :4], Y[:4].tolist()
    report = kd.check(model, features, labels)
    assert report.codes == ["KD111"] and report.findings[0].fix == "labels = np.array(labels)"
    assert "labels is a Python list (4 numbers)" in report.findings[0].message
    labels = np.array(labels)
    assert kd.check(model, features, labels).findings == []


def test_a_list_of_arrays_one_per_input_is_not_a_python_list_of_numbers():
    report = kd.check(two_input_model(), [X[:100, :1], X[:100, :3]], Y[:100])
    assert "KD111" not in report.codes


def test_inputs_of_a_multi_input_model_are_counted_against_each_other():
    data = {"age": X[:100, :1], "income": X[:90, :3]}
    report = kd.check(two_input_model(), data, Y[:100])
    assert "KD109" in report.codes
    assert "data['income'] has 90" in report.findings[report.codes.index("KD109")].message


def test_a_float_steps_per_epoch_is_kd117_before_keras_fails():
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(32).repeat()
    steps = len(X) / 32
    report = kd.check(dense_model(), ds, steps_per_epoch=steps)
    assert report.codes == ["KD117"]
    assert "steps_per_epoch=31.25" in report.findings[0].message and report.findings[0].fix.startswith(
        "steps_per_epoch=32"
    )
    with pytest.raises(TypeError, match="'float' object cannot be interpreted as an integer"):
        dense_model().fit(ds, steps_per_epoch=steps, epochs=1, verbose=0)
    assert kd.check(dense_model(), ds, steps_per_epoch=32).findings == []


# ---- predict() and evaluate() ----------------------------------------------------------------


@pytest.mark.tensorflow_backend  # the TensorFlow backend's errors (JAX raises others, or none)
def test_a_single_image_passed_to_predict_is_kd101_with_the_batch_axis_fix():
    cnn = keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Conv2D(4, 3), keras.layers.Flatten(), keras.layers.Dense(10)]
    )
    image = rng.random((28, 28, 1), dtype="float32")
    report = kd.check(cnn, image, call="predict")  # predict() needs neither compile() nor targets
    assert report.codes == ["KD101"] and report.title.endswith("predict()")
    assert report.findings[0].fix.startswith("cnn.predict(image[None])")
    with pytest.raises(ValueError, match="Negative dimension size"):
        cnn.predict(image, verbose=0)
    assert kd.check(cnn, image[None], call="predict").findings == []


def test_a_row_in_brackets_is_a_list_of_inputs_not_a_batch():
    row = X[0]
    report = kd.check(dense_model(), [row], call="predict")
    assert report.codes == ["KD101"] and "model.predict(row[None])" in report.findings[0].fix
    assert kd.check(dense_model(), row[None], call="predict").findings == []


def test_evaluate_checks_targets_and_compile_predict_does_not():
    model = keras.Sequential([keras.Input((75,)), keras.layers.Dense(3, activation="softmax")])
    labels = np.arange(len(X)) % 3
    assert kd.check(model, X, call="predict").findings == []
    assert kd.check(model, X, labels, call="evaluate").codes == ["KD202"]
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    assert kd.check(model, X, labels, call="evaluate").codes == ["KD204"]
    with pytest.raises(ValueError, match="call must be"):
        kd.check(model, X, call="train")
