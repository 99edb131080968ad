"""Training under a real tf.distribute.MirroredStrategy over two logical CPU devices (tests/conftest.py).

Distributed datasets get the verdicts of the datasets they wrap; KD601 and KD602 are triggered for
real: each test lets fit() fail as it does without kerasdoctor and checks that the finding names that
error, then applies the fix and trains.
"""

import re

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd
from kerasdoctor.codes import distribution

pytestmark = [pytest.mark.tensorflow_backend, pytest.mark.distributed]

rng = np.random.default_rng(0)
X = rng.uniform(size=(64, 4)).astype("float32")
Y = (X.sum(axis=1) > 2).astype("float32")
STRATEGY = None


@pytest.fixture(scope="module")
def strategy():
    devices = tf.config.list_logical_devices("CPU")
    assert len(devices) >= 2, "tests/conftest.py gives the distributed tests two logical CPU devices"
    # Not the default collective all-reduce: two MirroredStrategy objects in one process that both run
    # collectives reuse instance keys, and the second one's first step fails with "Collective ops is
    # aborted by: Shape mismatch in the collective instance 100" (tensorflow/tensorflow#62790); the
    # KD6xx examples, run later in this process, make strategies of their own.
    return tf.distribute.MirroredStrategy(
        [d.name for d in devices[:2]], cross_device_ops=tf.distribute.ReductionToOneDevice()
    )


def classifier():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")], name="clf")
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def in_scope(strategy):
    with strategy.scope():
        return classifier()


def fit_error(call) -> str:
    with pytest.raises(Exception) as info:
        call()
    return str(info.value)


def slices():
    return tf.data.Dataset.from_tensor_slices((X, Y))


# ---- distributed datasets: the verdicts of the datasets they wrap -----------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: slices().batch(16),  # correct
        lambda: slices().batch(16).batch(2),  # KD103
        lambda: tf.data.Dataset.from_tensor_slices((X[:, :3], Y)).batch(16),  # KD104
        lambda: tf.data.Dataset.from_tensor_slices(X).batch(16),  # KD105: inputs only
        lambda: slices().batch(16).repeat(),  # KD108
    ],
    ids=["correct", "double-batched", "shape", "inputs-only", "infinite"],
)
def test_a_distributed_dataset_gets_the_verdict_of_the_dataset_it_wraps(strategy, make):
    model = in_scope(strategy)
    plain = kd.check(model, make())
    distributed = kd.check(model, strategy.experimental_distribute_dataset(make()))
    assert distributed.codes == plain.codes
    assert [f.message for f in distributed.findings] == [f.message for f in plain.findings]


def test_the_correct_distributed_call_of_the_issue_reports_nothing_and_trains(strategy):
    model = in_scope(strategy)
    ds = slices()
    dist_ds = strategy.experimental_distribute_dataset(ds.batch(16))
    report = kd.check(model, dist_ds)
    assert report.findings == []  # was KD105 "provides inputs only" and KD104 "examples in x have shape ()"
    assert model.fit(dist_ds, epochs=1, verbose=0).history["loss"]


def test_a_dataset_function_is_judged_per_replica_and_an_unbatched_one_is_kd101(strategy):
    model = in_scope(strategy)
    good = strategy.distribute_datasets_from_function(
        lambda context: slices().batch(context.get_per_replica_batch_size(16))
    )
    assert kd.check(model, good).findings == []
    unbatched = strategy.distribute_datasets_from_function(lambda context: slices())
    assert kd.check(model, unbatched).codes == ["KD101"]
    # what fit() does with it: the per-replica elements reach the model unbatched
    assert "Expected shape (None, 4), but input has incompatible shape (4,)" in fit_error(
        lambda: model.fit(unbatched, epochs=1, verbose=0)
    )


