"""The hooks are a guest: a check leaves every random stream, every object and every library function as it
found it (issue 17). Each test reproduces what a check used to change, on real Keras and scikit-learn."""

import contextlib
import os
import pickle
import random
import subprocess
import sys
import weakref
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd
from kerasdoctor.facts.guest import held_generators, random_state_kept
from kerasdoctor.hooks import deferred

X = np.random.default_rng(0).random((16, 3)).astype("float32")
Y = X.sum(axis=1)


@pytest.fixture(autouse=True)
def no_hooks_left():
    yield
    kd.uninstall()


def regression():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


class GlobalNoise(keras.utils.PyDataset):
    """Augmentation with every global stream a user may draw from."""

    def __len__(self):
        return 2

    def __getitem__(self, index):
        noise = np.random.rand(8, 3) + random.random() + keras.random.uniform((8, 3)).numpy()
        noise = noise + tf.random.uniform((8, 3)).numpy()
        return (X[:8] + noise).astype("float32"), Y[:8]


class OwnGenerators(keras.utils.PyDataset):
    """Augmentation with generators the dataset holds: NumPy's, Python's, a Keras random layer's."""

    def __init__(self):
        super().__init__()
        self.rng = np.random.default_rng(7)
        self.legacy = np.random.RandomState(7)
        self.python = random.Random(7)
        self.augment = keras.Sequential([keras.layers.RandomTranslation(0.1, 0.1, seed=7)])

    def __len__(self):
        return 2

    def __getitem__(self, index):
        noise = self.rng.random((8, 3)) + self.legacy.rand(8, 3) + self.python.random()
        images = self.augment(np.ones((8, 4, 4, 1), "float32"), training=True).numpy()
        return (X[:8] + noise + images.mean()).astype("float32"), Y[:8]


def draws(ds=None):
    """The next numbers of every stream: the global ones, and those the dataset holds."""
    out = [np.random.rand(), random.random(), float(keras.random.uniform(())), float(tf.random.uniform(()))]
    if isinstance(ds, OwnGenerators):
        out += [
            ds.rng.random(),
            ds.legacy.rand(),
            ds.python.random(),
            float(ds.augment(np.ones((1, 4, 4, 1))).numpy().sum()),
        ]
    return out


@pytest.mark.parametrize("make", [GlobalNoise, OwnGenerators])
def test_reading_a_pydataset_leaves_every_random_stream_where_it_was(make):
    def run(check):
        keras.utils.set_random_seed(3)
        model, ds = regression(), make()
        if check:
            assert kd.check(model, ds).findings == []  # batch 0 was read: the shapes were checked
        return draws(ds)

    assert run(check=True) == run(check=False)


def test_a_seeded_fit_on_a_pydataset_trains_the_same_hooked():
    def train(hooked):
        keras.utils.set_random_seed(1)
        model = regression()
        ds = GlobalNoise()
        if hooked:
            kd.install(on_fail="return")
        history = model.fit(ds, epochs=2, verbose=0)
        kd.uninstall()
        return history.history["loss"], [w.numpy().tolist() for w in model.weights], np.random.rand()

    assert train(hooked=True) == train(hooked=False)


def test_the_walk_finds_generators_in_attributes_and_containers_and_stops():
    class Holder:
        def __init__(self):
            self.nested = {"a": [np.random.default_rng(1)]}
            self.names = [f"file_{i}.png" for i in range(100_000)]  # walked past, not name by name

    holder = Holder()
    assert held_generators([holder]) == [holder.nested["a"][0]]
    assert held_generators([np.zeros(3), "text", 3, None]) == []


def test_a_stream_that_cannot_be_put_back_is_no_error():
    with random_state_kept(random.SystemRandom()):
        random.random()


# ---- a model compiled without a loss is read, not run -------------------------------


class CountingPenalty(keras.layers.Layer):
    calls = 0

    def call(self, x):
        CountingPenalty.calls += 1
        self.add_loss(keras.ops.mean(keras.ops.square(x)))
        return x


