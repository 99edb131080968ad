"""Seeded fuzzing of kd.check (models x data x fit arguments) and of the fold audit (estimators x targets x
splitters): no exception escapes, no check crashes (KD900), no element is pulled from generator-backed
data, no side-effecting op runs, no random stream moves.

A few seconds by default; ``KD_FUZZ_SECONDS=600 pytest -m slow tests/test_fuzz.py`` fuzzes longer, and
``KD_FUZZ_SEED`` picks another seed. A failure names the seed and the case, to replay it.
"""

from __future__ import annotations

import os
import random
import time
import traceback
import warnings

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd

SEED = int(os.environ.get("KD_FUZZ_SEED", "17"))
LONG = float(os.environ.get("KD_FUZZ_SECONDS", "0"))
SHORT = 3.0  # seconds per fuzz test in the default run


def budgets():
    return [
        pytest.param(SHORT, id="short"),
        pytest.param(
            LONG,
            id="long",
            marks=[
                pytest.mark.slow,
                pytest.mark.skipif(not LONG, reason="set KD_FUZZ_SECONDS to fuzz for longer"),
            ],
        ),
    ]


class Probe:
    """What must not happen while checking: pulls from a generator, side-effecting ops, random draws."""

    def __init__(self, tmp_path):
        self.pulls = 0
        self.counter = tf.Variable(0.0)
        self.folder = tmp_path

    def pull(self) -> bool:
        self.pulls += 1
        return True

    def generator(self, features: int, classes: int, batch: int = 4):
        def batches():
            while self.pull():
                yield np.ones((batch, features), "float32"), np.zeros(batch, "int64") % classes

        return batches

    def untouched(self) -> list[str]:
        problems = []
        if self.pulls:
            problems.append(f"{self.pulls} element(s) pulled from a generator")
        if float(self.counter.numpy()):
            problems.append("a variable was written")
        if os.listdir(self.folder):
            problems.append(f"files written: {os.listdir(self.folder)}")
        return problems


# ---- kd.check: models, data, fit arguments ----------------------------------------------------


