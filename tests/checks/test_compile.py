"""KD201 missing-loss, KD202 not-compiled, KD900 check-crashed: real Keras models."""

import numpy as np
import pytest
from tensorflow import keras

import kerasdoctor as kd
from kerasdoctor.checks import Skip, run_checks

pytestmark = pytest.mark.backend_independent  # CI runs these again under KERAS_BACKEND=jax

X = np.random.default_rng(1).uniform(size=(64, 75)).astype("float32")
Y = np.zeros(64, "float32")


def api_model():
    inputs = keras.layers.Input(shape=(75,))
    outputs = keras.layers.Activation("relu")(keras.layers.Dense(1)(inputs))
    return keras.Model(inputs=inputs, outputs=outputs, name="test_model")


def test_seed_compile_without_loss_is_kd201():
    api_model_ = api_model()
    api_model_.compile()
    report = kd.check(api_model_, X, Y)
    assert report.codes == ["KD201"]
    assert report.findings[0].fix.startswith("api_model_.compile(")


def test_compile_with_loss_is_clean():
    model = api_model()
    model.compile(optimizer="adam", loss="mse")
    assert kd.check(model, X, Y).findings == []


class PenaltyLayer(keras.layers.Layer):
    def call(self, x):
        self.add_loss(keras.ops.mean(keras.ops.square(x)))
        return x


def test_add_loss_counts_as_a_loss():
    inputs = keras.Input((75,))
    model = keras.Model(inputs, PenaltyLayer()(keras.layers.Dense(1)(inputs)))
    model.compile(optimizer="adam")
    assert kd.check(model, X).findings == []
    model.fit(X, epochs=1, verbose=0, batch_size=32)  # Keras agrees: it trains


class OwnLoss(keras.Model):
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        return keras.ops.mean(keras.ops.square(y_pred))


def test_overridden_compute_loss_is_skipped_with_reason():
    inputs = keras.Input((75,))
    model = OwnLoss(inputs, keras.layers.Dense(1)(inputs))
    model.compile(optimizer="adam")
    report = kd.check(model, X)
    assert "KD201" not in report.codes
    assert any("compute_loss" in s.reason for s in report.skipped)


def test_not_compiled_is_kd202():
    model = api_model()
    report = kd.check(model, X, Y)
    assert report.codes == ["KD202"]


def test_non_model_gets_a_clear_message():
    import pytest

    with pytest.raises(TypeError, match="kd.check expected a keras.Model as its first argument, got list"):
        kd.check([1, 2, 3], X, Y)


def test_a_check_that_raises_becomes_kd900_and_the_others_run():
    def broken_check(ctx):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    def skipped_check(ctx):
        raise Skip("does not apply")
        yield  # pragma: no cover

    def fine_check(ctx):
        return iter(())

    report = run_checks([("broken", broken_check), ("skipped", skipped_check), ("fine", fine_check)], None, "t")
    assert report.codes == ["KD900"]
    assert "RuntimeError: boom" in report.findings[0].detail
    assert report.passed == ["fine"] and report.skipped[0].reason == "does not apply"


def test_an_internal_error_inside_kd_check_becomes_kd900():
    # A PyDataset whose num_batches raises: fact gathering fails inside kerasdoctor,
    # the user's program goes on and the report says what happened.
    class Exploding(keras.utils.PyDataset):
        @property
        def num_batches(self):
            raise OSError("disk went away")

        def __getitem__(self, i):
            return X[:8], Y[:8]

    model = api_model()
    model.compile(optimizer="adam", loss="mse")
    report = kd.check(model, Exploding())
    assert report.codes == ["KD900"]
    assert "disk went away" in report.findings[0].message


def test_a_bad_on_fail_is_refused_before_any_check_runs():
    import pytest

    class Counting(keras.utils.PyDataset):
        reads = 0

        def __len__(self):
            return 2

        def __getitem__(self, i):
            Counting.reads += 1
            return X[:8], Y[:8]

    model = api_model()
    model.compile(optimizer="adam", loss="mse")
    with pytest.raises(ValueError, match="on_fail must be"):
        kd.check(model, Counting(), on_fail="raise!")
    assert Counting.reads == 0
    with pytest.raises(ValueError, match="on_fail must be"):
        kd.check_cv(None, X, Y, on_fail="loud")