class NoisyPenalty(keras.layers.Layer):
    """A sampling layer with its own seeded generator: every call draws."""

    def __init__(self):
        super().__init__()
        self.seed_generator = keras.random.SeedGenerator(5)

    def call(self, x):
        noise = keras.random.normal(keras.ops.shape(x), seed=self.seed_generator)
        penalize(self, x + noise)
        return x + noise


def penalize(layer, x):  # add_loss called from a helper of the user's, not from call() itself
    layer.add_loss(keras.ops.mean(keras.ops.square(x)))


def test_add_loss_is_seen_without_running_the_model():
    inputs = keras.Input((3,))
    model = keras.Model(inputs, CountingPenalty()(keras.layers.Dense(3)(inputs)))
    model.compile(optimizer="sgd")
    CountingPenalty.calls = 0
    assert kd.check(model, X).findings == []
    assert CountingPenalty.calls == 0


def test_a_sampling_layer_with_add_loss_trains_the_same_hooked():
    def train(hooked):
        keras.utils.set_random_seed(2)
        inputs = keras.Input((3,))
        model = keras.Model(inputs, NoisyPenalty()(keras.layers.Dense(3)(inputs)))
        model.compile(optimizer="sgd")
        if hooked:
            kd.install(on_fail="return")
        history = model.fit(X, epochs=2, batch_size=8, verbose=0)
        kd.uninstall()
        return history.history["loss"], [w.numpy().tolist() for w in model.weights]

    assert train(hooked=True) == train(hooked=False)


def test_the_other_sources_of_a_loss_count_and_their_absence_is_kd201():
    def model_with(layer):
        inputs = keras.Input((3,))
        model = keras.Model(inputs, layer(inputs))
        model.compile(optimizer="sgd")
        return model

    assert kd.check(model_with(keras.layers.Dense(1, activity_regularizer="l2")), X).findings == []
    assert kd.check(model_with(keras.layers.Dense(1, kernel_regularizer="l2")), X).findings == []
    assert kd.check(model_with(keras.layers.Dense(1)), X).codes == ["KD201"]

    class Penalised(keras.Model):  # subclassed and not built yet: its code is read all the same
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(1)

        def call(self, x):
            self.add_loss(keras.ops.sum(x))
            return self.dense(x)

    model = Penalised()
    model.compile(optimizer="sgd")
    assert "KD201" not in kd.check(model, X).codes


def test_a_string_input_compiled_without_a_loss_is_kd201_not_a_crash():
    inputs = keras.Input((1,), dtype="string")
    model = keras.Model(inputs, keras.layers.StringLookup(vocabulary=["a", "b"])(inputs))
    model.compile(optimizer="sgd")
    assert kd.check(model, np.array([["a"], ["b"]])).codes == ["KD201"]


# ---- hooked functions pickle as the library's own --------------------------------------


def test_hooked_functions_and_methods_pickle_and_unpickle_as_the_originals():
    from sklearn import model_selection

    originals = keras.Model.fit, model_selection.cross_val_score
    kd.install(on_fail="return")
    model = regression()
    for hooked in (keras.Model.fit, model_selection.cross_val_score):
        assert pickle.loads(pickle.dumps(hooked)) is hooked  # found where it is installed
    assert pickle.loads(pickle.dumps(model.fit)).__func__ is keras.Model.fit  # a copy of the model, hooked
    payload = pickle.dumps((keras.Model.fit, model_selection.cross_val_score))
    kd.uninstall()
    assert pickle.loads(payload) == originals  # where nothing is hooked: the originals


@pytest.mark.slow
def test_a_hooked_cross_val_score_runs_in_joblib_workers_and_a_process_pool():
    import multiprocessing

    from joblib import Parallel, delayed
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score  # imported after install: the hooked one

    features, labels = np.random.default_rng(0).random((40, 2)), np.array([0, 1] * 20)
    plain = cross_val_score(LogisticRegression(), features, labels, cv=4)
    kd.install(on_fail="return")
    from sklearn.model_selection import cross_val_score

    scores = Parallel(n_jobs=2)(delayed(cross_val_score)(LogisticRegression(), features, labels, cv=4) for _ in "ab")
    assert all(np.array_equal(s, plain) for s in scores)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        [score] = pool.starmap(cross_val_score, [(LogisticRegression(), features, labels)])
    assert np.array_equal(score, cross_val_score(LogisticRegression(), features, labels))