def test_an_unbatched_dataset_under_a_strategy_is_kd101_and_its_index_error_is_explained(strategy):
    model = in_scope(strategy)
    ds = slices()
    assert kd.check(model, ds).codes == ["KD101"]
    with kd.installed(on_fail="return"), pytest.raises(IndexError, match="list index out of range") as info:
        model.fit(ds, epochs=1, verbose=0)  # tf.distribute cannot find a batch to split
    assert any(note.startswith("kerasdoctor KD101 ") for note in info.value.__notes__)
    assert kd.explain(info.value).code == "KD101"


def test_targets_of_a_distributed_dataset_are_compared_with_the_loss(strategy):
    with strategy.scope():
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    onehot = keras.utils.to_categorical(rng.integers(0, 3, size=64), 3)
    ds = tf.data.Dataset.from_tensor_slices((X, onehot)).batch(16)
    assert kd.check(model, strategy.experimental_distribute_dataset(ds)).codes == ["KD203"]


def test_the_hooks_leave_a_seeded_distributed_run_unchanged(strategy):
    def train(hooked: bool):
        keras.utils.set_random_seed(1)
        model = in_scope(strategy)
        ds = strategy.experimental_distribute_dataset(
            slices().shuffle(64, seed=2, reshuffle_each_iteration=False).batch(16)
        )
        if hooked:
            with kd.installed(on_fail="return") as session:
                model.fit(ds, epochs=2, verbose=0)
            assert session.report.findings == []
        else:
            model.fit(ds, epochs=2, verbose=0)
        return model.get_weights()

    for without, with_hooks in zip(train(False), train(True)):
        np.testing.assert_array_equal(without, with_hooks)


# ---- KD601 variables-outside-strategy-scope ------------------------------------------------


def test_kd601_model_created_outside_the_scope_and_fitted_inside(strategy):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    with strategy.scope():
        model.compile(optimizer="adam", loss="binary_crossentropy")
        report = kd.check(model, X, Y)
        error = fit_error(lambda: model.fit(X, Y, epochs=1, verbose=0))
    assert report.codes == ["KD601"]
    assert distribution.ERROR_MODEL_OUTSIDE in error
    assert distribution.ERROR_MODEL_OUTSIDE in report.findings[0].message
    assert "was created outside `strategy.scope()`" in report.findings[0].message
    assert re.search(r"its 2 variables \([\w/]+/kernel, [\w/]+/bias\) are ordinary", report.findings[0].message)
    assert "with strategy.scope():\n    model = ..." in report.findings[0].fix


@pytest.mark.parametrize("how", ["compile-outside", "optimizer-object-outside"])
def test_kd601_optimizer_created_outside_the_scope(strategy, how):
    optimizer = keras.optimizers.Adam()
    with strategy.scope():
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
        if how == "optimizer-object-outside":
            model.compile(optimizer=optimizer, loss="binary_crossentropy")
    if how == "compile-outside":
        model.compile(optimizer="adam", loss="binary_crossentropy")
    report = kd.check(model, X, Y)
    assert report.codes == ["KD601"]
    assert "The optimizer of model" in report.findings[0].message
    error = fit_error(lambda: model.fit(X, Y, epochs=1, verbose=0))
    assert distribution.ERROR_MIXING in error and distribution.ERROR_MIXING in report.findings[0].message


def test_kd601_a_model_trained_and_saved_then_loaded_outside_the_scope(strategy, tmp_path):
    model = classifier()
    model.fit(X, Y, epochs=1, verbose=0)  # builds the optimizer's slot variables
    model.save(tmp_path / "clf.keras")
    loaded = keras.models.load_model(tmp_path / "clf.keras")
    with strategy.scope():
        report = kd.check(loaded, X, Y)
        with pytest.raises(AssertionError) as info:
            loaded.fit(X, Y, epochs=1, verbose=0)
    assert str(info.value) == ""  # a bare AssertionError: nothing to recognise, so the pre-fit check must say it
    assert report.codes == ["KD601"] and "AssertionError" in report.findings[0].message
    with strategy.scope():  # the fix: load inside the scope
        reloaded = keras.models.load_model(tmp_path / "clf.keras")
    assert kd.check(reloaded, X, Y).findings == []
    reloaded.fit(X, Y, epochs=1, verbose=0)


