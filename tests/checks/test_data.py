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


# ---- KD401 unbuilt-model -----------------------------------------------------------


class Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(1)

    def call(self, x):
        return self.dense(x)


@pytest.mark.parametrize("make", [Subclassed, lambda: keras.Sequential([keras.layers.Dense(1)])])
def test_model_without_known_inputs_is_kd401_and_shape_checks_are_skipped(make):
    model = make()
    model.compile(optimizer="adam", loss="mse")
    report = kd.check(model, tf.data.Dataset.from_tensor_slices((X, Y)))
    assert report.codes == ["KD401"] and report.ok
    assert any(s.check == "input-shapes(x)" and "KD401" in s.reason for s in report.skipped)


def test_built_subclassed_model_is_still_unknown_but_sequential_with_input_is_checked():
    model = keras.Sequential([keras.Input((75,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    assert kd.check(model, X, Y).findings == []