# ---- the fold audit: a cv read once, label values of any size -----------------------------


class SplitsOnce:
    """Hands its splits out once, without being an iterator (scikit-learn makes a list of it, once)."""

    def __init__(self, splits):
        self._splits = iter(splits)

    def __iter__(self):
        yield from self._splits


def test_a_cv_that_hands_out_its_splits_once_is_left_to_the_search():
    from sklearn import model_selection
    from sklearn.linear_model import LogisticRegression

    features, labels = np.random.default_rng(0).random((40, 2)), np.array([0, 1] * 20)
    splits = list(model_selection.KFold(4).split(features))
    plain = model_selection.cross_val_score(LogisticRegression(), features, labels, cv=SplitsOnce(splits))
    with kd.installed(on_fail="return") as session:
        hooked = model_selection.cross_val_score(LogisticRegression(), features, labels, cv=SplitsOnce(splits))
    assert np.array_equal(hooked, plain) and session.report.codes == ["KD901"]
    assert kd.audit_folds(LogisticRegression(), features, labels, cv=splits).n_folds == 4  # a list is read


def test_a_shuffling_splitter_with_a_random_state_object_splits_as_audited():
    from sklearn import model_selection
    from sklearn.linear_model import LogisticRegression

    features, labels = np.random.default_rng(0).random((40, 2)), np.array([0, 1] * 20)

    def folds(audit_first):
        cv = model_selection.KFold(4, shuffle=True, random_state=np.random.RandomState(3))
        if audit_first:
            kd.audit_folds(LogisticRegression(), features, labels, cv=cv)
        return [test.tolist() for _, test in cv.split(features)], np.random.rand()

    np.random.seed(0)
    plain = folds(audit_first=False)
    np.random.seed(0)
    assert folds(audit_first=True) == plain


@pytest.mark.parametrize("offset", [0, -5, 100_000_000, 10**12, 2**63 + 5])
def test_label_values_of_any_size_cost_what_their_number_costs(offset):
    from sklearn.linear_model import LogisticRegression

    dtype = np.uint64 if offset > 2**62 else np.int64
    labels = (np.array([0, 1] * 20, dtype=np.int64) + 0).astype(dtype) + dtype(offset)
    audit = kd.audit_folds(LogisticRegression(), np.zeros((40, 2)), labels, cv=4)
    assert audit.classes.tolist() == [offset, offset + 1] and audit.train_counts.tolist() == [[15] * 4] * 2
    assert audit.train_counts.nbytes < 1000  # two classes, four folds: no bin per value in between
    from kerasdoctor.facts.targets import target_facts

    assert target_facts(labels, "y").classes == (offset, offset + 1)


# ---- nothing of the user's is kept alive ---------------------------------------------------


def test_data_given_to_a_hooked_fit_dies_with_the_callers_del():
    def train_and_drop(on_fail):
        model = regression()
        kd.install(on_fail=on_fail)
        ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(4)
        alive = weakref.ref(ds)
        with pytest.warns(kd.KerasDoctorWarning) if on_fail == "warn" else contextlib.nullcontext():
            model.fit(ds, batch_size=4, verbose=0)  # KD106: its fix names `ds`, looked up in this frame
        kd.uninstall()
        del ds  # freed by its reference count, as without the hooks (no gc.collect: it is slow on a big heap)
        assert alive() is None
        ds = "a local read after the check still reads right"
        assert locals()["ds"] == ds

    train_and_drop("return")
    train_and_drop("warn")


# ---- install() imports nothing: a library is hooked when the program imports it ---------------


