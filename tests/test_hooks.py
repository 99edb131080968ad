"""kd.install(): checks before every real Keras fit(), exact uninstall, strict mode, fast-dev-run caps."""

import linecache
import warnings

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd
from kerasdoctor import hooks

pytestmark = pytest.mark.backend_independent  # CI runs these again under KERAS_BACKEND=jax

rng = np.random.default_rng(0)
X1 = rng.uniform(size=(40, 1)).astype("float32")
Y = rng.uniform(size=(40,)).astype("float32")


@pytest.fixture(autouse=True)
def no_hooks_left():
    yield
    kd.uninstall()


def sequential():
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def functional():
    inputs = keras.Input((1,), name="feature")
    model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
    model.compile(optimizer="sgd", loss="mse")
    return model


class Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(1)

    def call(self, x):
        return self.dense(x)


class CountBatches(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.per_epoch = []

    def on_epoch_begin(self, epoch, logs=None):
        self.per_epoch.append(0)

    def on_train_batch_end(self, batch, logs=None):
        self.per_epoch[-1] += 1


def doctor_warnings(record):
    return [w for w in record if issubclass(w.category, kd.KerasDoctorWarning)]


def test_uninstall_restores_the_original_functions_exactly():
    originals = {name: getattr(keras.Model, name) for name in ("fit", "evaluate", "predict")}
    own = {name for name in originals if name in vars(keras.Model)}
    kd.install()
    assert all(getattr(keras.Model, name) is not fn for name, fn in originals.items())
    kd.uninstall()
    assert all(getattr(keras.Model, name) is fn for name, fn in originals.items())
    assert {name for name in originals if name in vars(keras.Model)} == own


def test_installing_twice_does_not_double_wrap():
    original = keras.Model.fit
    kd.install()
    wrapped = keras.Model.fit
    kd.install(strict=True)
    assert keras.Model.fit is wrapped and wrapped.__wrapped__ is original
    kd.uninstall()
    assert keras.Model.fit is original


def test_tf_keras_is_keras_3_so_one_hook_covers_it():
    assert tf.keras.Model is keras.Model
    kd.install()
    assert tf.keras.Model.fit is keras.Model.fit and hasattr(tf.keras.Sequential.fit, "__kerasdoctor_hook__")


@pytest.mark.parametrize("build", [sequential, functional])
def test_each_distinct_problem_is_reported_once_before_fit(build):
    model = build()
    ds = tf.data.Dataset.from_tensor_slices((X1, Y))  # unbatched: KD101, which Keras trains silently
    with kd.installed() as session, warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        model.fit(ds.take(4), epochs=1, verbose=0)
        model.fit(ds.take(4), epochs=1, verbose=0)
    found = doctor_warnings(record)
    assert len(found) == 1 and "KD101" in str(found[0].message)
    assert found[0].filename == __file__  # the warning points at the user's fit() line
    assert linecache.getline(__file__, found[0].lineno).strip() == "model.fit(ds.take(4), epochs=1, verbose=0)"
    assert session.report.codes == ["KD101"] and session.calls == 2


def test_subclassed_model_is_checked_too():
    model = Subclassed()  # never compiled
    with kd.installed(on_fail="return") as session:
        with pytest.raises(ValueError, match="compile"):
            model.fit(X1, Y, epochs=1, verbose=0)
    assert "KD202" in session.report.codes


def test_correct_fit_trains_without_findings():
    model = functional()
    with kd.installed() as session, warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        history = model.fit(X1, Y, batch_size=8, epochs=2, verbose=0)
    assert doctor_warnings(record) == [] and session.report.findings == []
    assert len(history.history["loss"]) == 2


def test_strict_raises_before_training():
    model = sequential()
    ds = tf.data.Dataset.from_tensor_slices((X1, Y))
    with kd.installed(strict=True, on_fail="return") as session:
        with pytest.raises(kd.KerasDoctorError) as raised:
            model.fit(ds, epochs=1, verbose=0)
    assert raised.value.report.codes == ["KD101"]
    assert int(model.optimizer.iterations.numpy()) == 0 and session.trained == 0


def test_strict_shows_each_finding_once_and_one_frame_of_ours(recwarn):
    import traceback

    model = sequential()
    ds = tf.data.Dataset.from_tensor_slices((X1, Y))
    with kd.installed(strict=True) as session:  # on_fail="warn"
        with pytest.raises(kd.KerasDoctorError) as raised:
            model.fit(ds, epochs=1, verbose=0)
        hidden = [keras.Model.fit, hooks.wrapping._before]  # IPython leaves out frames with __tracebackhide__
        assert all("__tracebackhide__" in f.__code__.co_varnames for f in hidden)
    assert [w for w in recwarn if issubclass(w.category, kd.KerasDoctorWarning)] == []  # the error shows it
    assert "KD101" in str(raised.value) and session.report.codes == ["KD101"]
    frames = traceback.extract_tb(raised.value.__traceback__)
    ours = [f for f in frames if "kerasdoctor" in f.filename]
    assert [f.name for f in ours] == ["hooked"]  # the hooked method, nothing deeper


def test_a_crashing_hook_becomes_kd900_and_fit_goes_on(monkeypatch):
    def broken_check(call):
        raise ZeroDivisionError("a bug in kerasdoctor")

    fit_hook = next(h for h in hooks.HOOKS if h.method == "fit")
    table = [hooks.Hook(h.owner, h.method, check=broken_check, caps=True) if h is fit_hook else h for h in hooks.HOOKS]
    monkeypatch.setattr(hooks, "HOOKS", table)
    with kd.installed(on_fail="return") as session:
        history = functional().fit(X1, Y, epochs=1, verbose=0)
    assert session.report.codes == ["KD900"] and "ZeroDivisionError" in session.report.findings[0].message
    assert "loss" in history.history and session.trained == 1


def test_steps_and_epochs_caps_clip_arrays_and_datasets_and_return_a_real_history():
    counter = CountBatches()
    batched = tf.data.Dataset.from_tensor_slices((X1, Y)).batch(4)  # 10 batches
    with kd.installed(on_fail="return", epochs_cap=2, steps_cap=3):
        history = functional().fit(X1, Y, batch_size=4, epochs=5, verbose=0, callbacks=[counter])
        assert isinstance(history, keras.callbacks.History) and len(history.history["loss"]) == 2
        assert counter.per_epoch == [3, 3]
        functional().fit(batched, epochs=5, verbose=0, callbacks=[counter], validation_data=batched)
        assert counter.per_epoch == [3, 3]  # take(3) per epoch: no "ran out of data"
        functional().fit(X1, Y, batch_size=32, epochs=3, verbose=0, callbacks=[counter])
        assert counter.per_epoch == [2, 2]  # 40 examples hold 2 batches of 32: never more steps
        functional().fit(batched.repeat(), epochs=1, verbose=0, callbacks=[counter])
        assert counter.per_epoch == [3]  # an endless dataset ends after the cap


def test_install_rejects_bad_settings():
    with pytest.raises(ValueError, match="on_fail"):
        kd.install(on_fail="shout")
    with pytest.raises(ValueError, match="steps_cap"):
        kd.install(steps_cap=0)
    assert not hooks.is_installed()


def test_predict_and_evaluate_are_checked_before_they_run():
    model = sequential()
    image_model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
    image = np.zeros((4, 4, 1), "float32")
    with kd.installed(on_fail="return") as session:
        model.predict(X1, verbose=0)  # a batch: nothing to say
        with pytest.raises(ValueError):
            image_model.predict(image, verbose=0)
        model.evaluate(X1, Y, verbose=0)
    assert session.report.codes == ["KD101"]
    assert session.checked == {"Sequential.predict": 2, "Sequential.evaluate": 1}
    assert "image_model.predict(image[None])" in session.report.findings[0].fix
    with kd.installed(strict=True, on_fail="return"), pytest.raises(kd.KerasDoctorError):
        image_model.predict(image, verbose=0)  # strict: refused before it runs