def test_kd601_a_distributed_dataset_fed_to_a_model_made_outside_every_strategy(strategy):
    model = classifier()
    dist_ds = strategy.experimental_distribute_dataset(slices().batch(16))
    report = kd.check(model, dist_ds)
    assert report.codes == ["KD601"]
    assert report.findings[0].message.startswith("x (dist_ds) is distributed by MirroredStrategy (2 replicas)")
    error = fit_error(lambda: model.fit(dist_ds, epochs=1, verbose=0))
    assert distribution.ERROR_NO_STRATEGY in error


@pytest.mark.parametrize("case", ["model-outside", "optimizer-outside", "no-strategy"])
def test_kd601_errors_are_explained_when_fit_raises(strategy, case):
    if case == "model-outside":
        model = classifier()
        call = lambda: model.fit(X, Y, epochs=1, verbose=0)  # noqa: E731
        scope = strategy.scope()
    elif case == "optimizer-outside":
        with strategy.scope():
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        call = lambda: model.fit(X, Y, epochs=1, verbose=0)  # noqa: E731
        scope = strategy.scope()
    else:
        model = classifier()
        dist_ds = strategy.experimental_distribute_dataset(slices().batch(16))
        call = lambda: model.fit(dist_ds, epochs=1, verbose=0)  # noqa: E731
        scope = tf.distribute.get_strategy().scope()
    with scope:
        with pytest.raises(Exception) as info:
            call()
    assert kd.explain(info.value).code == "KD601"  # from the message alone


def test_kd601_fix_applied_reports_nothing_and_trains(strategy):
    with strategy.scope():
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
    assert kd.check(model, X, Y).findings == []
    model.fit(X, Y, epochs=1, verbose=0)  # fit() may be called outside the scope


# ---- KD602 batch-not-divisible-by-replicas ----------------------------------------------------


@pytest.mark.filterwarnings("ignore:Your input ran out of data")  # Keras' notice on the fit() that fails on purpose
@pytest.mark.parametrize("batch", [15, 1], ids=["uneven", "fewer-than-replicas"])
def test_kd602_a_first_batch_the_replicas_do_not_divide(strategy, batch):
    model = in_scope(strategy)
    ds = slices().batch(batch)
    report = kd.check(model, ds)
    assert report.codes == ["KD602"]
    finding = report.findings[0]
    error = fit_error(lambda: model.fit(ds, epochs=1, verbose=0))
    assert "Inputs to operation AddN of type AddN must have the same size and shape" in error
    assert "Inputs to operation AddN of type AddN must have the same size and shape" in finding.message
    assert ("8, 7" in finding.message) if batch == 15 else ("1 of them gets no example" in finding.message)
    # the fix, pasted
    namespace = {"ds": ds, "strategy": strategy}
    exec(finding.fix, {}, namespace)
    fixed = namespace["ds"]
    assert kd.check(model, fixed).findings == []
    model.fit(fixed, epochs=1, verbose=0)


def test_kd602_batch_size_of_arrays_and_its_fix(strategy):
    model = in_scope(strategy)
    report = kd.check(model, X, Y, batch_size=15)
    assert report.codes == ["KD602"]
    assert "model.fit(..., batch_size=8 * strategy.num_replicas_in_sync)" in report.findings[0].fix
    assert "AddN" in fit_error(lambda: model.fit(X, Y, batch_size=15, epochs=1, verbose=0))
    assert kd.check(model, X, Y, batch_size=8 * strategy.num_replicas_in_sync).findings == []


class Batches(keras.utils.PyDataset):
    def __init__(self, size):
        super().__init__()
        self.size = size

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return X[: self.size], Y[: self.size]