def test_a_library_imported_after_install_is_hooked_when_it_is_imported(tmp_path, monkeypatch):
    from kerasdoctor import hooks

    package = tmp_path / "late_library"
    package.mkdir()
    (package / "__init__.py").write_text("from .things import Thing\nTHING_BEFORE_INIT_ENDS = Thing.run\n")
    (package / "things.py").write_text("class Thing:\n    def run(self):\n        return 'ran'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    table = [*hooks.HOOKS, hooks.Hook("late_library:Thing", "run", explain=None)]
    monkeypatch.setattr(hooks, "HOOKS", table)
    kd.install(on_fail="return")
    assert "late_library" not in sys.modules  # install() imported nothing
    import late_library

    try:
        assert late_library.Thing.run.__kerasdoctor_hook__ is table[-1]  # hooked once the package has run,
        assert not hasattr(late_library.THING_BEFORE_INIT_ENDS, "__kerasdoctor_hook__")  # not while it ran
        assert late_library.Thing().run() == "ran"
        kd.uninstall()
        assert late_library.Thing.run is late_library.THING_BEFORE_INIT_ENDS
        assert deferred._finder not in sys.meta_path and not deferred._finder.waiting
    finally:
        sys.modules.pop("late_library", None)
        sys.modules.pop("late_library.things", None)


LATE_IMPORTS = """
import sys
import kerasdoctor as kd

def hooked(*functions):
    return [hasattr(f, "__kerasdoctor_hook__") for f in functions]

kd.install(on_fail="return")
print([name for name in ("keras", "tensorflow", "sklearn", "numpy") if name in sys.modules])
kd.uninstall()
from sklearn import model_selection
print(hooked(model_selection.cross_val_score))
kd.install(on_fail="return")
import keras
print(hooked(model_selection.cross_val_score, model_selection.GridSearchCV.fit, keras.Model.fit, keras.Model.predict))
"""


@pytest.mark.slow
def test_install_imports_neither_keras_nor_scikit_learn():
    # Importing Keras imports TensorFlow (seconds, hundreds of MB): a program that uses scikit-learn alone
    # must not pay it under `kerasdoctor run`. A fresh process: this one has imported both already.
    env = {**os.environ, "PYTHONPATH": str(Path(kd.__file__).parents[1]), "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, "-c", LATE_IMPORTS], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split("\n")[:3] == ["[]", "[False]", "[True, True, True, True]"]


# ---- installed or not: one state, whatever the order ----------------------------------------


def hooked():
    return hasattr(keras.Model.fit, "__kerasdoctor_hook__")


def test_an_uninstall_inside_a_block_leaves_nothing_installed_after_it():
    kd.install()
    with kd.installed():
        kd.uninstall()
    assert not kd.hooks.is_installed() and not hooked()


def test_a_block_after_install_gives_back_install_and_its_session():
    session = kd.install(on_fail="return")
    with kd.installed(on_fail="return") as block:
        regression().fit(X, Y, batch_size=4, epochs=1, verbose=0)
    assert kd.hooks.is_installed() and hooked()
    assert block.calls == 1 and session.calls == 0
    regression().fit(X, Y, batch_size=4, epochs=1, verbose=0)
    assert session.calls == 1


def test_blocks_that_overlap_in_threads_leave_nothing_installed():
    import threading

    entered, first_left, seen = threading.Barrier(2), threading.Event(), []

    def block(first):
        with kd.installed(on_fail="return"):
            entered.wait()
            if not first:
                first_left.wait()
                seen.append(kd.hooks.is_installed() and hooked())  # the other block's end left these hooks
        if first:
            first_left.set()

    threads = [threading.Thread(target=block, args=(first,)) for first in (True, False)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [True]
    assert not kd.hooks.is_installed() and not hooked()


def test_blocks_closed_out_of_order_leave_nothing_installed():
    first, second = kd.installed(), kd.installed()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert kd.hooks.is_installed() and hooked()
    second.__exit__(None, None, None)
    assert not kd.hooks.is_installed() and not hooked()


class Penalty:
    """A penalty object of the user's: the layer holds it, and it calls the layer's add_loss."""

    def apply(self, layer, x):
        layer.add_loss(keras.ops.mean(x))


class Penalised(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.penalty = Penalty()

    def call(self, x):
        self.penalty.apply(self, x)
        return x


def test_add_loss_called_by_an_object_the_layer_holds_counts():
    inputs = keras.Input((3,))
    model = keras.Model(inputs, Penalised()(keras.layers.Dense(3)(inputs)))
    model.compile(optimizer="sgd")
    assert kd.check(model, X).findings == []
    model.fit(X, epochs=1, batch_size=8, verbose=0)  # Keras agrees: there is a loss to minimise