def make_models() -> list[tuple[str, keras.Model]]:
    def compiled(model, loss):
        model.compile(optimizer="sgd", loss=loss)
        return model

    def dense(units, activation):
        return keras.Sequential([keras.Input((3,)), keras.layers.Dense(units, activation=activation)])

    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    merged = keras.layers.Concatenate()([a, b])
    two_in = keras.Model({"a": a, "b": b}, keras.layers.Dense(2, activation="softmax")(merged))
    x = keras.Input((3,))
    two_out = keras.Model(x, {"cls": keras.layers.Dense(3, name="cls")(x), "reg": keras.layers.Dense(1, name="reg")(x)})

    class Sub(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(2)

        def call(self, inputs):
            return self.dense(inputs)

    text = keras.Input((1,), dtype="string")
    return [
        ("softmax-3/sparse", compiled(dense(3, "softmax"), "sparse_categorical_crossentropy")),
        ("softmax-3/categorical", compiled(dense(3, "softmax"), "categorical_crossentropy")),
        ("sigmoid-1/binary", compiled(dense(1, "sigmoid"), "binary_crossentropy")),
        ("linear-1/mse", compiled(dense(1, None), "mse")),
        ("logits-3/from_logits", compiled(dense(3, None), keras.losses.SparseCategoricalCrossentropy(True))),
        ("no loss", compiled(dense(2, None), None)),
        ("not compiled", dense(2, "softmax")),
        ("two inputs", compiled(two_in, "sparse_categorical_crossentropy")),
        ("two outputs", compiled(two_out, {"cls": "sparse_categorical_crossentropy", "reg": "mse"})),
        ("two outputs, one loss", compiled(two_out, ["mse"])),
        ("subclassed", compiled(Sub(), "mse")),
        ("unbuilt", compiled(keras.Sequential([keras.layers.Dense(2)]), "mse")),
        ("string input", compiled(keras.Model(text, keras.layers.StringLookup(vocabulary=["a"])(text)), None)),
    ]


class Batches(keras.utils.PyDataset):
    def __init__(self, x, y, length, fails=False):
        super().__init__()
        self.x, self.y, self.length, self.fails = x, y, length, fails
        self.rng = np.random.default_rng(0)

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        if self.fails:
            raise OSError("a batch file is missing")
        noise = self.rng.random(self.x[:4].shape).astype("float32") if self.x.dtype.kind == "f" else 0
        return (self.x[:4] + noise, self.y[:4]) if self.y is not None else self.x[:4]


def arrays(rng: random.Random, n: int):
    features = rng.choice([3, 2, 5])
    shape = rng.choice([(n, features), (n,), (n, features, 1), (n, 1, features)])
    x = np.random.default_rng(rng.randrange(99)).random(shape).astype(rng.choice(["float32", "float64", "int32"]))
    if rng.random() < 0.1 and n:
        x = x.astype("float32")
        x.flat[0] = np.nan
    if rng.random() < 0.1:
        x = x.astype(str)
    labels = rng.choice(
        [
            np.arange(n) % 3,
            np.arange(n) % 2,
            (np.arange(n) % 3) + 10**9,
            np.eye(3)[np.arange(n) % 3],
            np.random.default_rng(1).random(n),
            np.array(["a", "b"] * (n // 2) + ["a"] * (n % 2)),
            -(np.arange(n) % 3),
            np.zeros((n, 2)),
            None,
        ]
    )
    return x, labels


def dataset(rng: random.Random, probe: Probe, x, y):
    ds = tf.data.Dataset.from_tensor_slices((x, y) if y is not None else x)
    steps = rng.sample(["batch", "batch", "map", "shuffle", "repeat", "filter", "take", "unbatch", "window"], 3)
    transforms = {
        "batch": lambda d: d.batch(rng.choice([1, 4, 16]), drop_remainder=rng.random() < 0.2),
        "map": lambda d: d.map(lambda *t: t if len(t) > 1 else t[0]),
        "shuffle": lambda d: d.shuffle(rng.choice([8, 20_000]), seed=rng.choice([None, 3])),
        "repeat": lambda d: d.repeat(),
        "filter": lambda d: d.filter(lambda *t: tf.constant(rng.random() < 0.8)),  # keeps all, or none
        "take": lambda d: d.take(rng.choice([0, 5])),
        "unbatch": lambda d: d.unbatch(),
        "window": lambda d: d.window(2),
    }
    for step in steps:
        try:
            ds = transforms[step](ds)
        except (ValueError, TypeError):  # tf.data refuses it here (unbatch() of scalars): the user could not
            pass
    hazard = rng.choice([None, None, "write", "print", "counter", "generator"])
    if hazard == "write":
        folder = str(probe.folder)
        ds = ds.map(lambda *t: (tf.io.write_file(folder + "/x", "seen"), t)[1])
    elif hazard == "print":
        ds = ds.map(lambda *t: (tf.print("seen"), t)[1])
    elif hazard == "counter":
        ds = ds.map(lambda *t: (probe.counter.assign_add(1.0), t)[1])
    elif hazard == "generator":
        spec = (tf.TensorSpec((None, 3), tf.float32), tf.TensorSpec((None,), tf.int64))
        ds = tf.data.Dataset.from_generator(probe.generator(3, 3), output_signature=spec)
    return ds, f"dataset({', '.join(steps)}; {hazard})"


def fit_data(rng: random.Random, probe: Probe):
    """(x, y, a description) of one call's data."""
    n = rng.choice([0, 1, 7, 16, 40])
    x, y = arrays(rng, n)
    kind = rng.choice(["arrays", "arrays", "dict", "list", "dataset", "dataset", "pydataset", "generator", "odd"])
    if kind == "dict":
        return {rng.choice(["a", "p"]): x, "b": np.ones((n, 2), "float32")}, y, "dict of arrays"
    if kind == "list":
        return [x, np.ones((n, 2), "float32")], y, "list of arrays"
    if kind == "dataset" and y is not None and len(x) == len(y):
        ds, description = dataset(rng, probe, x, y)
        return ds, None, description
    if kind == "pydataset" and n:
        return Batches(x, y, rng.choice([0, 2, 5]), fails=rng.random() < 0.2), None, "PyDataset"
    if kind == "generator":
        return probe.generator(3, 3)(), None, "generator"
    if kind == "odd":
        return rng.choice([None, "x.csv", 3, object(), [[1, 2], [3]]]), y, "odd"
    return x, y, f"arrays {x.shape}"


def fit_arguments(rng: random.Random, probe: Probe) -> dict:
    arguments = {}
    if rng.random() < 0.3:
        arguments["batch_size"] = rng.choice([None, 1, 32])
    if rng.random() < 0.3:
        arguments["steps_per_epoch"] = rng.choice([None, 1, 3])
    if rng.random() < 0.3:
        arguments["epochs"] = rng.choice([1, 5])
    if rng.random() < 0.2:
        arguments["validation_split"] = rng.choice([0.0, 0.2])
    if rng.random() < 0.3:
        x, y, _ = fit_data(rng, probe)
        arguments["validation_data"] = rng.choice([(x, y), x, (x, y, None)])
    if rng.random() < 0.1:
        arguments["class_weight"] = rng.choice([{0: 1.0, 1: 2.0}, {"a": 1}])
    if rng.random() < 0.1:
        arguments["sample_weight"] = np.ones(rng.choice([7, 16, 40]))
    return arguments


def random_state():
    return np.random.get_state()[1].tobytes(), random.getstate()


def fuzz(seconds: float, case, label: str) -> int:
    rng, started, cases = random.Random(SEED), time.perf_counter(), 0
    while cases < 20 or time.perf_counter() - started < seconds:
        problems = case(rng)
        assert not problems, f"{label}, seed {SEED}, case {cases}: {problems}"
        cases += 1
    return cases


def escaped(call) -> tuple[object, list[str]]:
    """``call()``'s result, and the exception that escaped it (with where it was raised), if any."""
    try:
        return call(), []
    except Exception as error:
        where = traceback.extract_tb(error.__traceback__)[-1]
        return None, [f"raised {type(error).__name__}: {error} ({where.filename}:{where.lineno})"]


@pytest.mark.parametrize("seconds", budgets())
def test_fuzz_kd_check(tmp_path, seconds):
    models = make_models()

    def case(rng):
        probe = Probe(tmp_path)
        name, model = rng.choice(models)
        x, y, described = fit_data(rng, probe)
        arguments = fit_arguments(rng, probe)
        before = random_state()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report, problems = escaped(lambda: kd.check(model, x, y, **arguments))
        problems += probe.untouched()
        if random_state() != before:
            problems.append("a random stream moved")
        problems += [f.message for f in getattr(report, "findings", ()) if f.code == "KD900"]
        return [f"{name} / {described} / {sorted(arguments)}: {p}" for p in problems]

    assert fuzz(seconds, case, "kd.check") >= 20


# ---- the fold audit: estimators, targets, splitters ---------------------------------------------


class OnlyFit:
    def fit(self, X, y):
        return self


class SplitsOnce:
    def __init__(self, splits, probe):
        self._splits, self._probe = iter(splits), probe

    def __iter__(self):
        for split in self._splits:
            if self._probe.pull():
                yield split


def estimators():
    from scikeras.wrappers import KerasClassifier
    from sklearn.dummy import DummyClassifier, DummyRegressor
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return [
        LogisticRegression(),
        DummyClassifier(),
        DummyRegressor(),
        make_pipeline(StandardScaler(), LogisticRegression()),
        KerasClassifier(model=None),
        OnlyFit(),
    ]


def targets(rng: random.Random, n: int):
    return rng.choice(
        [
            np.arange(n) % 3,
            np.sort(np.arange(n) % 3),
            np.array([0] * (n - 1) + [1]) if n else np.arange(0),
            (np.arange(n) % 2) + 10**12,
            np.eye(3)[np.arange(n) % 3],
            np.array(["x", "y", "z"] * n, dtype=object)[:n],
            np.array(["x", None] * n, dtype=object)[:n],
            np.where(np.arange(n) % 5, 1.0, np.nan),
            np.random.default_rng(0).random(n),
            (np.arange(n) % 2).astype(bool),
            (np.arange(n) % 3).reshape(-1, 1),
            [[0, 1], [1]] * (n // 2),
            list(np.arange(n) % 2),
            None,
        ]
    )


def splitters(rng: random.Random, n: int, probe: Probe):
    from sklearn import model_selection as ms

    index = np.arange(n)
    return rng.choice(
        [
            None,
            rng.choice([2, 3, 5, 50]),
            ms.KFold(rng.choice([2, 5]), shuffle=rng.random() < 0.5),
            ms.KFold(3, shuffle=True, random_state=np.random.RandomState(0)),
            ms.StratifiedKFold(rng.choice([2, 5])),
            ms.RepeatedStratifiedKFold(n_splits=2, n_repeats=2),
            ms.GroupKFold(2),
            ms.LeaveOneOut(),
            ms.ShuffleSplit(3),
            ms.TimeSeriesSplit(2),
            [(index[: n // 2], index[n // 2 :])],
            [(index, index + n)],
            SplitsOnce([(index[: n // 2], index[n // 2 :])], probe),
            (split for split in [(index[:1], index[1:])] if probe.pull()),
            "five",
            object(),
        ]
    )


@pytest.mark.parametrize("seconds", budgets())
def test_fuzz_fold_audit(tmp_path, seconds):
    from sklearn.model_selection import GridSearchCV

    pool = estimators()

    def case(rng):
        probe = Probe(tmp_path)
        n = rng.choice([0, 1, 6, 30])
        X = rng.choice([np.zeros((n, 2)), [[0.0, 1.0]] * n, np.zeros(n)])
        y = targets(rng, n)
        groups = rng.choice([None, np.arange(n) % 3, np.arange(max(n - 1, 0))])
        estimator = rng.choice(pool)
        cv = splitters(rng, n, probe)
        before = random_state()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if rng.random() < 0.5 or not hasattr(estimator, "get_params"):
                report, problems = escaped(lambda: kd.check_cv(estimator, X, y, groups=groups, cv=cv))
            else:
                search = GridSearchCV(estimator, {}, cv=cv)
                report, problems = escaped(lambda: kd.check_search(search, X, y, groups=groups))
            problems += escaped(lambda: kd.audit_folds(estimator, X, y, groups=groups, cv=cv).summary())[1]
        problems += probe.untouched()
        if random_state() != before:
            problems.append("a random stream moved")
        problems += [f.message for f in getattr(report, "findings", ()) if f.code == "KD900"]
        described = f"{type(estimator).__name__} / y {type(y).__name__} / cv {cv!r:.60} / groups {groups is not None}"
        return [f"{described}: {p}" for p in problems]

    assert fuzz(seconds, case, "fold audit") >= 20