def test_kd602_a_pydataset_whose_batch_0_the_replicas_do_not_divide(strategy):
    model = in_scope(strategy)
    report = kd.check(model, Batches(15))  # its batch 0, read as Keras reads it
    assert report.codes == ["KD602"]
    assert "AddN" in fit_error(lambda: model.fit(Batches(15), epochs=1, verbose=0))
    assert kd.check(model, Batches(16)).findings == []


def test_kd602_is_about_the_first_batch_only_a_last_batch_with_an_idle_replica_trains(strategy):
    model = in_scope(strategy)
    ds = tf.data.Dataset.from_tensor_slices((X[:21], Y[:21])).batch(10)  # the last batch: 1 example, 2 replicas
    assert kd.check(model, ds).findings == []
    model.fit(ds, epochs=2, verbose=0)
    assert all(np.isfinite(w).all() for w in model.get_weights())


def test_kd602_error_is_explained(strategy):
    model = in_scope(strategy)
    with kd.installed(on_fail="return"), pytest.raises(tf.errors.InvalidArgumentError) as info:
        model.fit(X, Y, batch_size=15, epochs=1, verbose=0)
    assert any(note.startswith("kerasdoctor KD602 ") for note in info.value.__notes__)
    assert "8 and 7 examples" in kd.explain(info.value).message


# ---- kd.params: memory per replica ------------------------------------------------------------


def test_params_says_each_replica_holds_a_whole_copy(strategy):
    model = in_scope(strategy)
    report = kd.params(model)
    spread = report.replication
    assert (spread.how, spread.copies, spread.unit, spread.split) == ("MirroredStrategy", 2, "replica", False)
    # what the replicas really hold: one component per device for every MirroredVariable
    components = [c for w in model.weights for c in w.value.values]
    held = sum(int(np.prod(c.shape)) * c.dtype.size for c in components)
    assert sum(spread.total.values()) == held and spread.per_copy == report.totals["bytes"]
    assert "Mirrored by MirroredStrategy over 2 replicas: each replica holds a whole copy" in str(report)
    assert report.to_dict()["replication"]["copies"] == 2
    assert kd.params(classifier()).replication is None


def test_kd601_model_outside_compiled_inside_and_fitted_outside(strategy):
    """Found trying it as a user: fit() outside the scope, so no strategy runs it, yet the optimizer is
    the strategy's (compile() was inside)."""
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    with strategy.scope():
        model.compile(optimizer="adam", loss="binary_crossentropy")
    report = kd.check(model, X, Y)
    assert report.codes == ["KD601"]
    assert "but compiled inside it" in report.findings[0].message
    with kd.installed(on_fail="return"), pytest.raises(RuntimeError) as info:
        model.fit(X, Y, epochs=1, verbose=0)
    assert distribution.ERROR_OUTSIDE_SCOPE in str(info.value)
    assert distribution.ERROR_OUTSIDE_SCOPE in report.findings[0].message
    assert any(note.startswith("kerasdoctor KD601 ") for note in info.value.__notes__)


def test_kerasdoctor_run_explains_an_unbatched_dataset_distributed_outside_fit(tmp_path, capsys):
    """`experimental_distribute_dataset` of an unbatched dataset raises in the script itself, before any
    fit(): the runner explains the script's uncaught error from its message (KD101)."""
    from kerasdoctor.cli import main

    script = tmp_path / "distribute_unbatched.py"
    script.write_text(
        "import numpy as np\nimport tensorflow as tf\n"
        "strategy = tf.distribute.MirroredStrategy(['/cpu:0', '/cpu:1'])\n"
        "ds = tf.data.Dataset.from_tensor_slices((np.zeros((8, 4), 'float32'), np.zeros(8, 'float32')))\n"
        "dist_ds = strategy.experimental_distribute_dataset(ds)\n"
    )
    assert main(["run", str(script), "--no-lint"]) == 1
    err = capsys.readouterr().err
    assert "IndexError: list index out of range" in err
    assert "kerasdoctor KD101 unbatched-dataset: tf.distribute could not split the dataset" in err
